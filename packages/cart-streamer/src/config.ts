import { isIP } from 'node:net';
import { type ConfigOf, booleanSetting, configFields, defineConfigFields, intSetting, loadConfig } from '@fakestore/shared-core';
import { z } from 'zod';
import { type GcsStorageOptions, gcsUriProblem, isGcsUri } from './io/gcs-storage.js';

/** A number, also from a string like `"0.5"`, within [min, max]. */
function numberSetting(min: number, max: number, { exclusiveMin = false } = {}) {
  return z.preprocess(
    (value) => (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value),
    z
      .number({ error: 'must be a number' })
      .refine((n) => (exclusiveMin ? n > min : n >= min), { error: exclusiveMin ? `must be more than ${min}` : `must be at least ${min}` })
      .refine((n) => n <= max, { error: `must be at most ${max}` }),
  );
}

/** Pub/Sub topic ids: 3-255 characters, a letter first, then letters, digits and `-_.~+%`. */
const topicSchema = z
  .string({ error: 'must be text' })
  .regex(/^[A-Za-z][A-Za-z0-9\-_.~+%]{2,254}$/, { error: 'must be a topic id: 3-255 letters, digits or -_.~+%, starting with a letter' })
  .refine((value) => !value.startsWith('goog'), { error: 'must not start with "goog"' });

/** `host:port`, as PUBSUB_EMULATOR_HOST is set for Google's clients (no scheme). */
const emulatorHostSchema = z
  .string({ error: 'must be text' })
  .trim()
  .regex(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, { error: 'must be host:port, e.g. 127.0.0.1:8085 (no http://)' });

/**
 * A local path, or a `gs://bucket/prefix...` location (bucket naming rules; with `object`, it must
 * name an object, not a bare bucket).
 */
function locationSchema(fallback: string, { object = false } = {}) {
  return z
    .string({ error: 'must be text' })
    .superRefine((value, ctx) => {
      const problem = value.trim() === '' ? 'must not be empty'
        : !isGcsUri(value) ? (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? 'must be a local path or gs://bucket/... (no other scheme)' : undefined)
        : gcsUriProblem(value) ?? (object && /^gs:\/\/[^/]+\/?$/.test(value) ? 'must name an object in the bucket, e.g. gs://bucket/state/carts_state.json' : undefined);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .default(fallback);
}

/** `http://host:port` or `host:port` of a Cloud Storage emulator (fake-gcs-server). */
const storageEmulatorSchema = z
  .string({ error: 'must be text' })
  .trim()
  .regex(/^(https?:\/\/)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}\/?$/, { error: 'must be http://host:port or host:port, e.g. http://127.0.0.1:4443' })
  .transform((value) => (/^https?:\/\//.test(value) ? value.replace(/\/$/, '') : `http://${value.replace(/\/$/, '')}`));

/** An address to listen on: an IP address, or a host name such as `localhost`. */
const listenHostSchema = z
  .string({ error: 'must be text' })
  .trim()
  .refine((value) => isIP(value) !== 0 || /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(value), {
    error: 'must be an IP address or a host name, e.g. 0.0.0.0 or 127.0.0.1',
  });

/** Flags (and their environment variables) shared by the streamer and `replay-dlq`. */
export const publishFields = defineConfigFields({
  localOnly: {
    flag: 'local-only',
    flagType: 'boolean',
    description: 'Local mode (the event log under --events-dir) even when a project id is set',
    schema: booleanSetting().default(false),
  },
  projectId: { ...configFields.projectId, description: 'Google Cloud project ID; setting it selects gcp mode (Pub/Sub)', valueHint: 'PROJECT' },
  topic: {
    flag: 'topic',
    env: 'PUBSUB_TOPIC',
    description: 'Pub/Sub topic of the cart events, gcp mode',
    valueHint: 'TOPIC',
    schema: topicSchema.default('carts-events'),
  },
  eventsDir: {
    ...configFields.eventsDir,
    description: 'Cart event log (local mode), dead letters and quarantine: a folder, or gs://bucket/prefix',
    valueHint: 'DIR',
    schema: locationSchema('./events'),
  },
  credentialsFile: { ...configFields.credentialsFile, valueHint: 'FILE' },
  pubsubEmulatorHost: {
    env: 'PUBSUB_EMULATOR_HOST',
    description: 'host:port of a Pub/Sub emulator for gcp mode (plaintext, no credentials)',
    hint: 'or unset it to publish to Google Cloud',
    schema: emulatorHostSchema.optional(),
  },
  storageEmulatorHost: {
    env: 'STORAGE_EMULATOR_HOST',
    description: 'A Cloud Storage emulator (fake-gcs-server) for gs:// locations, http://host:port (no credentials)',
    hint: 'or unset it to use Cloud Storage',
    schema: storageEmulatorSchema.optional(),
  },
  logLevel: configFields.logLevel,
  logFormat: configFields.logFormat,
  publishTimeoutMs: {
    flag: 'publish-timeout-ms',
    env: 'CART_PUBLISH_TIMEOUT_MS',
    description:
      'Longest wait for Pub/Sub to confirm a window of events; past it the unpublished events of the batch are dead-lettered. ' +
      'Also the grace a first SIGINT/SIGTERM gives the cycle in flight',
    valueHint: 'MS',
    hint: 'use a number of milliseconds such as 30000',
    schema: numberSetting(1, 3_600_000).default(30_000),
  },
});

export const streamerFields = defineConfigFields({
  apiUrl: { ...configFields.apiUrl, valueHint: 'URL' },
  once: { flag: 'once', flagType: 'boolean', description: 'Run one cycle and exit (0 ok, 1 failed or another streamer holds the state folder, 3 some events dead-lettered)', schema: booleanSetting().default(false) },
  pollInterval: {
    flag: 'poll-interval',
    env: 'CART_POLL_INTERVAL_SECONDS',
    description: 'Seconds from the start of one cycle to the start of the next',
    valueHint: 'SECONDS',
    hint: 'use a number of seconds such as 60 (fractions are fine)',
    schema: numberSetting(0, 86_400, { exclusiveMin: true }).default(60),
  },
  ...publishFields,
  stateFile: {
    ...configFields.stateFile,
    description: 'Cart streamer state file: a local path (one streamer per folder, by a lock file) or gs://bucket/prefix/file.json (one commit per generation)',
    valueHint: 'FILE',
    schema: locationSchema('./state/carts_state.json', { object: true }),
  },
  allowMassDelete: {
    flag: 'allow-mass-delete',
    flagType: 'boolean',
    description: 'Emit deletes even when more than --mass-delete-threshold of the carts vanished at once',
    schema: booleanSetting().default(false),
  },
  massDeleteThreshold: {
    flag: 'mass-delete-threshold',
    env: 'CART_MASS_DELETE_THRESHOLD',
    description: 'Share of known carts (0-1) that may vanish in one cycle before deletes are withheld',
    valueHint: 'SHARE',
    schema: numberSetting(0, 1).default(0.5),
  },
  resetState: {
    flag: 'reset-state',
    flagType: 'boolean',
    description: 'Start from an empty state; the old state file is kept as *.bak-{timestamp}',
    schema: booleanSetting().default(false),
  },
  httpPort: {
    flag: 'http-port',
    // Cloud Run (and most container platforms) set PORT to the port they route to and probe.
    env: 'PORT',
    description: 'Looping: serve GET /healthz and GET /metrics (Prometheus) on this port, 0 for any free one (logged)',
    valueHint: 'PORT',
    defaultHelp: 'off',
    hint: 'use a port number such as 8080, or 0 for any free port',
    schema: intSetting(0, 65_535).optional(),
  },
  httpHost: {
    flag: 'http-host',
    env: 'CART_HTTP_HOST',
    description: 'Address the /healthz and /metrics server listens on: 0.0.0.0 every interface (a container needs it), 127.0.0.1 this machine only',
    valueHint: 'ADDRESS',
    schema: listenHostSchema.default('0.0.0.0'),
  },
  maxConsecutiveFailures: {
    flag: 'max-consecutive-failures',
    env: 'CART_MAX_CONSECUTIVE_FAILURES',
    description: 'Looping: exit 1 after this many failed cycles in a row, so that a supervisor restarts the streamer and alerts (0: never)',
    valueHint: 'N',
    hint: 'use a whole number such as 5, or 0 to keep polling whatever happens',
    schema: intSetting(0, 1_000_000).default(5),
  },
  httpTimeoutMs: { ...configFields.httpTimeoutMs, valueHint: 'MS' },
  httpDeadlineMs: {
    ...configFields.httpDeadlineMs,
    // The fetch is diffed as it streams in, so the whole call includes that work: ten million
    // carts on a busy machine take longer than the client's default 10 minutes.
    description: 'Longest time the fetch of /carts may take, retries and the diff of the streamed records included, in milliseconds',
    valueHint: 'MS',
    schema: intSetting(1, 86_400_000).default(3_600_000),
  },
});

export type PublishConfig = ConfigOf<typeof publishFields>;
export type StreamerConfig = ConfigOf<typeof streamerFields>;

/** The key file and credentials of gcp mode are checked after the config, before anything runs (sinks/access.ts). */
export function loadPublishConfig(flags: Record<string, unknown>): PublishConfig {
  return loadConfig(publishFields, { flags });
}

export function loadStreamerConfig(flags: Record<string, unknown>): StreamerConfig {
  return loadConfig(streamerFields, { flags });
}

/**
 * The Cloud Storage client settings of the gs:// locations: the emulator at STORAGE_EMULATOR_HOST
 * (no credentials), else the key file when one is set, else Application Default Credentials.
 * The key file only matters when a location is on gs://.
 */
export function gcsOptionsOf(config: Pick<PublishConfig, 'eventsDir' | 'credentialsFile' | 'storageEmulatorHost'> & { stateFile?: string }): GcsStorageOptions {
  const onGcs = isGcsUri(config.eventsDir) || (config.stateFile !== undefined && isGcsUri(config.stateFile));
  if (config.storageEmulatorHost) return { apiEndpoint: config.storageEmulatorHost };
  return onGcs && config.credentialsFile ? { keyFilename: config.credentialsFile } : {};
}

export type Mode =
  | { kind: 'local'; eventsDir: string }
  | { kind: 'gcp'; projectId: string; topic: string; emulatorHost?: string; credentialsFile?: string };

/**
 * local unless a project id is set (flag, GCP_PROJECT_ID, or .env) and --local-only is not;
 * PUBSUB_EMULATOR_HOST (environment or .env) points gcp mode at an emulator.
 */
export function resolveMode(config: PublishConfig): Mode {
  if (config.localOnly || !config.projectId) return { kind: 'local', eventsDir: config.eventsDir };
  const emulatorHost = config.pubsubEmulatorHost;
  return {
    kind: 'gcp',
    projectId: config.projectId,
    topic: config.topic,
    ...(emulatorHost ? { emulatorHost } : {}),
    ...(config.credentialsFile && !emulatorHost ? { credentialsFile: config.credentialsFile } : {}),
  };
}

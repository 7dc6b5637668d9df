import {
  type ConfigIssue,
  type ConfigOf,
  apiUrlSchema,
  booleanSetting,
  configFields,
  defineConfigFields,
  intSetting,
  resolveConfig,
} from '@fakestore/shared-core';
import { z } from 'zod';
import { ENTITY_NAMES, isEntityName } from './core/entities.js';
import { resolveMode } from './core/mode.js';
import type { EntityName, GcpSettings, IngestConfig } from './types.js';

// ----- value schemas -----

const entitiesSchema = z
  .preprocess(
    (value) => (typeof value === 'string' ? value.split(',').map((name) => name.trim()).filter((name) => name !== '') : value),
    z.array(z.string(), { error: 'must be a comma-separated list' }).superRefine((names, ctx) => {
      const unknown = names.filter((name) => !isEntityName(name));
      if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: `unknown entit${unknown.length > 1 ? 'ies' : 'y'} ${unknown.map((n) => `"${n}"`).join(', ')}` });
      else if (names.length === 0) ctx.addIssue({ code: 'custom', message: 'must name at least one entity' });
    }),
  )
  .transform((names) => [...new Set(names)] as EntityName[]);

/** An emulator endpoint: a URL, or `host:port` as the *_EMULATOR_HOST variables are often set. */
const endpointSchema = z
  .string({ error: 'must be text' })
  .transform((value) => (/^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim()) ? value.trim() : `http://${value.trim()}`))
  .pipe(apiUrlSchema);

// ----- fields -----

export const baseFields = defineConfigFields({
  localOnly: {
    flag: 'local-only',
    flagType: 'boolean',
    description: 'Write the local lake only: no Google Cloud client, no credentials looked for',
    schema: booleanSetting().default(false),
  },
  apiUrl: { ...configFields.apiUrl, valueHint: 'URL' },
  entities: {
    flag: 'entities',
    description: 'Entities to extract, comma-separated',
    valueHint: 'LIST',
    hint: `use ${ENTITY_NAMES.join(', ')} or both, e.g. --entities products,users`,
    schema: entitiesSchema.default([...ENTITY_NAMES]),
  },
  dataDir: { ...configFields.dataDir, valueHint: 'DIR', description: 'Local lake directory' },
  logLevel: configFields.logLevel,
  logFormat: configFields.logFormat,
  httpTimeoutMs: { ...configFields.httpTimeoutMs, valueHint: 'MS' },
  httpDeadlineMs: { ...configFields.httpDeadlineMs, valueHint: 'MS' },
});

export const gcpFields = defineConfigFields({
  projectId: { ...configFields.projectId, valueHint: 'ID' },
  bucketName: { ...configFields.bucketName, valueHint: 'NAME' },
  datasetId: { ...configFields.datasetId, valueHint: 'ID' },
  region: {
    ...configFields.region,
    valueHint: 'REGION',
    description: 'Location of load jobs if the dataset reports none (jobs run where the dataset is)',
  },
  credentialsFile: { ...configFields.credentialsFile, valueHint: 'FILE' },
  gcsEndpoint: {
    flag: 'gcs-endpoint',
    env: 'STORAGE_EMULATOR_HOST',
    description: 'Cloud Storage endpoint of an emulator (unauthenticated)',
    valueHint: 'URL',
    hint: 'use a URL such as http://127.0.0.1:4443',
    schema: endpointSchema.optional(),
  },
  bigqueryEndpoint: {
    flag: 'bigquery-endpoint',
    env: 'BIGQUERY_EMULATOR_HOST',
    description: 'BigQuery endpoint of an emulator (unauthenticated)',
    valueHint: 'URL',
    hint: 'use a URL such as http://127.0.0.1:9050',
    schema: endpointSchema.optional(),
  },
  gcpTimeoutMs: {
    flag: 'gcp-timeout-ms',
    env: 'GCP_TIMEOUT_MS',
    description: 'Bound of one Cloud Storage or BigQuery call, retries included',
    valueHint: 'MS',
    schema: intSetting(100, 600_000).default(30_000),
  },
  loadTimeoutMs: {
    flag: 'load-timeout-ms',
    env: 'BQ_LOAD_TIMEOUT_MS',
    description: 'How long to wait for a BigQuery load job before leaving it pending',
    valueHint: 'MS',
    schema: intSetting(1000, 3_600_000).default(300_000),
  },
});

export const ingestFields = { ...baseFields, ...gcpFields };

/** Only what decides the mode, read leniently: a bad project id is reported later, in gcp mode. */
const modeFields = defineConfigFields({
  localOnly: baseFields.localOnly,
  projectId: { ...gcpFields.projectId, schema: z.unknown() },
  bucketName: { ...gcpFields.bucketName, schema: z.unknown() },
});

export interface ConfigSources {
  /** Parsed flags by flag name; undefined means not given. */
  flags: Record<string, unknown>;
  env: Record<string, string | undefined>;
  dotenv: Record<string, string>;
  dotenvLabel?: string;
}

/**
 * Resolves the config in two steps: first the mode (see `resolveMode`), then the settings that
 * mode uses. A local run never validates, nor even reads, the Google Cloud settings.
 * Throws `UsageError` listing every problem.
 */
export function resolveIngestConfig(sources: ConfigSources): IngestConfig {
  const probe = resolveConfig(modeFields, sources);
  const { mode, reason } = resolveMode({ localOnly: probe.localOnly, projectId: text(probe.projectId), bucketName: text(probe.bucketName) });
  if (mode === 'local') {
    const base = resolveConfig(baseFields, sources);
    return { ...common(base), mode, modeReason: reason };
  }
  const config = resolveConfig(ingestFields, { ...sources, check: (c) => gcpIssues(c, reason, true) });
  return {
    ...common(config),
    mode,
    modeReason: reason,
    gcp: gcpSettings(config),
  };
}

export const pushFields = { dataDir: baseFields.dataDir, logLevel: baseFields.logLevel, logFormat: baseFields.logFormat, ...gcpFields };

export interface PushConfig {
  dataDir: string;
  logLevel: IngestConfig['logLevel'];
  logFormat: IngestConfig['logFormat'];
  gcp: GcpSettings;
}

/** `push-pending` always talks to GCP: project id and bucket are required. */
export function resolvePushConfig(sources: ConfigSources): PushConfig {
  const config = resolveConfig(pushFields, { ...sources, check: (c) => gcpIssues(c, 'push-pending pushes to GCP', false) });
  return { dataDir: config.dataDir, logLevel: config.logLevel, logFormat: config.logFormat, gcp: gcpSettings(config) };
}

function gcpSettings(config: ConfigOf<typeof gcpFields>): GcpSettings {
  return {
    projectId: config.projectId!,
    bucketName: config.bucketName!,
    datasetId: config.datasetId,
    region: config.region,
    ...(config.credentialsFile && { credentialsFile: config.credentialsFile }),
    ...(config.gcsEndpoint && { gcsEndpoint: config.gcsEndpoint }),
    ...(config.bigqueryEndpoint && { bigqueryEndpoint: config.bigqueryEndpoint }),
    timeoutMs: config.gcpTimeoutMs,
    loadTimeoutMs: config.loadTimeoutMs,
  };
}

function common(config: ConfigOf<typeof baseFields>): Omit<IngestConfig, 'mode' | 'modeReason' | 'gcp'> {
  return {
    apiUrl: config.apiUrl,
    entities: config.entities,
    dataDir: config.dataDir,
    logLevel: config.logLevel,
    logFormat: config.logFormat,
    httpTimeoutMs: config.httpTimeoutMs,
    httpDeadlineMs: config.httpDeadlineMs,
  };
}

/** What gcp mode lacks. The key file is checked with the credentials, before the run (io/sinks.ts). */
function gcpIssues(config: ConfigOf<typeof gcpFields>, reason: string, localAlternative: boolean): ConfigIssue<typeof gcpFields>[] {
  const issues: ConfigIssue<typeof gcpFields>[] = [];
  const message = `is required in gcp mode (${reason})`;
  const orLocal = localAlternative ? ', or pass --local-only to write the local lake only' : '';
  if (!config.projectId) issues.push({ field: 'projectId', message, hint: `pass --project-id or set GCP_PROJECT_ID${orLocal}` });
  if (!config.bucketName) issues.push({ field: 'bucketName', message, hint: `pass --bucket-name or set GCS_BUCKET_NAME${orLocal}` });
  return issues;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

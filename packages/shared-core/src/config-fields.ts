import { z } from 'zod';
import { defineConfigFields } from './config.js';
import type { LogFormat } from './types.js';

/** Settings every tool may share. Each CLI composes the ones it needs with `defineConfigFields`. */

// ----- value helpers: env and `.env` give strings, flags may give numbers or booleans -----

/** A whole number, also from a string like `"10000"`. */
export function intSetting(min: number, max: number) {
  return z.preprocess(
    (value) => (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value),
    z
      .number({ error: 'must be a whole number' })
      .int({ error: 'must be a whole number' })
      .min(min, { error: `must be at least ${min}` })
      .max(max, { error: `must be at most ${max}` }),
  );
}

const truthy = new Set(['true', '1', 'yes', 'on']);
const falsy = new Set(['false', '0', 'no', 'off']);

/** A boolean, also from `true/false`, `1/0`, `yes/no`, `on/off`. */
export function booleanSetting() {
  return z.preprocess((value) => {
    if (typeof value !== 'string') return value;
    const text = value.trim().toLowerCase();
    return truthy.has(text) ? true : falsy.has(text) ? false : value;
  }, z.boolean({ error: 'must be true or false' }));
}

/** A string schema whose rule returns what is wrong, or `undefined`. */
function ruled(rule: (value: string) => string | undefined) {
  return z.string({ error: 'must be text' }).superRefine((value, ctx) => {
    const problem = rule(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

// ----- rules -----

export function httpUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be a URL';
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? undefined : 'must be an http or https URL';
}

/** GCP project IDs: 6-30 characters, lowercase letters, digits and hyphens, a letter first, no hyphen last. */
export function gcpProjectIdProblem(value: string): string | undefined {
  if (value.length < 6 || value.length > 30) return `must be 6-30 characters long, not ${value.length}`;
  if (!/^[a-z]/.test(value)) return 'must start with a lowercase letter';
  if (/[^a-z0-9-]/.test(value)) return 'may contain only lowercase letters, digits and hyphens';
  if (value.endsWith('-')) return 'must not end with a hyphen';
  return undefined;
}

export function gcpRegionProblem(value: string): string | undefined {
  return /^[a-z]+(-[a-z]+)+\d+$/.test(value) ? undefined : 'must be a region name like us-central1 or europe-west1';
}

/** BigQuery dataset IDs: letters, digits and underscores, at most 1024. */
export function bigQueryDatasetProblem(value: string): string | undefined {
  if (value.length === 0 || value.length > 1024) return 'must be 1-1024 characters long';
  return /^[A-Za-z0-9_]+$/.test(value) ? undefined : 'may contain only letters, digits and underscores';
}

/** Cloud Storage bucket names (https://cloud.google.com/storage/docs/buckets#naming). */
export function gcsBucketNameProblem(value: string): string | undefined {
  if (value.startsWith('gs://')) return 'must be the bare bucket name, without gs://';
  if (/[^a-z0-9._-]/.test(value)) return 'may contain only lowercase letters, digits, hyphens, underscores and dots';
  if (value.length < 3) return 'must be at least 3 characters long';
  if (value.includes('.') ? value.length > 222 : value.length > 63) return 'is too long (63 characters, or 222 with dots)';
  if (!/^[a-z0-9]/.test(value) || !/[a-z0-9]$/.test(value)) return 'must start and end with a letter or digit';
  const parts = value.split('.');
  if (parts.some((part) => part.length === 0 || part.length > 63)) return 'each dot-separated part must be 1-63 characters';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(value)) return 'must not be an IP address';
  if (value.startsWith('goog') || /g[o0]{2}gle/.test(value)) return 'must not start with "goog" or contain "google"';
  return undefined;
}

// ----- warehouse names -----

/**
 * The dataset (BigQuery) or schema (DuckDB) of each warehouse layer, the spec's names. One setting
 * each: BQ_DATASET, BQ_SILVER_DATASET, BQ_GOLD_DATASET, read alike by batch-ingest, gcp-bootstrap,
 * dbt (dbt_project.yml vars) and Terraform (infra/variables.tf `dataset_ids`); a test holds them equal.
 */
export const DEFAULT_DATASETS = { bronze: 'bronze_data', silver: 'silver_data', gold: 'gold_data' } as const;

// ----- schemas -----

export const apiUrlSchema = ruled(httpUrlProblem).transform((url) => url.replace(/\/+$/, ''));
export const gcpProjectIdSchema = ruled(gcpProjectIdProblem);
export const gcpRegionSchema = ruled(gcpRegionProblem);
export const bigQueryDatasetSchema = ruled(bigQueryDatasetProblem);
export const gcsBucketNameSchema = ruled(gcsBucketNameProblem);
export const pathSchema = ruled((value) => (value.trim() === '' ? 'must not be empty' : undefined));
export const credentialsPathSchema = ruled((value) =>
  value.trim().startsWith('{') ? 'must be the path of a key file, not its JSON content' : value.trim() === '' ? 'must not be empty' : undefined,
);

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];
export const logLevelSchema = z.preprocess(
  (value) => (typeof value === 'string' ? value.trim().toLowerCase() : value),
  z.enum(logLevels, { error: `must be one of ${logLevels.join(', ')}` }),
);

/** `auto`: pretty on a TTY, JSON otherwise. */
export const logFormats = ['auto', 'json', 'pretty'] as const satisfies readonly LogFormat[];
export const logFormatSchema = z.preprocess(
  (value) => (typeof value === 'string' ? value.trim().toLowerCase() : value),
  z.enum(logFormats, { error: `must be one of ${logFormats.join(', ')}` }),
);

// ----- fields -----

/** The setting of one layer's dataset; its default is the layer's name in {@link DEFAULT_DATASETS}. */
function datasetField(layer: keyof typeof DEFAULT_DATASETS, flag: string, env: string, description: string) {
  const name = DEFAULT_DATASETS[layer];
  return {
    flag,
    env,
    description,
    hint: `use letters, digits and underscores, e.g. ${name}`,
    schema: bigQueryDatasetSchema.default(name),
  };
}

export const configFields = defineConfigFields({
  apiUrl: {
    flag: 'api-url',
    env: 'FAKESTORE_API_URL',
    description: 'Base URL of the Fake Store API (or of fakestore-sim)',
    hint: 'use a full URL such as https://fakestoreapi.com or http://127.0.0.1:3000',
    schema: apiUrlSchema.default('https://fakestoreapi.com'),
  },
  projectId: {
    flag: 'project-id',
    env: 'GCP_PROJECT_ID',
    description: 'Google Cloud project ID',
    hint: 'use the project ID (not its name or number) from "gcloud projects list", e.g. my-project-123',
    schema: gcpProjectIdSchema.optional(),
  },
  region: {
    flag: 'region',
    env: 'GCP_REGION',
    description: 'Google Cloud region',
    hint: 'see "gcloud compute regions list"',
    schema: gcpRegionSchema.default('us-central1'),
  },
  datasetId: datasetField('bronze', 'dataset-id', 'BQ_DATASET', 'BigQuery dataset of the bronze tables'),
  silverDatasetId: datasetField('silver', 'silver-dataset-id', 'BQ_SILVER_DATASET', 'BigQuery dataset dbt builds silver in'),
  goldDatasetId: datasetField('gold', 'gold-dataset-id', 'BQ_GOLD_DATASET', 'BigQuery dataset dbt builds gold in'),
  bucketName: {
    flag: 'bucket-name',
    env: 'GCS_BUCKET_NAME',
    description: 'Cloud Storage bucket of the lake',
    hint: 'use 3-63 lowercase letters, digits, hyphens or underscores, e.g. my-project-fakestore-lake',
    schema: gcsBucketNameSchema.optional(),
  },
  credentialsFile: {
    flag: 'credentials',
    env: 'GOOGLE_APPLICATION_CREDENTIALS',
    description: 'Service-account key file',
    defaultHelp: 'Application Default Credentials',
    hint: 'point it at the key file, e.g. ./credentials/sa.json, or unset it to use gcloud credentials',
    schema: credentialsPathSchema.optional(),
  },
  dataDir: {
    flag: 'data-dir',
    env: 'PIPELINE_DATA_DIR',
    description: 'Local lake and warehouse directory',
    schema: pathSchema.default('./data'),
  },
  eventsDir: {
    flag: 'events-dir',
    env: 'PIPELINE_EVENTS_DIR',
    description: 'Local cart event log and dead letters',
    schema: pathSchema.default('./events'),
  },
  stateFile: {
    flag: 'state-file',
    env: 'PIPELINE_STATE_FILE',
    description: 'Cart streamer state file',
    schema: pathSchema.default('./state/carts_state.json'),
  },
  logLevel: {
    flag: 'log-level',
    env: 'LOG_LEVEL',
    description: 'Log level',
    valueHint: 'LEVEL',
    choices: logLevels,
    schema: logLevelSchema.default('info'),
  },
  logFormat: {
    flag: 'log-format',
    env: 'LOG_FORMAT',
    description: 'Log lines as JSON or short pretty lines; auto is pretty on a terminal, JSON otherwise',
    valueHint: 'FORMAT',
    choices: logFormats,
    schema: logFormatSchema.default('auto'),
  },
  // This once bounded a whole HTTP attempt, so a large download timed out while bytes still flowed;
  // it is now the connect/idle timeout, and httpDeadlineMs bounds the whole call.
  httpTimeoutMs: {
    flag: 'http-timeout-ms',
    env: 'HTTP_TIMEOUT_MS',
    description: 'HTTP connect/idle timeout: longest wait for a connection, a response or the next bytes of one, in milliseconds',
    hint: 'use a number of milliseconds such as 10000',
    schema: intSetting(1, 600_000).default(10_000),
  },
  httpDeadlineMs: {
    flag: 'http-deadline-ms',
    env: 'HTTP_DEADLINE_MS',
    description: 'Longest time one HTTP call may take, every retry and wait included, in milliseconds',
    hint: 'use a number of milliseconds such as 600000 (10 minutes)',
    schema: intSetting(1, 86_400_000).default(600_000),
  },
});

/** The logging settings of every tool that logs, to spread into its fields: `{ ...loggingFields }`. */
export const loggingFields = defineConfigFields({ logLevel: configFields.logLevel, logFormat: configFields.logFormat });

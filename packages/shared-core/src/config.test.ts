import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineConfigFields, resolveConfig } from './config.js';
import { configFields, intSetting } from './config-fields.js';
import { UsageError } from './errors.js';

const fields = defineConfigFields({
  apiUrl: configFields.apiUrl,
  projectId: configFields.projectId,
  bucketName: configFields.bucketName,
  httpTimeoutMs: configFields.httpTimeoutMs,
});

function usageError(run: () => unknown): UsageError {
  try {
    run();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('precedence: flags > env > .env > default', () => {
  const combos = [
    { flag: true, env: true, dotenv: true, wins: 'flag' },
    { flag: true, env: true, dotenv: false, wins: 'flag' },
    { flag: true, env: false, dotenv: true, wins: 'flag' },
    { flag: true, env: false, dotenv: false, wins: 'flag' },
    { flag: false, env: true, dotenv: true, wins: 'env' },
    { flag: false, env: true, dotenv: false, wins: 'env' },
    { flag: false, env: false, dotenv: true, wins: 'dotenv' },
    { flag: false, env: false, dotenv: false, wins: 'default' },
  ] as const;
  const urls = { flag: 'http://flag.test', env: 'http://env.test', dotenv: 'http://dotenv.test', default: 'https://fakestoreapi.com' };

  it.each(combos)('given flag=$flag env=$env .env=$dotenv, the $wins value wins', ({ flag, env, dotenv, wins }) => {
    const config = resolveConfig(fields, {
      flags: flag ? { 'api-url': urls.flag } : {},
      env: env ? { FAKESTORE_API_URL: urls.env } : {},
      dotenv: dotenv ? { FAKESTORE_API_URL: urls.dotenv } : {},
    });
    expect(config.apiUrl).toBe(urls[wins]);
  });

  it('treats an empty env or .env value as unset, so the next source or the default applies', () => {
    expect(resolveConfig(fields, { env: { FAKESTORE_API_URL: '' }, dotenv: { FAKESTORE_API_URL: 'http://d.test' } }).apiUrl).toBe('http://d.test');
    expect(resolveConfig(fields, { env: { FAKESTORE_API_URL: '' }, dotenv: { FAKESTORE_API_URL: '' } }).apiUrl).toBe('https://fakestoreapi.com');
  });

  it('finds a flag by its flag name or by its field key, and ignores undefined flags', () => {
    expect(resolveConfig(fields, { flags: { apiUrl: 'http://key.test' } }).apiUrl).toBe('http://key.test');
    expect(resolveConfig(fields, { flags: { 'api-url': undefined }, env: { FAKESTORE_API_URL: 'http://env.test' } }).apiUrl).toBe('http://env.test');
  });
});

describe('defaults and conversion', () => {
  it('fills every default when nothing is given', () => {
    expect(resolveConfig(configFields)).toEqual({
      apiUrl: 'https://fakestoreapi.com',
      projectId: undefined,
      region: 'us-central1',
      datasetId: 'bronze_data',
      silverDatasetId: 'silver_data',
      goldDatasetId: 'gold_data',
      bucketName: undefined,
      credentialsFile: undefined,
      dataDir: './data',
      eventsDir: './events',
      stateFile: './state/carts_state.json',
      logLevel: 'info',
      logFormat: 'auto',
      httpTimeoutMs: 10_000,
      httpDeadlineMs: 600_000,
    });
  });

  it('turns env strings into numbers and drops a trailing slash from the API URL', () => {
    const config = resolveConfig(fields, { env: { HTTP_TIMEOUT_MS: '2500', FAKESTORE_API_URL: 'http://127.0.0.1:3000/' } });
    expect(config).toMatchObject({ httpTimeoutMs: 2500, apiUrl: 'http://127.0.0.1:3000' });
  });

  it('accepts a number straight from a flag', () => {
    expect(resolveConfig(fields, { flags: { 'http-timeout-ms': 750 } }).httpTimeoutMs).toBe(750);
  });
});

describe('errors', () => {
  it('reports every bad field at once, each with flag, env, problem, value, source and fix', () => {
    const error = usageError(() =>
      resolveConfig(fields, {
        flags: { 'api-url': 'ftp://example.com' },
        env: { GCP_PROJECT_ID: 'My_Project' },
        dotenv: { GCS_BUCKET_NAME: 'gs://lake', HTTP_TIMEOUT_MS: 'soon' },
      }),
    );
    expect(error.issues).toEqual([
      '--api-url / FAKESTORE_API_URL: must be an http or https URL (got "ftp://example.com" from --api-url); use a full URL such as https://fakestoreapi.com or http://127.0.0.1:3000',
      '--project-id / GCP_PROJECT_ID: must start with a lowercase letter (got "My_Project" from the environment); use the project ID (not its name or number) from "gcloud projects list", e.g. my-project-123',
      '--bucket-name / GCS_BUCKET_NAME: must be the bare bucket name, without gs:// (got "gs://lake" from .env); use 3-63 lowercase letters, digits, hyphens or underscores, e.g. my-project-fakestore-lake',
      '--http-timeout-ms / HTTP_TIMEOUT_MS: must be a whole number (got "soon" from .env); use a number of milliseconds such as 10000',
    ]);
    expect(error.message).toMatch(/^Invalid configuration \(4 problems\):\n {2}--api-url/);
  });

  it('says how to set a required field that is missing', () => {
    const required = defineConfigFields({ projectId: { ...configFields.projectId, schema: z.string() } });
    expect(usageError(() => resolveConfig(required)).issues).toEqual([
      '--project-id / GCP_PROJECT_ID: is required but not set; pass --project-id or set GCP_PROJECT_ID',
    ]);
  });

  it('never echoes the value of a secret field, nor a value that looks like a key file', () => {
    const secretFields = defineConfigFields({
      token: { flag: 'token', env: 'API_TOKEN', schema: z.string().min(40) },
      password: { env: 'DB_PASSWORD', schema: z.string().min(40) },
      marked: { env: 'SOMETHING', secret: true, schema: z.string().min(40) },
      credentialsFile: configFields.credentialsFile,
    });
    const keyJson = '{"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----\\nMIIE"}';
    const error = usageError(() =>
      resolveConfig(secretFields, {
        env: { API_TOKEN: 'tok-123', DB_PASSWORD: 'pw-456', SOMETHING: 'shh-789', GOOGLE_APPLICATION_CREDENTIALS: keyJson },
      }),
    );
    expect(error.issues).toHaveLength(4);
    for (const leaked of ['tok-123', 'pw-456', 'shh-789', 'BEGIN PRIVATE KEY', 'service_account']) expect(error.message).not.toContain(leaked);
    expect(error.message).toContain('API_TOKEN:');
    expect(error.message).toContain('(got a hidden value from the environment)');
    expect(error.message).toContain('GOOGLE_APPLICATION_CREDENTIALS: must be the path of a key file, not its JSON content');
  });

  it('given a rejected URL that carries a password, then the message hides the value', () => {
    const error = usageError(() => resolveConfig(fields, { flags: { 'api-url': 'ftp://alice:s3cret-pw@files.test/' } }));
    expect(error.message).toContain('--api-url / FAKESTORE_API_URL: must be an http or https URL (got a hidden value from --api-url)');
    expect(error.message).not.toMatch(/s3cret-pw/);
  });

  it('runs cross-field checks once the fields are valid, reported like field errors', () => {
    const gcp = defineConfigFields({
      localOnly: { flag: 'local-only', schema: z.boolean().default(false) },
      projectId: configFields.projectId,
    });
    const check = (config: { localOnly: boolean; projectId: string | undefined }) =>
      config.localOnly || config.projectId ? [] : [{ field: 'projectId' as const, message: 'is required unless --local-only is set' }];
    expect(resolveConfig(gcp, { flags: { 'local-only': true }, check })).toEqual({ localOnly: true, projectId: undefined });
    expect(usageError(() => resolveConfig(gcp, { check })).issues).toEqual([
      '--project-id / GCP_PROJECT_ID: is required unless --local-only is set; use the project ID (not its name or number) from "gcloud projects list", e.g. my-project-123',
    ]);
  });

  it('shortens a very long value', () => {
    const error = usageError(() => resolveConfig({ n: { env: 'N', schema: intSetting(1, 10) } }, { env: { N: 'x'.repeat(200) } }));
    expect(error.issues[0]).toMatch(/\(got "x{77}\.\.\." from the environment\)$/);
  });
});

import { UsageError } from '@fakestore/shared-core';
import { describe, expect, it } from 'vitest';
import { resolveIngestConfig, resolvePushConfig } from './config.js';

const sources = (flags: Record<string, unknown> = {}, env: Record<string, string> = {}, dotenv: Record<string, string> = {}) => ({
  flags,
  env,
  dotenv,
});

function usageIssues(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof UsageError) return error.issues;
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('resolveIngestConfig', () => {
  it('given nothing, then a local run of both entities with the documented defaults', () => {
    expect(resolveIngestConfig(sources())).toEqual({
      mode: 'local',
      modeReason: 'no GCP project or bucket configured',
      apiUrl: 'https://fakestoreapi.com',
      entities: ['products', 'users'],
      dataDir: './data',
      logLevel: 'info',
      logFormat: 'auto',
      httpTimeoutMs: 10_000,
      httpDeadlineMs: 600_000,
    });
  });

  it('reads flags over env over .env', () => {
    const config = resolveIngestConfig(
      sources({ 'api-url': 'http://127.0.0.1:3999/' }, { PIPELINE_DATA_DIR: '/lake', FAKESTORE_API_URL: 'http://env' }, { PIPELINE_DATA_DIR: '/dotenv' }),
    );
    expect(config).toMatchObject({ apiUrl: 'http://127.0.0.1:3999', dataDir: '/lake' });
  });

  it('parses --entities as a comma list, trimmed and without repeats', () => {
    expect(resolveIngestConfig(sources({ entities: ' users, products,users ' })).entities).toEqual(['users', 'products']);
  });

  it('given project and bucket from .env, then gcp mode with every GCP setting', () => {
    const config = resolveIngestConfig(
      sources({ 'gcs-endpoint': '127.0.0.1:4443' }, { GOOGLE_APPLICATION_CREDENTIALS: './credentials/sa.json' }, { GCP_PROJECT_ID: 'my-project', GCS_BUCKET_NAME: 'my-lake' }),
    );
    expect(config.mode).toBe('gcp');
    expect(config.gcp).toEqual({
      projectId: 'my-project',
      bucketName: 'my-lake',
      datasetId: 'bronze_data',
      region: 'us-central1',
      credentialsFile: './credentials/sa.json',
      gcsEndpoint: 'http://127.0.0.1:4443',
      timeoutMs: 30_000,
      loadTimeoutMs: 300_000,
    });
  });

  it('given a project but no bucket, then a usage error naming the bucket flag and variable', () => {
    expect(usageIssues(() => resolveIngestConfig(sources({}, { GCP_PROJECT_ID: 'my-project' })))).toEqual([
      '--bucket-name / GCS_BUCKET_NAME: is required in gcp mode (a GCP project is configured); pass --bucket-name or set GCS_BUCKET_NAME, or pass --local-only to write the local lake only',
    ]);
  });

  it('given a bucket but no project, then the project is required', () => {
    expect(usageIssues(() => resolveIngestConfig(sources({ 'bucket-name': 'my-lake' })))[0]).toMatch(/^--project-id \/ GCP_PROJECT_ID: is required in gcp mode/);
  });

  it('given a key file in gcp mode, then the config takes it as given: the file is checked with the credentials, before the run', () => {
    const config = resolveIngestConfig(sources({ 'project-id': 'my-project', 'bucket-name': 'my-lake' }, { GOOGLE_APPLICATION_CREDENTIALS: '/nope.json' }));
    expect(config.gcp?.credentialsFile).toBe('/nope.json');
  });

  it('given --local-only, then the GCP settings are not even read: bogus ones do not matter', () => {
    const env = { GCP_PROJECT_ID: 'Not_A_Project', GCS_BUCKET_NAME: 'gs://x', GOOGLE_APPLICATION_CREDENTIALS: '/nope.json', GCP_TIMEOUT_MS: 'soon' };
    const config = resolveIngestConfig(sources({ 'local-only': true }, env));
    expect(config).toMatchObject({ mode: 'local', modeReason: '--local-only' });
    expect(config.gcp).toBeUndefined();
  });

  it('given many bad values, then every one is named at once', () => {
    const issues = usageIssues(() =>
      resolveIngestConfig(
        sources({ 'api-url': 'ftp://x', entities: 'products,carts', 'http-timeout-ms': '-5', 'project-id': 'BAD', 'bucket-name': 'gs://b' }),
      ),
    );
    expect(issues.map((issue) => issue.split(':')[0])).toEqual([
      '--api-url / FAKESTORE_API_URL',
      '--entities',
      '--http-timeout-ms / HTTP_TIMEOUT_MS',
      '--project-id / GCP_PROJECT_ID',
      '--bucket-name / GCS_BUCKET_NAME',
    ]);
    expect(issues[1]).toMatch(/unknown entity "carts"/);
  });
});

describe('resolvePushConfig', () => {
  it('always needs project and bucket, and does not offer --local-only', () => {
    const issues = usageIssues(() => resolvePushConfig(sources()));
    expect(issues).toHaveLength(2);
    expect(issues.join('\n')).not.toContain('--local-only');
  });
});

import { type RunningEmulator, hasEmulator, startEmulator } from '@fakestore/test-utils';
import { z } from 'zod';
import { afterAll, beforeAll } from 'vitest';

export const PROJECT_ID = 'test-project';
export const BUCKET = 'fakestore-lake';
export const DATASET = 'bronze_data';

export const hasGcpEmulators = hasEmulator('gcs') && hasEmulator('bigquery');

export interface GcpHarness {
  gcsUrl(): string;
  bigqueryUrl(): string;
  /** Flags and env that point the CLI at the emulators. */
  env(): Record<string, string>;
  flags(): string[];
  /** The object's metadata, or undefined when absent. */
  object(name: string): Promise<{ md5Hash: string; size: string } | undefined>;
  objectText(name: string): Promise<string>;
  /** Rows of a bronze table written by one run. */
  rowsOfRun(table: string, runId: string): Promise<number>;
  table(table: string): Promise<unknown>;
}

/** fake-gcs-server and bigquery-emulator (reading gs:// from the former) for the file, with the bucket and dataset made. */
export function useGcpEmulators(): GcpHarness {
  let gcs: RunningEmulator | undefined;
  let bigquery: RunningEmulator | undefined;
  beforeAll(async () => {
    gcs = await startEmulator('gcs');
    bigquery = await startEmulator('bigquery', { projectId: PROJECT_ID, storageEmulatorHost: gcs.url });
    await post(`${gcs.url}/storage/v1/b`, { name: BUCKET });
    await post(`${bigquery.url}/bigquery/v2/projects/${PROJECT_ID}/datasets`, { datasetReference: { projectId: PROJECT_ID, datasetId: DATASET } });
  });
  afterAll(async () => {
    await Promise.all([gcs?.stop(), bigquery?.stop()]);
  });

  const harness: GcpHarness = {
    gcsUrl: () => gcs?.url ?? fail(),
    bigqueryUrl: () => bigquery?.url ?? fail(),
    env: () => ({ GCP_PROJECT_ID: PROJECT_ID, GCS_BUCKET_NAME: BUCKET, BQ_DATASET: DATASET }),
    flags: () => ['--gcs-endpoint', harness.gcsUrl(), '--bigquery-endpoint', harness.bigqueryUrl()],
    async object(name) {
      const response = await fetch(`${harness.gcsUrl()}/storage/v1/b/${BUCKET}/o/${encodeURIComponent(name)}`);
      if (response.status === 404) return undefined;
      return z.object({ md5Hash: z.string(), size: z.string() }).parse(await response.json());
    },
    async objectText(name) {
      return (await fetch(`${harness.gcsUrl()}/storage/v1/b/${BUCKET}/o/${encodeURIComponent(name)}?alt=media`)).text();
    },
    async rowsOfRun(table, runId) {
      const answer = await post(`${harness.bigqueryUrl()}/bigquery/v2/projects/${PROJECT_ID}/queries`, {
        query: `select count(*) from ${DATASET}.${table} where _run_id = '${runId}'`,
        useLegacySql: false,
      });
      const parsed = z.object({ rows: z.array(z.object({ f: z.array(z.object({ v: z.string() })) })) }).parse(answer);
      return Number(parsed.rows[0]?.f[0]?.v ?? 0);
    },
    async table(table) {
      const response = await fetch(`${harness.bigqueryUrl()}/bigquery/v2/projects/${PROJECT_ID}/datasets/${DATASET}/tables/${table}`);
      return (await response.json()) as unknown;
    },
  };
  return harness;
}

async function post(url: string, body: unknown): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

function fail(): never {
  throw new Error('the emulators have not started');
}

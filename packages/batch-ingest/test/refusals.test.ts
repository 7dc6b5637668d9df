import { readFile, readdir } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUCKET, DATASET, PROJECT_ID, hasGcpEmulators, useGcpEmulators } from './support/gcp.js';
import { partitions, useHarness } from './support/harness.js';

/*
 * Google refusing the configuration, which the emulators never do (they have no IAM and no API
 * switches): a loopback server answers every call with the 403 body Cloud Storage or BigQuery
 * sends. The run must stop with exit 2 and the one line that says what to grant or enable, keep
 * what it landed in the local lake and the journal, and leave no half partition behind.
 */

const SA = 'fakestore-batch@test-project.iam.gserviceaccount.com';

/** The JSON error body of Google's REST APIs (`errors[].reason`, and ErrorInfo details when the API is off). */
function googleError(message: string, reason: string, details: unknown[] = []) {
  return { error: { code: 403, message, status: 'PERMISSION_DENIED', errors: [{ domain: 'global', reason, message }], ...(details.length > 0 && { details }) } };
}

const refusals = {
  storageRole: googleError(
    `${SA} does not have storage.objects.create access to the Google Cloud Storage object. Permission 'storage.objects.create' denied on resource (or it may not exist).`,
    'forbidden',
  ),
  bigqueryRole: googleError(
    `Access Denied: Dataset ${PROJECT_ID}:${DATASET}: Permission bigquery.datasets.get denied on dataset ${PROJECT_ID}:${DATASET} (or it may not exist).`,
    'accessDenied',
  ),
  bigqueryOff: googleError(
    'BigQuery API has not been used in project 123456789012 before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/bigquery.googleapis.com/overview?project=123456789012 then retry.',
    'accessNotConfigured',
    [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'SERVICE_DISABLED', domain: 'googleapis.com', metadata: { service: 'bigquery.googleapis.com', consumer: 'projects/123456789012' } }],
  ),
};

/** A loopback "Google" that refuses every request with the body set last. */
function useRefusingGoogle(): { url(): string; refuse(body: unknown): void; requests(): number } {
  let server: Server | undefined;
  let body: unknown = refusals.storageRole;
  let count = 0;
  beforeAll(async () => {
    server = createServer((request, response) => {
      count++;
      request.resume();
      request.on('end', () => {
        response.writeHead(403, { 'content-type': 'application/json; charset=UTF-8' });
        response.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });
  return {
    url: () => `http://127.0.0.1:${(server!.address() as AddressInfo).port}`,
    refuse: (next) => {
      body = next;
      count = 0;
    },
    requests: () => count,
  };
}

const readJournal = async (dataDir: string) =>
  JSON.parse(await readFile(join(dataDir, '_pending', 'push-journal.json'), 'utf8')) as { entries: { prefix: string; stages_done: string[]; last_error?: string }[] };

/** The last stderr line, and every other one (pretty or JSON log lines go to stdout). */
const lastLine = (stderr: string) => stderr.trimEnd().split('\n').at(-1) ?? '';

describe.skipIf(!hasGcpEmulators)('batch-ingest when Google refuses the configuration (a loopback server answering 403 as Google does)', () => {
  const harness = useHarness();
  const gcp = useGcpEmulators();
  const google = useRefusingGoogle();

  it('given Cloud Storage refusing the upload for a missing role, exits 2 with one line naming the permission, the role and the bucket; the partition stays whole in the lake and the journal', async () => {
    google.refuse(refusals.storageRole);

    const result = await harness.run(['--entities', 'users', '--gcs-endpoint', google.url(), '--bigquery-endpoint', gcp.bigqueryUrl()], gcp.env());

    expect(result.code).toBe(2);
    expect(result.stderr.split('\n').filter(Boolean)).toEqual([
      `batch-ingest: Cloud Storage: permission denied: ${SA} lacks storage.objects.create on bucket gs://${BUCKET}; grant serviceAccount:${SA} roles/storage.objectCreator there ` +
        "(terraform -chdir=infra apply grants the tools their roles; gcp-bootstrap doctor checks them); users of this run wait in the local lake: once fixed, run 'batch-ingest push-pending'",
    ]);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(google.requests()).toBe(1); // a refusal is not retried
    const [partition] = await partitions(harness.dataDir(), 'users');
    expect(partition?.manifest?.row_count).toBe(10);
    expect(await readdir(join(harness.dataDir(), partition!.prefix))).toEqual(['_manifest.json', 'data.jsonl']);
    const journal = await readJournal(harness.dataDir());
    expect(journal.entries).toEqual([expect.objectContaining({ prefix: partition!.prefix, stages_done: [] })]);

    // push-pending meets the same refusal: exit 2, the journal keeps the partition.
    const push = await harness.pushPending(['--gcs-endpoint', google.url(), '--bigquery-endpoint', gcp.bigqueryUrl()], gcp.env());
    expect(push.code).toBe(2);
    expect(lastLine(push.stderr)).toMatch(/^batch-ingest: Cloud Storage: permission denied: .* roles\/storage\.objectCreator there/);
    expect((await readJournal(harness.dataDir())).entries.map((entry) => entry.prefix)).toEqual([partition!.prefix]);
  });

  it.each([
    ['a missing role', refusals.bigqueryRole,
      `BigQuery: permission denied: the caller lacks bigquery.datasets.get on dataset ${PROJECT_ID}.${DATASET}; grant the caller roles/bigquery.dataEditor there`],
    ['the API turned off', refusals.bigqueryOff,
      `BigQuery: the API bigquery.googleapis.com is disabled in project 123456789012: run gcp-bootstrap enable-apis --project-id ${PROJECT_ID}, then try again`],
  ])('given BigQuery refusing for %s, exits 2 with one line saying what to fix; the upload is recorded as done', async (_case, body, line) => {
    google.refuse(body);

    const result = await harness.run(['--entities', 'users', '--gcs-endpoint', gcp.gcsUrl(), '--bigquery-endpoint', google.url()], gcp.env());

    expect(result.code).toBe(2);
    const lines = result.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`batch-ingest: ${line}`);
    expect(lines[0]).toMatch(/users of this run wait in the local lake: once fixed, run 'batch-ingest push-pending'$/);
    expect((await readJournal(harness.dataDir())).entries).toEqual([expect.objectContaining({ stages_done: ['gcs'] })]);
  });
});

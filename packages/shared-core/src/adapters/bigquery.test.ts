import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bronzeTableDefinition } from '../lake/bronze-schemas.js';
import { createBigQueryLoader, loadJobConfiguration, parseJobStatus, tableResource } from './bigquery.js';

// ----- pure parts -----

describe('loadJobConfiguration', () => {
  it('loads NDJSON from gs://, appends, with the explicit bronze schema, partitioning and clustering', () => {
    const config = loadJobConfiguration({ projectId: 'p-123456', datasetId: 'bronze_data', table: 'users_raw', sourceUris: ['gs://lake/raw/users/x/data.jsonl'] });
    expect(config.load).toEqual({
      sourceUris: ['gs://lake/raw/users/x/data.jsonl'],
      sourceFormat: 'NEWLINE_DELIMITED_JSON',
      destinationTable: { projectId: 'p-123456', datasetId: 'bronze_data', tableId: 'users_raw' },
      schema: {
        fields: [
          { name: '_run_id', type: 'STRING', mode: 'REQUIRED' },
          { name: '_ingested_at', type: 'TIMESTAMP', mode: 'REQUIRED' },
          { name: '_source', type: 'STRING', mode: 'REQUIRED' },
          { name: 'payload', type: 'JSON', mode: 'REQUIRED' },
        ],
      },
      writeDisposition: 'WRITE_APPEND',
      createDisposition: 'CREATE_IF_NEEDED',
      timePartitioning: { type: 'DAY', field: '_ingested_at' },
      clustering: { fields: ['_run_id'] },
      ignoreUnknownValues: false,
      maxBadRecords: 0,
    });
  });
});

describe('tableResource', () => {
  it('is the definition from schemas/bronze: fields with descriptions, DAY on _ingested_at, clustering', () => {
    const definition = bronzeTableDefinition('products_raw');
    expect(tableResource('products_raw')).toEqual({
      description: definition.description,
      schema: { fields: definition.fields },
      timePartitioning: { type: 'DAY', field: '_ingested_at' },
      clustering: { fields: ['_run_id'] },
    });
  });
});

describe('parseJobStatus', () => {
  it('reads state, rows and the error of a finished job', () => {
    expect(parseJobStatus('j', { status: { state: 'DONE' }, statistics: { load: { outputRows: '20' } } })).toEqual({ state: 'DONE', outputRows: 20 });
    expect(parseJobStatus('j', { status: { state: 'DONE', errorResult: { reason: 'invalid', message: 'bad row' } } })).toEqual({ state: 'DONE', error: 'invalid: bad row', errorReason: 'invalid', errorMessage: 'bad row' });
  });

  it('rejects a resource without a status, naming the job', () => {
    expect(() => parseJobStatus('job-1', {})).toThrow(/unreadable status for job job-1/);
  });
});

// ----- against a fake BigQuery REST API on loopback -----

interface Seen {
  method: string;
  path: string;
  body: unknown;
}
type Reply = { status: number; body: unknown };
type Handler = (seen: Seen) => Reply | undefined;

let server: ReturnType<typeof createServer>;
let endpoint: string;
let seen: Seen[] = [];
let handlers: Handler[] = [];

const base = '/bigquery/v2/projects/my-project';
const jobId = 'fakestore_batch_users_0b9f6c1e_8a43_4c1b_9d6e_2f1a3b4c5d6e';
const jobPath = (id: string) => `${base}/jobs/${id}`;
const job = (id: string, status: Record<string, unknown>) => ({ jobReference: { projectId: 'my-project', jobId: id, location: 'EU' }, status, statistics: { load: { outputRows: '10' } } });
const notFound: Reply = { status: 404, body: { error: { code: 404, message: 'Not found', errors: [{ reason: 'notFound', message: 'Not found' }] } } };
const route = (method: string, path: string, reply: (s: Seen) => Reply): Handler => (s) => (s.method === method && s.path === path ? reply(s) : undefined);

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString();
      const entry = { method: req.method ?? '', path: (req.url ?? '').split('?')[0]!, body: text ? (JSON.parse(text) as unknown) : undefined };
      seen.push(entry);
      const reply = handlers.map((handler) => handler(entry)).find(Boolean) ?? notFound;
      res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
  handlers = [route('GET', `${base}/datasets/bronze_data`, () => ({ status: 200, body: { datasetReference: { datasetId: 'bronze_data' }, location: 'EU' } }))];
});

const loader = () => createBigQueryLoader({ projectId: 'my-project', datasetId: 'bronze_data', apiEndpoint: endpoint, timeoutMs: 5000, pollIntervalMs: 10 });
const request = { jobId, table: 'users_raw' as const, sourceUris: ['gs://lake/raw/users/data.jsonl'] };
const posts = () => seen.filter((s) => s.method === 'POST');

describe('createBigQueryLoader', () => {
  it('given no job yet, then it starts one under the given id, in the dataset location, with the exact load configuration', async () => {
    handlers.push(route('POST', `${base}/jobs`, () => ({ status: 200, body: job(jobId, { state: 'RUNNING' }) })));
    let polls = 0;
    handlers.push(route('GET', jobPath(jobId), () => (posts().length === 0 ? notFound : { status: 200, body: job(jobId, { state: ++polls < 2 ? 'RUNNING' : 'DONE' }) })));

    const result = await (await loader()).load(request);

    expect(result).toEqual({ jobId, reused: false, outputRows: 10 });
    expect(posts()).toHaveLength(1);
    expect(posts()[0]!.body).toEqual({
      jobReference: { projectId: 'my-project', jobId, location: 'EU' },
      configuration: loadJobConfiguration({ projectId: 'my-project', datasetId: 'bronze_data', ...request }),
    });
  });

  it('given the create answers 409, then it waits for the existing job and takes its success as its own', async () => {
    handlers.push(route('POST', `${base}/jobs`, () => ({ status: 409, body: { error: { code: 409, message: `Already Exists: Job my-project:EU.${jobId}` } } })));
    let reads = 0;
    handlers.push(route('GET', jobPath(jobId), () => (++reads === 1 ? notFound : { status: 200, body: job(jobId, { state: reads < 4 ? 'RUNNING' : 'DONE' }) })));

    const result = await (await loader()).load(request);

    expect(result).toEqual({ jobId, reused: true, outputRows: 10 });
    expect(posts()).toHaveLength(1);
  });

  it('given the job already succeeded (a resumed push), then nothing is submitted again', async () => {
    handlers.push(route('GET', jobPath(jobId), () => ({ status: 200, body: job(jobId, { state: 'DONE' }) })));
    expect(await (await loader()).load(request)).toMatchObject({ jobId, reused: true });
    expect(posts()).toEqual([]);
  });

  it('given the job exists and failed (it appended nothing), then the next id of the sequence is used', async () => {
    handlers.push(route('GET', jobPath(jobId), () => ({ status: 200, body: job(jobId, { state: 'DONE', errorResult: { reason: 'backendError', message: 'try again' } }) })));
    handlers.push(route('POST', `${base}/jobs`, () => ({ status: 200, body: job(`${jobId}_r2`, { state: 'DONE' }) })));

    const result = await (await loader()).load(request);

    expect(result).toMatchObject({ jobId: `${jobId}_r2`, reused: false });
    expect(posts().map((p) => (p.body as { jobReference: { jobId: string } }).jobReference.jobId)).toEqual([`${jobId}_r2`]);
  });

  it('given a new job fails, then the error names the job, the table and the reason', async () => {
    handlers.push(route('POST', `${base}/jobs`, () => ({ status: 200, body: job(jobId, { state: 'DONE', errorResult: { reason: 'invalid', message: 'JSON parsing error in row 3' } }) })));
    await expect((await loader()).load(request)).rejects.toThrow(`BigQuery: load job ${jobId} into bronze_data.users_raw failed: invalid: JSON parsing error in row 3`);
  });

  it('given a job that outlives the wait, then it gives up saying the next push will wait for it', async () => {
    handlers.push(route('POST', `${base}/jobs`, () => ({ status: 200, body: job(jobId, { state: 'RUNNING' }) })));
    handlers.push(route('GET', jobPath(jobId), () => (posts().length === 0 ? notFound : { status: 200, body: job(jobId, { state: 'RUNNING' }) })));
    const slow = await createBigQueryLoader({ projectId: 'my-project', datasetId: 'bronze_data', apiEndpoint: endpoint, jobTimeoutMs: 60, pollIntervalMs: 10 });
    await expect(slow.load(request)).rejects.toThrow(/still RUNNING .* next push waits for it under the same job id/);
  });

  it('given the table is missing, then ensureTable creates it from the bronze definition', async () => {
    handlers.push(route('POST', `${base}/datasets/bronze_data/tables`, (s) => ({ status: 200, body: s.body })));
    await (await loader()).ensureTable('users_raw');
    expect(posts()[0]!.body).toMatchObject({ tableReference: { tableId: 'users_raw' }, ...tableResource('users_raw') });
  });

  it('given the dataset is missing, then the error says so and how to fix it', async () => {
    handlers = [];
    await expect((await loader()).ensureTable('users_raw')).rejects.toThrow('BigQuery: dataset my-project.bronze_data does not exist; create it (infra/) or set --dataset-id / BQ_DATASET');
  });
});

import { setTimeout as sleep } from 'node:timers/promises';
import type { BigQueryOptions, Job, JobOptions, TableMetadata } from '@google-cloud/bigquery';
import { z } from 'zod';
import { type BronzeTable, bronzeTableDefinition } from '../lake/bronze-schemas.js';
import type { BronzeLoader, BronzeLoaderOptions, LoadJobRequest, LoadJobResult } from '../types.js';
import { CloudConfigError } from '../errors.js';
import { type CloudFaultContext, classifyCloudError, isConfigurationFault } from '../gcp/classify-fault.js';
import { boundedRetries, describeGoogleError, httpStatusOf, withDeadline } from './_google.js';

// ----- pure: request bodies and job status -----

/** The `configuration` of a load job: NDJSON from GCS, appended, explicit schema, table spec from its definition. */
export function loadJobConfiguration(input: { projectId: string; datasetId: string } & Omit<LoadJobRequest, 'jobId'>) {
  const definition = bronzeTableDefinition(input.table);
  return {
    load: {
      sourceUris: input.sourceUris,
      sourceFormat: 'NEWLINE_DELIMITED_JSON',
      destinationTable: { projectId: input.projectId, datasetId: input.datasetId, tableId: input.table },
      schema: { fields: definition.fields.map(({ name, type, mode }) => ({ name, type, mode })) },
      writeDisposition: 'WRITE_APPEND',
      createDisposition: 'CREATE_IF_NEEDED',
      timePartitioning: definition.timePartitioning,
      clustering: { fields: definition.clustering },
      ignoreUnknownValues: false,
      maxBadRecords: 0,
    },
  };
}

/** The table resource `ensureTable` creates: the bronze definition, DAY-partitioned and clustered. */
export function tableResource(table: BronzeTable): TableMetadata {
  const { description, fields, timePartitioning, clustering } = bronzeTableDefinition(table);
  return { description, schema: { fields }, timePartitioning, clustering: { fields: clustering } };
}

const jobSchema = z.looseObject({
  status: z.looseObject({
    state: z.string(),
    errorResult: z.looseObject({ reason: z.string().optional(), message: z.string().optional() }).optional(),
  }),
  statistics: z
    .looseObject({ load: z.looseObject({ outputRows: z.union([z.string(), z.number()]).optional() }).optional() })
    .optional(),
});

export interface JobStatus {
  state: string;
  /** Set when the job is DONE and failed. */
  error?: string;
  /** The failure's reason (`accessDenied`, `invalid`...) and message, when it has them. */
  errorReason?: string;
  errorMessage?: string;
  outputRows?: number;
}

/** Reads a job resource from the API; an unreadable one is an error naming the job. */
export function parseJobStatus(jobId: string, metadata: unknown): JobStatus {
  const parsed = jobSchema.safeParse(metadata);
  if (!parsed.success) throw new Error(`BigQuery returned an unreadable status for job ${jobId}: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
  const { status, statistics } = parsed.data;
  const rows = statistics?.load?.outputRows;
  const error = status.errorResult && [status.errorResult.reason, status.errorResult.message].filter(Boolean).join(': ');
  const reason = status.errorResult?.reason;
  const message = status.errorResult?.message;
  return {
    state: status.state,
    ...(error !== undefined && { error: error || 'failed' }),
    ...(reason && { errorReason: reason }),
    ...(message && { errorMessage: message }),
    ...(rows !== undefined && { outputRows: Number(rows) }),
  };
}

// ----- the adapter -----

/** Load jobs tried per partition, over all pushes, before giving up. */
const MAX_JOB_ATTEMPTS = 5;

/**
 * A BigQuery `BronzeLoader`. The SDK is imported here, on first use, so a local run never loads
 * it. Job ids come from the caller: a second `load` with the same id gets 409 from BigQuery, and
 * then waits for the job that exists instead of appending the rows again.
 */
export async function createBigQueryLoader(options: BronzeLoaderOptions): Promise<BronzeLoader> {
  const { BigQuery } = await import('@google-cloud/bigquery');
  const timeoutMs = options.timeoutMs ?? 30_000;
  const jobTimeoutMs = options.jobTimeoutMs ?? 300_000;
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  const { projectId, datasetId } = options;
  const clientOptions: BigQueryOptions & { timeout: number } = {
    projectId,
    timeout: timeoutMs,
    retryOptions: boundedRetries(timeoutMs),
    ...(options.apiEndpoint && { apiEndpoint: options.apiEndpoint, authClient: emulatorAuth() }),
  };
  const bigquery = new BigQuery(clientOptions);
  const dataset = bigquery.dataset(datasetId);
  const call = <T>(promise: Promise<T>) => withDeadline(promise, timeoutMs);
  /** The resource of a `getMetadata()` answer, unknown until parsed. */
  const metadataOf = async (promise: Promise<unknown[]>): Promise<unknown> => (await call(promise))[0];
  const faultContext: CloudFaultContext = {
    resources: { project: projectId, dataset: `${projectId}.${datasetId}` },
    service: 'bigquery.googleapis.com',
    projectId,
    ...(options.principal && { principal: options.principal }),
  };
  /** A refusal no retry fixes (a missing role, a disabled API, rejected credentials) is a CloudConfigError. */
  const fail = (what: string, error: unknown): Error => {
    const fault = classifyCloudError(error, faultContext);
    if (isConfigurationFault(fault)) return new CloudConfigError(`BigQuery: ${fault.line}`, { kind: fault.kind, cause: error });
    return new Error(`BigQuery: ${what} failed: ${describeGoogleError(error)}`, { cause: error });
  };
  let located: Promise<string | undefined> | undefined;

  /** The dataset's location (jobs must run there), read once; a missing dataset is a clear error. */
  function datasetLocation(): Promise<string | undefined> {
    located ??= readLocation().catch((error: unknown) => {
      located = undefined;
      throw error;
    });
    return located;
  }

  async function readLocation(): Promise<string | undefined> {
    try {
      const metadata = await metadataOf(dataset.getMetadata());
      return z.looseObject({ location: z.string().optional() }).parse(metadata).location ?? options.location;
    } catch (error) {
      if (httpStatusOf(error) === 404) {
        throw new Error(`BigQuery: dataset ${projectId}.${datasetId} does not exist; create it (infra/) or set --dataset-id / BQ_DATASET`, { cause: error });
      }
      throw fail(`reading dataset ${projectId}.${datasetId}`, error);
    }
  }

  async function ensureTable(table: BronzeTable): Promise<void> {
    await datasetLocation();
    const name = `${projectId}.${datasetId}.${table}`;
    try {
      await call(dataset.table(table).getMetadata());
      return;
    } catch (error) {
      if (httpStatusOf(error) !== 404) throw fail(`reading table ${name}`, error);
    }
    try {
      await call(dataset.createTable(table, tableResource(table)));
    } catch (error) {
      if (httpStatusOf(error) !== 409) throw fail(`creating table ${name}`, error); // 409: created meanwhile
    }
  }

  async function waitForJob(job: Job, first: JobStatus): Promise<JobStatus> {
    const started = Date.now();
    let status = first;
    let delay = pollIntervalMs;
    while (status.state !== 'DONE') {
      if (Date.now() - started + delay > jobTimeoutMs) {
        throw new Error(
          `BigQuery: load job ${job.id} is still ${status.state} after ${Math.round(jobTimeoutMs / 1000)} s; ` +
            'it goes on in BigQuery, and the next push waits for it under the same job id',
        );
      }
      await sleep(delay);
      delay = Math.min(5000, delay * 2);
      const metadata = await metadataOf(job.getMetadata()).catch((error: unknown) => {
        throw fail(`reading load job ${job.id}`, error);
      });
      status = parseJobStatus(job.id ?? '', metadata);
    }
    return status;
  }

  /** The job under this id if there is one (an earlier attempt), else a new one; 409 on create means it appeared meanwhile. */
  async function startOrJoin(jobId: string, request: LoadJobRequest, jobLocation: string | undefined) {
    const job = bigquery.job(jobId, jobLocation ? { location: jobLocation } : {});
    const existing = await readJob(job);
    if (existing) return { job, status: existing, reused: true };
    const jobOptions: JobOptions = {
      jobId,
      ...(jobLocation && { location: jobLocation }),
      configuration: loadJobConfiguration({ projectId, datasetId, table: request.table, sourceUris: request.sourceUris }),
    };
    try {
      const [created, metadata] = await call(bigquery.createJob(jobOptions));
      return { job: created, status: parseJobStatus(jobId, metadata), reused: false };
    } catch (error) {
      if (httpStatusOf(error) !== 409) throw fail(`starting load job ${jobId}`, error);
    }
    const raced = await readJob(job);
    if (!raced) throw new Error(`BigQuery: load job ${jobId} exists (409) but cannot be read`);
    return { job, status: raced, reused: true };
  }

  async function readJob(job: Job): Promise<JobStatus | undefined> {
    try {
      const metadata = await metadataOf(job.getMetadata());
      return parseJobStatus(job.id ?? '', metadata);
    } catch (error) {
      if (httpStatusOf(error) === 404) return undefined;
      throw fail(`reading load job ${job.id}`, error);
    }
  }

  /**
   * Joins or starts the partition's job. A job that exists and succeeded is ours (no second
   * load). One that exists and failed appended nothing (load jobs are atomic), so the next id
   * in the sequence `{id}`, `{id}_r2`, `{id}_r3`... is tried; a fresh job that fails is reported,
   * and the next push moves on to the following id.
   */
  async function load(request: LoadJobRequest): Promise<LoadJobResult> {
    const jobLocation = await datasetLocation();
    let lastError = 'failed';
    for (let attempt = 1; attempt <= MAX_JOB_ATTEMPTS; attempt++) {
      const jobId = attempt === 1 ? request.jobId : `${request.jobId}_r${attempt}`;
      const { job, status, reused } = await startOrJoin(jobId, request, jobLocation);
      const done = await waitForJob(job, status);
      if (done.error === undefined) return { jobId, reused, ...(done.outputRows !== undefined && { outputRows: done.outputRows }) };
      lastError = done.error;
      const refused = jobRefusal(done, faultContext);
      if (refused) throw refused;
      if (!reused) throw new Error(`BigQuery: load job ${jobId} into ${datasetId}.${request.table} failed: ${done.error}`);
    }
    throw new Error(`BigQuery: ${MAX_JOB_ATTEMPTS} load jobs of ${request.jobId} into ${datasetId}.${request.table} failed; the last: ${lastError}`);
  }

  return { ensureTable, load };
}

/**
 * A load job that failed for want of a permission (`accessDenied`: the caller may not read the
 * source objects, or write the table) as a CloudConfigError: another job id would fail alike.
 */
function jobRefusal(status: JobStatus, context: CloudFaultContext): CloudConfigError | undefined {
  if (status.errorReason !== 'accessDenied') return undefined;
  const message = status.errorMessage ?? status.error ?? 'Access Denied';
  // "Access Denied: File gs://...": the job reads its source objects with the caller's rights.
  const reads = /File gs:\/\//.test(message) ? { permission: 'storage.objects.get' } : {};
  const fault = classifyCloudError({ code: 403, errors: [{ reason: 'accessDenied', message }], message }, { ...context, ...reads });
  return new CloudConfigError(`BigQuery: load job refused: ${fault.line}`, { kind: fault.kind });
}

/**
 * Emulators need no credentials, but the BigQuery client always asks google-auth-library for
 * some, which would probe the metadata server. This stand-in adds no header and asks no one.
 */
function emulatorAuth(): NonNullable<BigQueryOptions['authClient']> {
  const client = { getRequestHeaders: () => Promise.resolve(new Headers()) };
  return client as unknown as NonNullable<BigQueryOptions['authClient']>;
}

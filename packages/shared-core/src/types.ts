import type { DestinationStream, LevelWithSilent, Logger } from 'pino';
import type { BronzeTable } from './lake/bronze-schemas.js';
import type { z } from 'zod';

// ----- Config -----

/** One setting a CLI reads: its schema and where it comes from (flag > env > `.env` > schema default). */
export interface ConfigField<S extends z.ZodType = z.ZodType> {
  /** Validates and converts the raw value (a string from env/`.env`, anything from flags); `.default()` sets the default. */
  schema: S;
  /** Flag name without dashes, e.g. `api-url`. */
  flag?: string;
  /** Environment variable, also read from `.env`, e.g. `FAKESTORE_API_URL`. */
  env?: string;
  /** One line for `--help`. */
  description?: string;
  /** How to fix a bad value; printed after the problem. */
  hint?: string;
  /** How the flag parses; default `string`. */
  flagType?: 'string' | 'boolean';
  /** Placeholder in `--help`, e.g. `URL`, `DIR`. */
  valueHint?: string;
  /** How `--help` shows the default when the schema has none, e.g. `Application Default Credentials`. */
  defaultHelp?: string;
  /** The values `--help` lists for an enum (the schema still validates, so every bad value is reported together). */
  choices?: readonly string[];
  /** Never echo the value in errors (also inferred from names like `*_TOKEN`, `*_SECRET`, `*_PASSWORD`). */
  secret?: boolean;
}

export type ConfigFields = Record<string, ConfigField>;

/** The validated config object for a set of fields. */
export type ConfigOf<F extends ConfigFields> = { [K in keyof F]: z.output<F[K]['schema']> };

/** A problem found by a cross-field check, reported against one field. */
export interface ConfigIssue<F extends ConfigFields = ConfigFields> {
  field: keyof F & string;
  /** What is wrong, e.g. `is required unless --local-only is set`. */
  message: string;
  /** How to fix it; defaults to the field's `hint`. */
  hint?: string;
}

export interface ResolveConfigOptions<F extends ConfigFields> {
  /** Parsed CLI flags, keyed by flag name (`api-url`) or field key (`apiUrl`); `undefined` means not given. */
  flags?: Record<string, unknown>;
  /** Process environment; empty strings count as unset. */
  env?: Record<string, string | undefined>;
  /** Variables from the `.env` file; empty strings count as unset. */
  dotenv?: Record<string, string>;
  /** Where `dotenv` came from, for messages. Default `.env`. */
  dotenvLabel?: string;
  /** Cross-field rules run once every field is valid, e.g. "bucket needed unless --local-only". */
  check?: (config: ConfigOf<F>) => ConfigIssue<F>[];
}

export interface LoadConfigOptions<F extends ConfigFields> extends Omit<ResolveConfigOptions<F>, 'dotenv' | 'dotenvLabel'> {
  /** Defaults to `process.env`. */
  env?: Record<string, string | undefined>;
  /**
   * The `.env` file (a missing file is fine), or `false` to skip it. Default `.env`: a bare name is
   * looked up (the nearest from the current directory upwards, else the repository's; see `findEnvFile`),
   * a path is read as it is.
   */
  envFile?: string | false;
}

// ----- Logging -----

/** `auto`: pretty when the destination is a TTY, JSON otherwise. */
export type LogFormat = 'auto' | 'json' | 'pretty';

export interface LoggerOptions {
  /** Tool name, on every line as `name`. */
  name: string;
  /** Default `info`. */
  level?: LevelWithSilent;
  /** Default `auto`. */
  format?: LogFormat;
  /** Where lines go; default stdout. */
  destination?: DestinationStream | NodeJS.WritableStream;
  /** Pretty lines are cut to this many columns (the message is always kept whole). Default: the terminal's width, else 100. */
  width?: number;
  /** Decides colour in pretty mode (NO_COLOR, FORCE_COLOR). Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Colours in pretty mode; default: as `useColor` decides for the destination. */
  colorize?: boolean;
}

// ----- HTTP -----

/** The part of a pino logger the HTTP client uses. */
export type HttpLogger = Pick<Logger, 'warn' | 'debug'>;

export interface HttpClientOptions {
  /** e.g. `https://fakestoreapi.com`; request paths are appended to it. */
  baseUrl: string;
  /**
   * Connect/idle timeout: the longest wait for the connection and the response to start, and then
   * for each next bytes of the body (a stalled connection). A slow but steady download never hits
   * it. Retried. Default 10000.
   */
  timeoutMs?: number;
  /** The longest a whole call may take: every attempt, every byte and every wait between. Not retried. Default 600000. */
  deadlineMs?: number;
  /** Attempts in all, the first included. Default 3. */
  attempts?: number;
  /** Backoff ceiling of the first retry; doubles each retry. Default 500. */
  minDelayMs?: number;
  /** Largest backoff ceiling. Default 8000. */
  maxDelayMs?: number;
  /** A `Retry-After` longer than this is cut to this. Default 30000. */
  maxRetryAfterMs?: number;
  /** Default `fakestore-elt/<version> (node <version>)`. */
  userAgent?: string;
  /** Retries are logged at warn, successes at debug. */
  logger?: HttpLogger;
  /** Called before each retry wait. */
  onRetry?: (event: RetryEvent) => void;
  /** Random source in [0, 1] for the jitter; inject a constant in tests. Default `Math.random`. */
  random?: () => number;
}

export interface RequestOptions {
  /** Cancels the call, waits between retries included; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Called as the body arrives, at most every 200 ms and once with the final count; each attempt
   * starts again from 0. `totalBytes` is `content-length`, when sent for an uncompressed body.
   */
  onProgress?: (bytesReceived: number, totalBytes: number | undefined) => void;
  /** @deprecated The same reports as `onProgress`, as an object; kept for existing callers. */
  onDownloadProgress?: (progress: DownloadProgress) => void;
}

export interface DownloadProgress {
  url: string;
  /** Bytes received so far by this attempt. */
  loaded: number;
  /** From `content-length`, when the server sent it. */
  total?: number;
}

export interface HttpResponse<T> {
  /** Parsed JSON (`unknown`: validate it), or `undefined` for an empty body. */
  data: T;
  status: number;
  /** The URL requested. */
  url: string;
  /** Size of the body in bytes (after decompression). */
  bytes: number;
  /** Wall time of the whole call, retries and waits included. */
  durationMs: number;
  /** Requests made, the successful one included. */
  attempts: number;
}

export interface RetryEvent {
  method: string;
  url: string;
  /** The attempt that just failed (1-based). */
  attempt: number;
  /** Attempts allowed in all. */
  attempts: number;
  /** Wait before the next attempt. */
  delayMs: number;
  /** What went wrong, e.g. `503 Service Unavailable` or `connect ECONNREFUSED 127.0.0.1:1`. */
  reason: string;
  status?: number;
}

/** Options of `streamJsonArray`: those of every request, and `raw`. */
export interface StreamOptions extends RequestOptions {
  /**
   * Each record also carries `raw`, the element's bytes as received, and is parsed only when its
   * `value` is read: a consumer that recognises an element by its bytes (a digest of the record as
   * last seen) skips `JSON.parse` for it. An element whose value is never read is checked only for its
   * structure (brackets, braces, strings); one whose value is read and is not valid JSON fails the
   * attempt like any bad body (retried). Default false: every element is parsed as its chunk arrives.
   */
  raw?: boolean;
}

/** One element of a streamed JSON array, as `JSON.parse` reads it: `unknown`, so validate it. */
export interface JsonArrayRecord {
  value: unknown;
  /** Its position in the array, from 0. */
  index: number;
  /** With the `raw` option: the element's bytes as received (a view of the received chunk). */
  raw?: Buffer;
}

/** What a `streamJsonArray` consumer learns about the attempt it runs in. */
export interface JsonArrayStreamInfo {
  /** The URL requested, without credentials. */
  url: string;
  status: number;
  /** 1 for the first attempt; a retry runs the consumer again from the start with attempt 2, 3... */
  attempt: number;
  /** Aborts on the caller's signal and at the deadline: pass it to the consumer's own I/O. */
  signal: AbortSignal;
  /** `content-length`, when sent for an uncompressed body. */
  totalBytes: number | undefined;
}

/**
 * Reads the elements of one attempt and returns what the call should return.
 *
 * A retried attempt runs the consumer again from the start, with a fresh iterable: keep each
 * attempt's side effects discardable (a temp file, uncommitted state). The iteration ends normally
 * only once the whole array was read and checked (closing `]`, nothing after it), so a consumer may
 * commit after its loop; if the iteration throws, let the error out (clean up in `finally`), and the
 * client decides whether to retry. Any error of the consumer's own ends the call, unchanged.
 */
export type JsonArrayConsumer<T> = (records: AsyncIterable<JsonArrayRecord>, info: JsonArrayStreamInfo) => Promise<T>;

export interface StreamResponse<T> {
  /** What the consumer of the successful attempt returned. */
  data: T;
  status: number;
  /** The URL requested, without credentials. */
  url: string;
  /** Body bytes the successful attempt read (after decompression). */
  bytes: number;
  /** Elements handed to the consumer by the successful attempt. */
  elements: number;
  /** Requests made, the successful one included. */
  attempts: number;
  /** Wall time of the whole call, retries, waits and the consumer's work included. */
  durationMs: number;
}

export interface HttpClient {
  readonly baseUrl: string;
  /** GET and parse JSON; retries transient failures; throws `UpstreamError` when it gives up. */
  getJson(path: string, options?: RequestOptions): Promise<HttpResponse<unknown>>;
  /** GET the body as text, with the same retry rules (the body is not checked). */
  getText(path: string, options?: RequestOptions): Promise<HttpResponse<string>>;
  /**
   * GET a JSON array and hand its elements to `consume` as they arrive, never holding the body: the
   * socket pauses while the consumer awaits. A retryable failure (network, stall, 408/429/5xx, an HTML,
   * non-array, invalid or cut-off body) re-runs the request and the consumer from the start. See the
   * shared-core README, "Streaming a JSON array", for the consumer's contract.
   */
  streamJsonArray<T>(path: string, consume: JsonArrayConsumer<T>, options?: StreamOptions): Promise<StreamResponse<T>>;
}

// ----- Sinks: Cloud Storage and BigQuery (adapters/gcs.ts, adapters/bigquery.ts) -----

/** An object in the lake bucket, as the store reports it. */
export interface StoredObject {
  /** Object name, e.g. `raw/products/date=2024-01-01/run_id=.../data.jsonl`. */
  name: string;
  /** `gs://bucket/name`. */
  uri: string;
  size: number;
  /** Base64 MD5 of the content, as GCS reports it (absent for composite objects). */
  md5Hash?: string;
  /** Base64 CRC32C of the content. */
  crc32c?: string;
}

export interface ObjectUpload {
  object: StoredObject;
  /** True when an identical object was already there (an earlier attempt got through). */
  alreadyPresent: boolean;
}

/** Where lake files go in gcp mode. Uploads never overwrite: an object name is written once. */
export interface ObjectStore {
  readonly bucket: string;
  /** `gs://{bucket}/{name}`. */
  uri(name: string): string;
  /**
   * Uploads a local file as `name`, checksum-validated. An object of that name with the same MD5
   * counts as uploaded (`alreadyPresent`); one with other content is an error, never overwritten.
   */
  uploadFile(localPath: string, name: string, options?: { contentType?: string }): Promise<ObjectUpload>;
  /** The object, or `undefined` when there is none. */
  stat(name: string): Promise<StoredObject | undefined>;
}

export interface ObjectStoreOptions {
  bucket: string;
  projectId: string;
  /** e.g. `http://127.0.0.1:4443` for fake-gcs-server; requests to it are not authenticated. Default: Google's. */
  apiEndpoint?: string;
  /**
   * Bound of one operation, the client's own retries included. Default 30000. For a resumable
   * upload, the longest silence: it may take longer as long as bytes keep moving.
   */
  timeoutMs?: number;
  /** Files of this size and up go as resumable uploads, streamed from disk. Default 8 MiB. */
  resumableFromBytes?: number;
  /** Who calls (a service account's email), named by a permission-denied line. */
  principal?: string;
}

export interface LoadJobRequest {
  /** Deterministic, so a retried or resumed push finds the job it started instead of loading twice. */
  jobId: string;
  table: BronzeTable;
  /** `gs://` URIs of newline-delimited JSON files. */
  sourceUris: string[];
}

export interface LoadJobResult {
  jobId: string;
  /** Rows the job appended, as BigQuery reports it. */
  outputRows?: number;
  /** True when the job already existed (409) and this call only waited for it. */
  reused: boolean;
}

/** Loads lake files into the bronze tables. */
export interface BronzeLoader {
  /** Creates the table from its definition (schema, DAY partitioning, clustering) when it is missing. */
  ensureTable(table: BronzeTable): Promise<void>;
  /** Runs (or joins, on 409) a WRITE_APPEND load job and waits for it; throws when the job fails. */
  load(request: LoadJobRequest): Promise<LoadJobResult>;
}

export interface BronzeLoaderOptions {
  projectId: string;
  datasetId: string;
  /** Job location when the dataset does not report one; normally the dataset's own location is used. */
  location?: string;
  /** e.g. `http://127.0.0.1:9050` for bigquery-emulator; requests to it are not authenticated. Default: Google's. */
  apiEndpoint?: string;
  /** Bound of one API call, the client's own retries included. Default 30000. */
  timeoutMs?: number;
  /** How long to wait for a load job to finish; the job goes on after that. Default 300000. */
  jobTimeoutMs?: number;
  /** First wait between job status polls; grows to 5 s. Default 500. */
  pollIntervalMs?: number;
  /** Who calls (a service account's email), named by a permission-denied line. */
  principal?: string;
}

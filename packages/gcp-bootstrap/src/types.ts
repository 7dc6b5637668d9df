import type { LoggerOptions } from '@fakestore/shared-core';

// ----- Endpoints and transport -----

/** Base URLs of the Google REST APIs the tool calls; each can point anywhere (tests, proxies). */
export interface GcpEndpoints {
  /** Default `https://serviceusage.googleapis.com`. */
  serviceUsage: string;
  /** Default `https://cloudresourcemanager.googleapis.com`. */
  resourceManager: string;
  /** Default `https://storage.googleapis.com`. */
  storage: string;
  /** Default `https://bigquery.googleapis.com`. */
  bigQuery: string;
  /** Default `https://pubsub.googleapis.com`. */
  pubSub: string;
}

export interface GcpRequest {
  method: 'GET' | 'POST';
  url: string;
  /** JSON body of a POST. */
  body?: unknown;
}

export interface GcpResponse {
  status: number;
  /** Parsed JSON (`unknown`: validate it), text, or `undefined` for an empty body. */
  data: unknown;
}

/** One authenticated JSON request at a time. HTTP error statuses are returned, not thrown. */
export interface GcpTransport {
  /** Gets an access token; throws when the credentials do not work. */
  authenticate(): Promise<void>;
  /** Throws only when no response arrived (network, timeout, token refresh). */
  request(request: GcpRequest): Promise<GcpResponse>;
}

export interface TransportOptions {
  /** Service-account key file; unset means Application Default Credentials. */
  keyFile?: string;
  /** Per request. Default 30000. */
  timeoutMs?: number;
}

// ----- enable-apis -----

export interface EnableApisOptions {
  projectId: string;
  transport: GcpTransport;
  endpoints?: Partial<GcpEndpoints>;
  /** Service names; default the six the pipeline needs (`REQUIRED_APIS`). */
  apis?: readonly string[];
  /** Wait between polls of the long-running operation. Default 2000. */
  pollIntervalMs?: number;
  /** Give up waiting for the operation after this long. Default 300000. */
  timeoutMs?: number;
  /** Injected in tests. Default a timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Clock for the deadline, in ms. Default `Date.now`. */
  now?: () => number;
  /** Who calls (the key's client_email), named by a permission-denied line. */
  principal?: string;
}

export interface EnableApisResult {
  alreadyEnabled: string[];
  /** What this run enabled (empty when nothing was disabled). */
  enabled: string[];
  /** Name of the long-running operation, when one was started. */
  operation?: string;
  /** Polls of the operation after the first answer. */
  polls: number;
}

// ----- doctor -----

export const TOOLS = ['batch-ingest', 'cart-streamer', 'dbt'] as const;
export type Tool = (typeof TOOLS)[number];

export type CheckStatus = 'pass' | 'fail' | 'skip';

/** One line of the doctor's checklist. */
export interface CheckResult {
  status: CheckStatus;
  /** What was checked, e.g. `bucket gs://my-lake exists`. */
  title: string;
  /** What was found, e.g. `404 Not Found` or the missing permissions. */
  detail?: string;
  /** The exact commands that fix a failed line, one per entry. */
  fix?: string[];
}

export interface DoctorOptions {
  projectId: string;
  /** The lake bucket; needed when batch-ingest is checked. */
  bucketName?: string;
  /** Bronze dataset (BQ_DATASET). Default `bronze_data`. */
  datasetId?: string;
  /** The dataset dbt builds silver in (BQ_SILVER_DATASET). Default `silver_data`. */
  silverDatasetId?: string;
  /** The dataset dbt builds gold in (BQ_GOLD_DATASET). Default `gold_data`. */
  goldDatasetId?: string;
  /** Cart event topic. Default `carts-events`. */
  topic?: string;
  /** GOOGLE_APPLICATION_CREDENTIALS; unset means Application Default Credentials. */
  credentialsFile?: string;
  /** Tools whose resources and permissions are checked. Default all. */
  tools?: readonly Tool[];
  endpoints?: Partial<GcpEndpoints>;
  /** Makes the transport once the credentials look usable. */
  createTransport: (options: TransportOptions) => GcpTransport;
  /** Region, for the fix commands. Default `us-central1`. */
  region?: string;
}

export interface DoctorReport {
  checks: CheckResult[];
  /** The identity checked, when known (the key's client_email). */
  identity?: string;
  failed: number;
  /**
   * Set when the credentials cannot be used at all (none found, a broken key file, refused by
   * Google): one line with the cause and the fix. The CLI then exits 2, as every tool does.
   */
  credentialsFault?: string;
}

// ----- CLI -----

/** What the CLI takes from its surroundings; tests replace any of it. */
export interface CliContext {
  /** Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Path of the `.env` file, or `false`. Default `.env`. */
  envFile?: string | false;
  endpoints?: Partial<GcpEndpoints>;
  /** Default: google-auth-library with the cloud-platform scope. */
  createTransport?: (options: TransportOptions) => GcpTransport;
  /** Where the checklist goes. Default stdout. */
  stdout?: (text: string) => void;
  /** Colour the checklist. Default: stdout is a TTY and NO_COLOR is unset. */
  color?: boolean;
  /** Where enable-apis logs go. Default stdout. */
  logDestination?: LoggerOptions['destination'];
  sleep?: (ms: number) => Promise<void>;
  /** enable-apis: wait between operation polls. Default 2000. */
  pollIntervalMs?: number;
}

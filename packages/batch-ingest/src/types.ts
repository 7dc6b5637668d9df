import type { BronzeLoader, HttpClient, LogFormat, Logger, ObjectStore, PendingJournal } from '@fakestore/shared-core';

// ----- Entities -----

export type EntityName = 'products' | 'users';

// ----- Config -----

/** `local`: the filesystem lake only. `gcp`: the lake, then Cloud Storage and a BigQuery load job. */
export type RunMode = 'local' | 'gcp';

export interface GcpSettings {
  projectId: string;
  bucketName: string;
  datasetId: string;
  region: string;
  /** Key file; when unset the Google clients use Application Default Credentials. */
  credentialsFile?: string;
  /** Cloud Storage endpoint override (fake-gcs-server); unauthenticated. */
  gcsEndpoint?: string;
  /** BigQuery endpoint override (bigquery-emulator); unauthenticated. */
  bigqueryEndpoint?: string;
  /** Bound of one Cloud Storage or BigQuery call, the clients' own retries included. */
  timeoutMs: number;
  /** How long to wait for a load job before leaving it to the next push. */
  loadTimeoutMs: number;
}

export interface IngestConfig {
  mode: RunMode;
  /** Why this mode, for the first log line, e.g. `--local-only`. */
  modeReason: string;
  apiUrl: string;
  entities: EntityName[];
  dataDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  logFormat: LogFormat;
  /** Connect/idle timeout of the API: a stalled connection, not a long download. */
  httpTimeoutMs: number;
  /** Bound of one whole list download, retries included. */
  httpDeadlineMs: number;
  /** Present in gcp mode only. */
  gcp?: GcpSettings;
}

// ----- Sinks -----

export interface GcpSinks {
  store: ObjectStore;
  loader: BronzeLoader;
  projectId: string;
  datasetId: string;
}

/** Serialised read-modify-write of the pending-push journal (entities push concurrently). */
export interface JournalStore {
  readonly path: string;
  read(): Promise<PendingJournal>;
  update(change: (journal: PendingJournal) => PendingJournal): Promise<PendingJournal>;
}

// ----- Outcomes -----

/** `ok`: landed (and, in gcp mode, pushed); `pending`: landed, push pending; `failed`: nothing usable landed. */
export type EntityStatus = 'ok' | 'pending' | 'failed';

export interface EntityOutcome {
  entity: EntityName;
  status: EntityStatus;
  /** Records in the response (0 when the fetch failed). */
  fetched: number;
  valid: number;
  /** Rejected records, duplicates included. */
  quarantined: number;
  /** Records quarantined because an earlier record of the response had the same id (`duplicate_id`). */
  duplicates: number;
  /** Size of data.jsonl. */
  bytes: number;
  durationMs: number;
  /** The local quarantine file, when records were quarantined. */
  rejectsFile?: string;
  /** Where the data went: lake file, quarantine file, gs:// objects, BigQuery table. */
  destinations: string[];
  /** One line, for `failed` and `pending`. */
  error?: string;
}

export interface PushPendingReport {
  pushed: string[];
  /** Still in the journal (GCP unreachable or failing). */
  pending: { prefix: string; error: string }[];
  /** Cannot be pushed as they are (partition missing or corrupt): a person must look. */
  broken: { prefix: string; error: string }[];
}

export interface RunReport {
  runId: string;
  mode: RunMode;
  outcomes: EntityOutcome[];
  /** Pending partitions of earlier runs pushed first (gcp mode). */
  earlier?: PushPendingReport;
  durationMs: number;
  exitCode: number;
}

// ----- Dependencies of a run (tests pass fakes) -----

export interface RunDependencies {
  http: HttpClient;
  logger: Logger;
  /** Only called in gcp mode. */
  createSinks?: () => Promise<GcpSinks>;
  /** Default `crypto.randomUUID`. */
  newRunId?: () => string;
  /** Default `() => new Date()`. */
  now?: () => Date;
  /** Progress of a response as it downloads, for a TTY. */
  onDownloadProgress?: (entity: EntityName, loaded: number, total: number | undefined) => void;
}

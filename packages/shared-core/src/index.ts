export { CloudConfigError, ExitCode, LockHeldError, LockLostError, UpstreamError, UsageError, exitCodeFor } from './errors.js';
export type { UpstreamErrorOptions } from './errors.js';
export { ENV_FILE_NAME, PATH_VARIABLES, defineConfigFields, findEnvFile, loadConfig, locateEnvFile, readEnvFile, resolveConfig, withDotenv } from './config.js';
export type { FindEnvFileOptions } from './config.js';
export {
  apiUrlSchema,
  bigQueryDatasetProblem,
  bigQueryDatasetSchema,
  booleanSetting,
  DEFAULT_DATASETS,
  configFields,
  credentialsPathSchema,
  gcpProjectIdProblem,
  gcpProjectIdSchema,
  gcpRegionProblem,
  gcpRegionSchema,
  gcsBucketNameProblem,
  gcsBucketNameSchema,
  httpUrlProblem,
  intSetting,
  logFormatSchema,
  logFormats,
  logLevelSchema,
  logLevels,
  loggingFields,
  pathSchema,
} from './config-fields.js';
export type { LogLevel } from './config-fields.js';
export { createLogger, isPrettyFormat } from './logger.js';
export type { Logger } from './logger.js';
export { SECRET_KEYS, isSecretKey, redactSecrets, secretRedactPaths, withoutCredentials, withoutSecrets } from './redact.js';
export type { Redacted, SecretKey } from './redact.js';
export { createHttpClient, defaultUserAgent, joinUrl } from './http.js';
export { JsonArrayError, JsonArraySplitter } from './json/array-splitter.js';
export type { JsonArrayProblem } from './json/array-splitter.js';
export { backoffDelay, isRetryableNetworkCode, isRetryableStatus, parseRetryAfter, retryDelay } from './retry.js';
export type { BackoffOptions, RetryDelayOptions } from './retry.js';
export { productSchema } from './schemas/product.js';
export type { Product } from './schemas/product.js';
export { userSchema } from './schemas/user.js';
export type { User } from './schemas/user.js';
export { cartLineSchema, cartSchema } from './schemas/cart.js';
export type { Cart, CartLine } from './schemas/cart.js';
export { describeIssues, validateRecords } from './schemas/validate.js';
export type { RecordReject, ValidationResult } from './schemas/validate.js';
export type {
  ConfigField,
  ConfigFields,
  ConfigIssue,
  ConfigOf,
  HttpClient,
  HttpClientOptions,
  HttpLogger,
  HttpResponse,
  JsonArrayConsumer,
  JsonArrayRecord,
  JsonArrayStreamInfo,
  LoadConfigOptions,
  LogFormat,
  LoggerOptions,
  RequestOptions,
  ResolveConfigOptions,
  RetryEvent,
  StreamOptions,
  StreamResponse,
} from './types.js';
export { moveIntoPlace, syncDir, writeFileAtomic } from './fs/atomic-write.js';
export { DEFAULT_LOCK_STALE_MS, acquireInstanceLock, instanceLockPath, withInstanceLock } from './lock/instance-lock.js';
export type { InstanceLock, InstanceLockOptions } from './lock/instance-lock.js';
export { DATA_FILE, MANIFEST_FILE, REJECTS_FILE, parsePartitionPrefix, partitionPrefix, quarantinePrefix, utcDate } from './lake/paths.js';
export type { PartitionKey } from './lake/paths.js';
export { envelopeLineWriter, toEnvelope, toJsonLines } from './lake/envelope.js';
export type { EnvelopeMeta, RecordEnvelope } from './lake/envelope.js';
export { manifestSchema, parseManifest, sha256Hex } from './lake/manifest.js';
export type { Manifest } from './lake/manifest.js';
export { readLocalManifest, writeLocalPartition } from './lake/local-lake.js';
export { openPartitionWriter } from './lake/partition-writer.js';
export type { PartitionStats, PartitionWriter } from './lake/partition-writer.js';
export type { PartitionFiles, WritePartitionInput } from './lake/local-lake.js';
export {
  PUSH_STAGES,
  emptyJournal,
  journalPath,
  readJournal,
  recordPending,
  resolvePending,
  writeJournal,
} from './lake/pending-journal.js';
export type { PendingJournal, PendingPush, PushStage } from './lake/pending-journal.js';
export { BRONZE_TABLES, bronzeTableDefinition, bronzeTableFor } from './lake/bronze-schemas.js';
export type { BronzeTable, BronzeTableDefinition } from './lake/bronze-schemas.js';
export { useColor } from './cli/color.js';
export type { ColorStream } from './cli/color.js';
export { addConfigOptions, configOption, givenFlags } from './cli/config-options.js';
export type { ConfigOptionsSettings, ShortFlags } from './cli/config-options.js';
export { packageVersion } from './cli/package-version.js';
export { onRun, toolCommand, toolProgram } from './cli/program.js';
export type { CommandRun, ToolCommandSpec, ToolProgramSpec } from './cli/program.js';
export { runCli } from './cli/run-cli.js';
export type { RunCliOptions } from './cli/run-cli.js';
export { checkGoogleCredentials, checkKeyFile, credentialsOrigin, useKeyFileForAdc } from './adapters/credentials.js';
export type { CredentialsCheckOptions, GoogleCredentials } from './adapters/credentials.js';
export { keyFileProblem, readCredentialsFile } from './key-file.js';
export type { CredentialsFileReading } from './key-file.js';
export { findAdcSource, gcloudAdcPath } from './gcp/adc-source.js';
export type { AdcProbe, AdcSource } from './gcp/adc-source.js';
export { classifyCloudError, isConfigurationFault } from './gcp/classify-fault.js';
export type { CloudFault, CloudFaultContext, CloudFaultKind, CredentialsOrigin } from './gcp/classify-fault.js';
export { PERMISSION_ROLES, iamMember, roleFor } from './gcp/roles.js';
export type { GrantScope, RoleGrant } from './gcp/roles.js';
export { createPubSubPublisher } from './adapters/pubsub.js';
export type { PubSubMessage, PubSubPublishResult, PubSubPublisher, PubSubPublisherOptions, PubSubTopicHandle } from './adapters/pubsub.js';
export type { DownloadProgress } from './types.js';
export { createGcsObjectStore, gcsUri, md5Base64OfFile, toStoredObject } from './adapters/gcs.js';
export { DeadlineError, boundedRetries, describeGoogleError, httpStatusOf, withDeadline } from './adapters/_google.js';
export { createBigQueryLoader, loadJobConfiguration, parseJobStatus, tableResource } from './adapters/bigquery.js';
export type { JobStatus } from './adapters/bigquery.js';
export type {
  BronzeLoader,
  BronzeLoaderOptions,
  LoadJobRequest,
  LoadJobResult,
  ObjectStore,
  ObjectStoreOptions,
  ObjectUpload,
  StoredObject,
} from './types.js';

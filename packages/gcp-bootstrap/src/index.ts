export { createCli } from './cli-definition.js';
export { renderChecklist } from './checklist.js';
export type { ChecklistOptions } from './checklist.js';
export { inspectKeyFile, serviceAccountKeySchema } from './credentials.js';
export type { KeyFileInspection } from './credentials.js';
export { runDoctor } from './doctor.js';
export { enableApis } from './enable-apis.js';
export { CLOUD_PLATFORM_SCOPE, DEFAULT_ENDPOINTS, REQUIRED_APIS, apiUrls, resolveEndpoints } from './endpoints.js';
export { TOOL_NEEDS, TOOL_TABLES, grantCommand, permissionCheck } from './permissions.js';
export type { Granted, GrantTarget, Need, Scope } from './permissions.js';
export { createGoogleTransport } from './transport.js';
export { TOOLS } from './types.js';
export type {
  CheckResult,
  CheckStatus,
  CliContext,
  DoctorOptions,
  DoctorReport,
  EnableApisOptions,
  EnableApisResult,
  GcpEndpoints,
  GcpRequest,
  GcpResponse,
  GcpTransport,
  Tool,
  TransportOptions,
} from './types.js';

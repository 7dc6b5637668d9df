import { type ErrorFacts, errorFacts } from './error-facts.js';
import { type GrantScope, iamMember, roleFor } from './roles.js';

/**
 * What kind of fault an error from a Google client is. Every kind but `other` is configuration
 * (exit 2): waiting or retrying never fixes it, a person must. `other` is everything else
 * (network errors, 5xx, timeouts, 404...): the tools keep treating those as they did.
 */
export type CloudFaultKind = 'no-credentials' | 'credentials-rejected' | 'permission-denied' | 'api-disabled' | 'other';

/** Where the credentials in use came from, for the fix of a rejected one. */
export type CredentialsOrigin =
  | { kind: 'key-file'; path: string }
  | { kind: 'gcloud'; path: string }
  | { kind: 'metadata' };

export interface CloudFaultContext {
  /** Who called, when known: a service account's email (from its key file or the metadata server). */
  principal?: string;
  /** The resource per grant scope, as the line names it: `{ bucket: 'gs://lake', project: 'my-project' }`. */
  resources?: Partial<Record<GrantScope, string>>;
  /** What the call was on, when no scope of `resources` fits: `gs://lake/raw/...`. */
  resource?: string;
  /** The permission the call needs, for APIs whose refusal does not name it (Pub/Sub's). */
  permission?: string;
  /** The API called (`pubsub.googleapis.com`), named when a refusal does not say which API is off. */
  service?: string;
  /** The project the tool works in, for the enable-apis command. */
  projectId?: string;
  credentials?: CredentialsOrigin;
}

export interface CloudFault {
  kind: CloudFaultKind;
  /** One line, cause then fix; names no secret. */
  line: string;
  permission?: string;
  role?: string;
  principal?: string;
  /** The disabled API, e.g. `bigquery.googleapis.com`. */
  service?: string;
}

const NO_ADC = /Could not load the default credentials/i;
const OAUTH_REJECTED = /\b(invalid_grant|invalid_rapt|invalid_client|unauthorized_client|deleted_client)\b/;
const DISABLED = /has not been used in project \S+ before or it is disabled|API is disabled|SERVICE_DISABLED/i;
/** `storage.objects.create`; not a service name (`bigquery.googleapis.com`) nor an account's domain. */
const PERMISSION = /\b((?:storage|bigquery|pubsub|serviceusage|resourcemanager|iam)\.(?!googleapis\.com|gserviceaccount\.com)[a-zA-Z]+\.[a-zA-Z]+)\b/;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;
const EMAILS = new RegExp(EMAIL.source, 'g');
const GRPC_PERMISSION_DENIED = 7;
const GRPC_UNAUTHENTICATED = 16;

export const RELOGIN = "run 'gcloud auth application-default login'";
export const KEY_FILE_FIX = 'point GOOGLE_APPLICATION_CREDENTIALS (or --credentials) at a service-account key file';

/**
 * Sorts an error of a Google client (or of google-auth-library) into a fault kind, with the one
 * line a person needs: what is wrong and what fixes it (the re-login, the key file, the role to
 * grant, the API to enable). Pure: reads the error and the context only.
 */
export function classifyCloudError(error: unknown, context: CloudFaultContext = {}): CloudFault {
  const facts = errorFacts(error);
  const text = facts.messages.join('\n');
  if (NO_ADC.test(text)) return noCredentials();
  if (facts.oauthError !== undefined || OAUTH_REJECTED.test(text)) return rejected(facts, context);
  if (facts.httpStatus === 401 || facts.grpcCode === GRPC_UNAUTHENTICATED) return rejected(facts, context);
  const denied = facts.httpStatus === 403 || facts.grpcCode === GRPC_PERMISSION_DENIED;
  if (denied && (facts.reasons.has('SERVICE_DISABLED') || facts.reasons.has('accessNotConfigured') || DISABLED.test(text))) {
    return apiDisabled(facts, context);
  }
  if (denied && (facts.reasons.has('ACCESS_TOKEN_SCOPE_INSUFFICIENT') || /insufficient authentication scopes/i.test(text))) {
    return {
      kind: 'credentials-rejected',
      line: `the credentials lack the cloud-platform scope (${apiMessage(facts)}): give the VM or service the cloud-platform access scope, or ${RELOGIN}`,
    };
  }
  if (denied) return permissionDenied(facts, context);
  return { kind: 'other', line: apiMessage(facts) };
}

/** Whether a fault is one a person must fix (exit 2), as opposed to an outage or a failure. */
export function isConfigurationFault(fault: CloudFault): boolean {
  return fault.kind !== 'other';
}

export function noCredentials(): CloudFault {
  return { kind: 'no-credentials', line: `no Google Cloud credentials found: ${RELOGIN}, or ${KEY_FILE_FIX}` };
}

function rejected(facts: ErrorFacts, context: CloudFaultContext): CloudFault {
  const why = facts.oauthError ? [facts.oauthError, facts.oauthDescription].filter(Boolean).join(': ') : apiMessage(facts);
  const origin = context.credentials;
  const principal = context.principal;
  const line =
    origin?.kind === 'key-file'
      ? `Google rejected the key file ${origin.path} (${why}): the key was deleted or its service account disabled; ` +
        `create a new key with gcloud iam service-accounts keys create ${origin.path} --iam-account ${principal ?? 'SA_EMAIL'}`
      : origin?.kind === 'gcloud'
        ? `Google rejected your gcloud application-default credentials (${why}): ${RELOGIN} again`
        : origin?.kind === 'metadata'
          ? `Google rejected the credentials of the attached service account${principal ? ` ${principal}` : ''} (${why}): check that it exists and is enabled`
          : `Google rejected the credentials (${why}): ${RELOGIN}, or ${KEY_FILE_FIX}`;
  return { kind: 'credentials-rejected', line, ...(principal && { principal }) };
}

function apiDisabled(facts: ErrorFacts, context: CloudFaultContext): CloudFault {
  const text = facts.messages.join('\n');
  const service = facts.metadata.service ?? /([a-z0-9-]+\.googleapis\.com)/.exec(text)?.[1] ?? context.service;
  const consumer = facts.metadata.consumer?.replace(/^projects\//, '') ?? /in project (\S+?) before/.exec(text)?.[1];
  const project = context.projectId ?? consumer;
  const what = service ? `the API ${service}` : 'a Google Cloud API this tool needs';
  const where = consumer ?? context.projectId;
  const enable = `run gcp-bootstrap enable-apis${project ? ` --project-id ${project}` : ''}`;
  // enable-apis itself goes through Service Usage: when that one is off, only gcloud can turn it on.
  const fix = service === 'serviceusage.googleapis.com'
    ? `run gcloud services enable serviceusage.googleapis.com${project ? ` --project ${project}` : ''}, then ${enable}`
    : enable;
  return { kind: 'api-disabled', line: `${what} is disabled${where ? ` in project ${where}` : ''}: ${fix}, then try again`, ...(service && { service }) };
}

function permissionDenied(facts: ErrorFacts, context: CloudFaultContext): CloudFault {
  const text = facts.messages.join('\n');
  // Emails out first: `sa@p.iam.gserviceaccount.com` reads like an `iam.` permission.
  const permission = facts.metadata.permission ?? PERMISSION.exec(text.replace(EMAILS, ''))?.[1] ?? context.permission;
  const principal = context.principal ?? EMAIL.exec(text)?.[0];
  const who = principal ?? 'the caller';
  const found = { kind: 'permission-denied' as const, ...(principal && { principal }) };
  if (!permission) {
    const on = context.resource ? ` on ${context.resource}` : '';
    return { ...found, line: `permission denied${on} to ${who} (${apiMessage(facts)}): run gcp-bootstrap doctor to see which role is missing` };
  }
  const grant = roleFor(permission);
  if (!grant) {
    const on = context.resource ? ` on ${context.resource}` : '';
    return { ...found, permission, line: `permission denied: ${who} lacks ${permission}${on}; grant a role that holds it (gcp-bootstrap doctor checks what each tool needs)` };
  }
  const label = context.resources?.[grant.scope];
  const target = label ? `${grant.scope} ${label}` : context.resource ?? `the ${grant.scope}`;
  const whom = principal ? iamMember(principal) : 'the caller';
  const how = grant.role.startsWith('roles/serviceusage.')
    ? 'run it as a project owner, or ask one to'
    : 'terraform -chdir=infra apply grants the tools their roles; gcp-bootstrap doctor checks them';
  return {
    ...found,
    permission,
    role: grant.role,
    line: `permission denied: ${who} lacks ${permission} on ${target}; grant ${whom} ${grant.role} there (${how})`,
  };
}

/** The API's message, one line, bounded: never a dump. */
function apiMessage(facts: ErrorFacts): string {
  const status = facts.httpStatus ?? facts.grpcCode;
  const first = (facts.messages[0] ?? 'no message').split('\n')[0]!.replace(/\s+/g, ' ').trim();
  const line = first.length > 160 ? `${first.slice(0, 157)}...` : first;
  return status !== undefined && !line.includes(String(status)) ? `${status} ${line}` : line;
}

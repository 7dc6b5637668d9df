import type { GcpEndpoints } from './types.js';

export const DEFAULT_ENDPOINTS: GcpEndpoints = {
  serviceUsage: 'https://serviceusage.googleapis.com',
  resourceManager: 'https://cloudresourcemanager.googleapis.com',
  storage: 'https://storage.googleapis.com',
  bigQuery: 'https://bigquery.googleapis.com',
  pubSub: 'https://pubsub.googleapis.com',
};

/** The APIs the pipeline and this tool call. */
export const REQUIRED_APIS = [
  'bigquery.googleapis.com',
  'storage.googleapis.com',
  'pubsub.googleapis.com',
  'iam.googleapis.com',
  'serviceusage.googleapis.com',
  'cloudresourcemanager.googleapis.com',
] as const;

export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

export function resolveEndpoints(overrides: Partial<GcpEndpoints> = {}): GcpEndpoints {
  const merged = { ...DEFAULT_ENDPOINTS, ...overrides };
  return Object.fromEntries(Object.entries(merged).map(([key, url]) => [key, url.replace(/\/+$/, '')])) as unknown as GcpEndpoints;
}

const enc = encodeURIComponent;

/** REST URLs, one function per call, so every path is spelled once. */
export function apiUrls(endpoints: GcpEndpoints, projectId: string) {
  const project = enc(projectId);
  return {
    servicesBatchGet: (apis: readonly string[]) =>
      `${endpoints.serviceUsage}/v1/projects/${project}/services:batchGet?${apis.map((api) => `names=${enc(`projects/${projectId}/services/${api}`)}`).join('&')}`,
    servicesBatchEnable: () => `${endpoints.serviceUsage}/v1/projects/${project}/services:batchEnable`,
    /** `name` is the operation's own name, e.g. `operations/acat.p2-123`. */
    operation: (name: string) => `${endpoints.serviceUsage}/v1/${name.split('/').map(enc).join('/')}`,
    projectTestPermissions: () => `${endpoints.resourceManager}/v1/projects/${project}:testIamPermissions`,
    bucketTestPermissions: (bucket: string, permissions: readonly string[]) =>
      `${endpoints.storage}/storage/v1/b/${enc(bucket)}/iam/testPermissions?${permissions.map((p) => `permissions=${enc(p)}`).join('&')}`,
    dataset: (dataset: string) => `${endpoints.bigQuery}/bigquery/v2/projects/${project}/datasets/${enc(dataset)}`,
    table: (dataset: string, table: string) => `${endpoints.bigQuery}/bigquery/v2/projects/${project}/datasets/${enc(dataset)}/tables/${enc(table)}`,
    tableTestPermissions: (dataset: string, table: string) =>
      `${endpoints.bigQuery}/bigquery/v2/projects/${project}/datasets/${enc(dataset)}/tables/${enc(table)}:testIamPermissions`,
    topicTestPermissions: (topic: string) => `${endpoints.pubSub}/v1/projects/${project}/topics/${enc(topic)}:testIamPermissions`,
  };
}

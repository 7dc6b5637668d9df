/** Where a role is granted: the narrowest resource that carries it, as infra/ grants it. */
export type GrantScope = 'project' | 'bucket' | 'dataset' | 'topic';

export interface RoleGrant {
  role: string;
  scope: GrantScope;
}

/**
 * The permissions the tools use, each with the least-privilege predefined role infra/ grants the
 * tool that needs it (infra/main.tf `module "iam"`, infra/modules/cart-streamer/iam.tf). A refusal
 * names a permission; this says what to grant, and where.
 *
 * BigQuery metadata reads (`datasets.get`, `tables.get`) map to dataEditor, not dataViewer: the one
 * tool that makes them is batch-ingest, which needs dataEditor for its next call anyway.
 */
export const PERMISSION_ROLES: Readonly<Record<string, RoleGrant>> = {
  'storage.objects.create': { role: 'roles/storage.objectCreator', scope: 'bucket' },
  'storage.objects.get': { role: 'roles/storage.objectViewer', scope: 'bucket' },
  'storage.objects.list': { role: 'roles/storage.objectViewer', scope: 'bucket' },
  // The streamer's state commits replace objects: objectUser, on its state prefix only.
  'storage.objects.delete': { role: 'roles/storage.objectUser', scope: 'bucket' },
  'storage.objects.update': { role: 'roles/storage.objectUser', scope: 'bucket' },
  'bigquery.jobs.create': { role: 'roles/bigquery.jobUser', scope: 'project' },
  'bigquery.datasets.get': { role: 'roles/bigquery.dataEditor', scope: 'dataset' },
  'bigquery.tables.get': { role: 'roles/bigquery.dataEditor', scope: 'dataset' },
  'bigquery.tables.create': { role: 'roles/bigquery.dataEditor', scope: 'dataset' },
  'bigquery.tables.updateData': { role: 'roles/bigquery.dataEditor', scope: 'dataset' },
  'bigquery.tables.getData': { role: 'roles/bigquery.dataViewer', scope: 'dataset' },
  'pubsub.topics.publish': { role: 'roles/pubsub.publisher', scope: 'topic' },
  // enable-apis runs as a person (a project owner), not as a tool account: infra/ grants it nothing.
  'serviceusage.services.get': { role: 'roles/serviceusage.serviceUsageAdmin', scope: 'project' },
  'serviceusage.services.list': { role: 'roles/serviceusage.serviceUsageAdmin', scope: 'project' },
  'serviceusage.services.enable': { role: 'roles/serviceusage.serviceUsageAdmin', scope: 'project' },
};

/** The role to grant for a permission, if it is one the tools use. */
export function roleFor(permission: string): RoleGrant | undefined {
  return Object.hasOwn(PERMISSION_ROLES, permission) ? PERMISSION_ROLES[permission] : undefined;
}

/** The IAM member of a principal: `serviceAccount:` for service accounts, `user:` for people. */
export function iamMember(principal: string): string {
  return /\.gserviceaccount\.com$/i.test(principal) ? `serviceAccount:${principal}` : `user:${principal}`;
}

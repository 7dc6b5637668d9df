import type { CheckResult, Tool } from './types.js';

/** Where a permission is tested, and the narrowest predefined role that carries it there. */
export type Scope = 'project' | 'bucket' | 'bronze-table' | 'topic';

export interface Need {
  permission: string;
  scope: Scope;
  role: string;
}

/** What each tool needs, as infra/ grants it (modules/iam and the root module). */
export const TOOL_NEEDS: Record<Tool, readonly Need[]> = {
  'batch-ingest': [
    { permission: 'storage.objects.create', scope: 'bucket', role: 'roles/storage.objectCreator' },
    { permission: 'storage.objects.get', scope: 'bucket', role: 'roles/storage.objectViewer' },
    { permission: 'bigquery.jobs.create', scope: 'project', role: 'roles/bigquery.jobUser' },
    { permission: 'bigquery.tables.get', scope: 'bronze-table', role: 'roles/bigquery.dataEditor' },
    { permission: 'bigquery.tables.updateData', scope: 'bronze-table', role: 'roles/bigquery.dataEditor' },
  ],
  'cart-streamer': [{ permission: 'pubsub.topics.publish', scope: 'topic', role: 'roles/pubsub.publisher' }],
  dbt: [
    { permission: 'bigquery.jobs.create', scope: 'project', role: 'roles/bigquery.jobUser' },
    { permission: 'bigquery.tables.getData', scope: 'bronze-table', role: 'roles/bigquery.dataViewer' },
  ],
};

/** Bronze tables each tool touches (batch-ingest loads two; dbt reads all three). */
export const TOOL_TABLES: Record<Tool, readonly string[]> = {
  'batch-ingest': ['products_raw', 'users_raw'],
  'cart-streamer': ['cart_events_raw'],
  dbt: ['products_raw', 'users_raw', 'cart_events_raw'],
};

export const TOOL_PURPOSE: Record<Tool, string> = {
  'batch-ingest': 'write the lake and load bronze',
  'cart-streamer': 'publish cart events',
  dbt: 'run jobs and read bronze',
};

export interface GrantTarget {
  projectId: string;
  member: string;
  bucket?: string;
  datasetId: string;
  topic: string;
}

/** The command that grants `role` on the resource of `scope` to the member. */
export function grantCommand(scope: Scope, role: string, target: GrantTarget): string {
  const { projectId, member } = target;
  switch (scope) {
    case 'project':
      return `gcloud projects add-iam-policy-binding ${projectId} --member=${member} --role=${role} --condition=None`;
    case 'bucket':
      return `gcloud storage buckets add-iam-policy-binding gs://${target.bucket ?? 'BUCKET'} --member=${member} --role=${role}`;
    case 'bronze-table':
      return `bq query --use_legacy_sql=false 'GRANT \`${role}\` ON SCHEMA \`${projectId}.${target.datasetId}\` TO "${member}"'`;
    case 'topic':
      return `gcloud pubsub topics add-iam-policy-binding ${target.topic} --project=${projectId} --member=${member} --role=${role}`;
  }
}

/** What was learnt about the caller's permissions, per scope; `undefined` = could not be tested. */
export interface Granted {
  project?: ReadonlySet<string>;
  bucket?: ReadonlySet<string>;
  /** Per existing bronze table. */
  tables: ReadonlyMap<string, ReadonlySet<string>>;
  topic?: ReadonlySet<string>;
}

/** One checklist line per tool: which of its permissions the caller lacks, with the grants that fix it. */
export function permissionCheck(tool: Tool, granted: Granted, target: GrantTarget): CheckResult {
  const title = `${tool}: permissions to ${TOOL_PURPOSE[tool]}`;
  const missing: string[] = [];
  const untested: string[] = [];
  const grants = new Set<string>();
  let tested = 0;
  for (const need of TOOL_NEEDS[tool]) {
    const places = holders(need.scope, tool, granted, target);
    if (places.length === 0) {
      untested.push(need.permission);
      continue;
    }
    for (const { where, set } of places) {
      tested += 1;
      if (!set.has(need.permission)) {
        missing.push(`${need.permission} on ${where}`);
        grants.add(grantCommand(need.scope, need.role, target));
      }
    }
  }
  const notes = [
    untested.length > 0 ? `not tested (resource missing or unreachable): ${[...new Set(untested)].join(', ')}` : undefined,
    tool === 'dbt' ? 'writes to silver/gold cannot be probed (BigQuery has no dataset testIamPermissions); infra/ grants roles/bigquery.dataEditor there' : undefined,
  ].filter((note): note is string => note !== undefined);
  if (missing.length > 0) {
    return {
      status: 'fail',
      title,
      detail: [`missing ${missing.join(', ')}`, ...notes].join('; '),
      fix: [...grants, 'or: terraform -chdir=infra apply   # grants the tool service accounts exactly these roles'],
    };
  }
  if (tested === 0) return { status: 'skip', title, detail: notes.join('; ') };
  return { status: 'pass', title, ...(notes.length > 0 ? { detail: notes.join('; ') } : {}) };
}

function holders(scope: Scope, tool: Tool, granted: Granted, target: GrantTarget): { where: string; set: ReadonlySet<string> }[] {
  switch (scope) {
    case 'project':
      return granted.project ? [{ where: `project ${target.projectId}`, set: granted.project }] : [];
    case 'bucket':
      return granted.bucket ? [{ where: `gs://${target.bucket ?? ''}`, set: granted.bucket }] : [];
    case 'topic':
      return granted.topic ? [{ where: `topic ${target.topic}`, set: granted.topic }] : [];
    case 'bronze-table':
      return TOOL_TABLES[tool].flatMap((table) => {
        const set = granted.tables.get(table);
        return set ? [{ where: `${target.datasetId}.${table}`, set }] : [];
      });
  }
}

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INFRA_DIR, loadModule, moduleDirs, resource, strings } from './support/hcl.js';

const PRIMITIVE = /^roles\/(owner|editor|viewer)$/;
const ADMIN = /admin/i;

async function allModules() {
  return Promise.all([INFRA_DIR, ...moduleDirs()].map((dir) => loadModule(dir)));
}

describe('infra/: least privilege', () => {
  it('grants no primitive (owner/editor/viewer) and no *admin role anywhere', async () => {
    const roles = new Set<string>();
    for (const module of await allModules()) {
      for (const text of strings(module.resources).concat(strings(module.modules))) {
        for (const match of text.matchAll(/roles\/[A-Za-z0-9_.]+/g)) roles.add(match[0]);
      }
    }
    expect(roles.size).toBeGreaterThan(5);
    for (const role of roles) {
      expect(role, role).not.toMatch(PRIMITIVE);
      expect(role, role).not.toMatch(ADMIN);
    }
  });

  it('has no authoritative IAM resources (policy/binding), only additive members', async () => {
    for (const module of await allModules()) {
      const types = Object.keys(module.resources).filter((type) => /_iam_(policy|binding)$/.test(type));
      expect(types, module.dir).toEqual([]);
    }
  });

  it('grants at project level only what no resource can carry: bigquery.jobUser (jobs), workflows.invoker (deployment only)', async () => {
    for (const module of await allModules()) {
      const projectLevel = Object.keys(module.resources).filter((type) => type.startsWith('google_project_iam'));
      if (module.dir.endsWith('modules/iam')) expect(projectLevel).toEqual(['google_project_iam_member']);
      else expect(projectLevel, module.dir).toEqual([]);
    }
    const root = await loadModule(INFRA_DIR);
    const iamCalls = Object.entries(root.modules).filter(([, [call]]) => (call as { source: string }).source === './modules/iam');
    expect(iamCalls.map(([name]) => name).sort()).toEqual(['deployment_iam', 'iam']);
    const projectRoles = root.modules.iam![0]!.project_roles as Record<string, string[]>;
    expect(new Set(Object.values(projectRoles).flat())).toEqual(new Set(['roles/bigquery.jobUser']));
    // Starting a workflow needs roles/workflows.invoker, which exists only on the project (Workflows
    // has no per-workflow IAM); only the deployment's invoker holds it, and only when deployed.
    const deployment = root.modules.deployment_iam![0]!;
    expect(deployment.count).toBe('${local.deploy_runtime ? 1 : 0}');
    expect(deployment.project_roles).toEqual({ '${(local.invoker_service_account)}': ['roles/workflows.invoker'] });
  });

  it('refuses admin and primitive roles in every role input of modules/iam', async () => {
    const iam = await loadModule(join(INFRA_DIR, 'modules/iam'));
    for (const name of ['project_roles', 'bucket_roles', 'dataset_roles', 'topic_roles']) {
      const conditions = (iam.variables[name]![0]!.validation as { condition: string }[]).map((v) => v.condition).join(' ');
      expect(conditions, name).toContain('admin');
      expect(conditions, name).toContain('owner|editor|viewer');
    }
  });

  it('gives each tool its resource-level roles and nothing else', async () => {
    const root = await loadModule(INFRA_DIR);
    const iam = root.modules.iam![0]!;
    const grants = (list: string) =>
      (iam[list] as Record<string, string>[]).map((g) => `${(g.service_account ?? '').replace(/^\$\{local\.service_accounts\.(\w+)\}$/, '$1')} ${g.role} ${g.bucket ?? g.dataset_id ?? g.topic}`).sort();
    expect(grants('bucket_roles')).toEqual([
      'batch roles/storage.objectCreator ${module.storage.name}',
      'batch roles/storage.objectViewer ${module.storage.name}',
    ]);
    expect(grants('dataset_roles')).toEqual([
      'batch roles/bigquery.dataEditor ${module.bigquery.dataset_ids["bronze"]}',
      'dbt roles/bigquery.dataEditor ${module.bigquery.dataset_ids["gold"]}',
      'dbt roles/bigquery.dataEditor ${module.bigquery.dataset_ids["silver"]}',
      'dbt roles/bigquery.dataViewer ${module.bigquery.dataset_ids["bronze"]}',
    ]);
    expect(grants('topic_roles')).toEqual(['streamer roles/pubsub.publisher ${module.pubsub.topic_name}']);
    expect(Object.keys(iam.project_roles as object).sort()).toEqual(['${(local.service_accounts.batch)}', '${(local.service_accounts.dbt)}']);
  });

  it('binds members of the tool service accounts only, never allUsers/allAuthenticatedUsers', async () => {
    for (const module of await allModules()) {
      expect(strings(module.files).filter((s) => /allUsers|allAuthenticatedUsers/.test(s)), module.dir).toEqual([]);
    }
    const iam = await loadModule(join(INFRA_DIR, 'modules/iam'));
    for (const type of ['google_project_iam_member', 'google_storage_bucket_iam_member', 'google_bigquery_dataset_iam_member', 'google_pubsub_topic_iam_member']) {
      expect(resource(iam, type, 'default').member).toMatch(/^\$\{local\.members\[each\.value\.(sa|service_account)\]\}$/);
    }
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from '@cdktn/hcl2json';
import { describe, expect, it } from 'vitest';
import { bigQueryDatasetProblem, gcpProjectIdProblem, gcpRegionProblem, gcsBucketNameProblem } from '@fakestore/shared-core';
import { INFRA_DIR, loadModule, moduleDirs } from './support/hcl.js';

type Variable = { type?: string; description?: string; validation?: { condition: string; error_message: string }[]; default?: unknown };

describe('infra/: root module', () => {
  it('gives every root variable a type, a description and a validation block', async () => {
    const root = await loadModule(INFRA_DIR);
    const names = Object.keys(root.variables);
    expect(names.length).toBeGreaterThanOrEqual(10);
    for (const name of names) {
      const variable = root.variables[name]![0] as Variable;
      expect(variable.type, `${name}: type`).toMatch(/^\$\{[\s\S]+\}$/);
      expect(variable.description?.length ?? 0, `${name}: description`).toBeGreaterThan(20);
      expect(variable.validation?.length, `${name}: validation`).toBeGreaterThan(0);
      for (const rule of variable.validation!) {
        expect(rule.condition, `${name}: condition`).toContain(`var.${name}`);
        expect(rule.error_message.length, `${name}: error_message`).toBeGreaterThan(20);
      }
    }
  });

  it('declares variables in alphabetical order, as fabric does', () => {
    const text = readFileSync(join(INFRA_DIR, 'variables.tf'), 'utf8');
    const order = [...text.matchAll(/^variable "([^"]+)"/gm)].map((m) => m[1]!);
    expect(order).toEqual([...order].sort());
  });

  it('validates names as the tools do (project id, region, bucket name)', async () => {
    const root = await loadModule(INFRA_DIR);
    const regexes = (name: string) =>
      (root.variables[name]![0] as Variable).validation!.flatMap((v) => [...v.condition.matchAll(/(?<!!)can\(regex\("((?:[^"\\]|\\.)*)", var\./g)].map((m) => new RegExp(JSON.parse(`"${m[1]}"`) as string)));
    const accepts = (name: string, value: string) => regexes(name).every((re) => re.test(value));
    const cases: [string, (v: string) => string | undefined, string[]][] = [
      ['project_id', gcpProjectIdProblem, ['my-project-123', 'abcdef', 'Abc-def', 'ab', 'my-project-', '1project', 'a'.repeat(31)]],
      ['region', gcpRegionProblem, ['us-central1', 'europe-west1', 'northamerica-northeast2', 'us-central', 'US', 'us_central1']],
      ['bucket_name', gcsBucketNameProblem, ['my-lake', 'my_lake-01', 'ab', 'My-Lake', '-lake', 'lake-', 'a'.repeat(63), 'a'.repeat(64)]],
    ];
    for (const [name, problem, values] of cases) {
      for (const value of values) expect(accepts(name, value), `${name} = ${value}`).toBe(problem(value) === undefined);
    }
    // What only Terraform adds: no "google" look-alikes in bucket names.
    const bucketConditions = (root.variables.bucket_name![0] as Variable).validation!.map((v) => v.condition).join(' ');
    expect(bucketConditions).toContain('startswith(var.bucket_name, "goog")');
  });

  it('validates dataset names as the tools do (BQ_DATASET, BQ_SILVER_DATASET, BQ_GOLD_DATASET), and wants three different ones', async () => {
    const root = await loadModule(INFRA_DIR);
    const rules = (root.variables.dataset_ids![0] as Variable).validation!;
    const patterns = rules.flatMap((v) => [...v.condition.matchAll(/can\(regex\("((?:[^"\\]|\\.)*)", id\)\)/g)].map((m) => new RegExp(JSON.parse(`"${m[1]}"`) as string)));
    expect(patterns).toHaveLength(1);
    for (const value of ['bronze_data', 'Gold_2', 'a-b', 'a.b', '', 'a'.repeat(1024), 'a'.repeat(1025)]) {
      expect(patterns[0]!.test(value), value).toBe(bigQueryDatasetProblem(value) === undefined);
    }
    expect(rules.map((v) => v.condition).join(' ')).toContain('length(distinct(values(var.dataset_ids))) == 3');
  });

  it('pins the google provider to 7.x in the root and every module', async () => {
    for (const dir of [INFRA_DIR, ...moduleDirs()]) {
      const module = await loadModule(dir);
      const terraform = module.terraform[0] as { required_version: string; required_providers: { google: { source: string; version: string } }[] };
      expect(terraform.required_version, dir).toMatch(/^>= 1\.\d+\.\d+$/);
      expect(terraform.required_providers[0]!.google).toEqual({ source: 'hashicorp/google', version: '>= 7.40.0, < 8.0.0' });
    }
  });

  it('has the file layout of a module in every module (main, variables, outputs, versions)', () => {
    expect(moduleDirs().map((dir) => basename(dir))).toEqual([
      'artifact-registry', 'bigquery', 'cart-streamer', 'cloud-run-job', 'iam', 'monitoring', 'project-services', 'pubsub', 'scheduling', 'storage',
    ]);
    for (const dir of moduleDirs()) {
      for (const file of ['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf']) expect(existsSync(join(dir, file)), `${dir}/${file}`).toBe(true);
    }
  });

  it('describes and types every module variable and output', async () => {
    for (const dir of [INFRA_DIR, ...moduleDirs()]) {
      const module = await loadModule(dir);
      for (const [name, [variable]] of Object.entries(module.variables)) {
        expect((variable as Variable).type, `${dir} var.${name}`).toBeTruthy();
        expect((variable as Variable).description, `${dir} var.${name}`).toBeTruthy();
      }
      for (const [name, [output]] of Object.entries(module.outputs)) expect((output as { description?: string }).description, `${dir} output.${name}`).toBeTruthy();
    }
  });

  it('outputs the datasets, bucket, topic, service accounts and the exact commands to run the tools', async () => {
    const root = await loadModule(INFRA_DIR);
    for (const name of ['dataset_ids', 'bucket_name', 'topic_name', 'topic_id', 'dead_letter_topic_id', 'service_account_emails', 'commands', 'env']) {
      expect(root.outputs[name], name).toBeDefined();
    }
    const commands = root.outputs.commands![0]!.value as Record<string, string>;
    expect(commands.doctor).toMatch(/^gcp-bootstrap doctor --project-id \$\{var\.project_id\} --bucket-name .+ --dataset-id .+ --topic .+/);
    expect(commands.enable_apis).toBe('gcp-bootstrap enable-apis --project-id ${var.project_id}');
    expect(commands.batch_ingest).toMatch(/batch-ingest --project-id \$\{var\.project_id\} --bucket-name \$\{module\.storage\.name\} --dataset-id /);
    expect(commands.cart_streamer).toMatch(/cart-streamer --project-id \$\{var\.project_id\} --topic \$\{module\.pubsub\.topic_name\}/);
    expect(commands.dbt).toMatch(/dbt build .*--target bigquery/);
    expect(root.outputs.service_account_emails![0]!.value).toContain('module.iam.emails');
  });

  it('enables the six APIs through modules/project-services', async () => {
    const root = await loadModule(INFRA_DIR);
    expect([...(root.locals.apis as string[])].sort()).toEqual(
      ['bigquery', 'cloudresourcemanager', 'iam', 'pubsub', 'serviceusage', 'storage'].map((api) => `${api}.googleapis.com`),
    );
    const services = await loadModule(join(INFRA_DIR, 'modules/project-services'));
    expect(services.resources.google_project_service!.default![0]).toMatchObject({ disable_on_destroy: false });
  });

  it('documents an optional GCS backend that parses', async () => {
    const text = readFileSync(join(INFRA_DIR, 'backend.tf.example'), 'utf8');
    const hcl = (await parse('backend.tf.example', text)) as { terraform: { backend: { gcs: { bucket: string; prefix: string }[] } }[] };
    expect(hcl.terraform[0]!.backend.gcs[0]).toMatchObject({ prefix: 'fakestore-elt' });
    expect(readFileSync(join(INFRA_DIR, '.gitignore'), 'utf8')).toMatch(/^backend\.tf$/m); // the user's copy stays local
  });
});

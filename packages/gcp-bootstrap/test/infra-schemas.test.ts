import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BRONZE_TABLES, bronzeTableDefinition } from '@fakestore/shared-core';
import { INFRA_DIR, loadModule, resource, strings, moduleDirs } from './support/hcl.js';

/**
 * The bronze tables have one source of truth: the JSON schema files the TypeScript loaders
 * read. Terraform must read the same files, not a copy.
 */
describe('infra/: bronze table schemas', () => {
  it('lists exactly the bronze tables the loaders know', async () => {
    const root = await loadModule(INFRA_DIR);
    expect(root.locals.bronze_tables).toEqual([...BRONZE_TABLES]);
  });

  it('reads each schema from the file the loaders read', async () => {
    const root = await loadModule(INFRA_DIR);
    const expression = root.locals.bronze as string;
    const match = /jsondecode\(file\("([^"]+)"\)\)/.exec(expression);
    expect(match, `local.bronze must be jsondecode(file(...)), got ${expression}`).not.toBeNull();
    expect(expression).toMatch(/for name in local\.bronze_tables\s*:/);
    for (const table of BRONZE_TABLES) {
      // Evaluate the path template as Terraform would, from infra/ (path.module).
      const path = resolve(match![1]!.replace('${path.module}', INFRA_DIR).replace('${name}', table));
      const loaderFile = fileURLToPath(new URL(`../../shared-core/schemas/bronze/${table}.json`, import.meta.url));
      expect(path).toBe(loaderFile);
      // What Terraform decodes is what the loader validates and uses.
      expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(bronzeTableDefinition(table));
    }
  });

  it('passes jsonencode(fields), partitioning and clustering from those files to the tables', async () => {
    const root = await loadModule(INFRA_DIR);
    const tables = root.modules.bigquery![0]!.tables as string;
    expect(tables).toMatch(/for name, table in local\.bronze\s*:/);
    expect(tables).toMatch(/dataset\s*=\s*"bronze"/);
    expect(tables).toMatch(/schema\s*=\s*jsonencode\(table\.fields\)/);
    expect(tables).toMatch(/description\s*=\s*table\.description/);
    expect(tables).toMatch(/clustering\s*=\s*table\.clustering/);
    expect(tables).toMatch(/type\s*=\s*table\.timePartitioning\.type/);
    expect(tables).toMatch(/field\s*=\s*table\.timePartitioning\.field/);

    const bigquery = await loadModule(join(INFRA_DIR, 'modules/bigquery'));
    const table = resource(bigquery, 'google_bigquery_table', 'default');
    expect(table.schema).toBe('${each.value.schema}');
    expect(table.clustering).toBe('${each.value.clustering}');
    expect(table.time_partitioning).toEqual([{ type: '${each.value.time_partitioning.type}', field: '${each.value.time_partitioning.field}' }]);
  });

  it('declares no column anywhere in the Terraform code', async () => {
    for (const dir of [INFRA_DIR, ...moduleDirs()]) {
      const module = await loadModule(dir);
      const text = strings(module.files);
      expect(text.filter((s) => /\b(NULLABLE|REQUIRED|REPEATED)\b/.test(s)), dir).toEqual([]);
      expect(text.filter((s) => /_ingested_at|publish_time/.test(s)), dir).toEqual([]);
    }
  });

  it('shapes cart_events_raw as a BigQuery subscription with write_metadata writes it', () => {
    const { fields, timePartitioning } = bronzeTableDefinition('cart_events_raw');
    const columns = Object.fromEntries(fields.map((field) => [field.name, field.type]));
    // write_metadata: subscription_name, message_id, publish_time, attributes; then the message data.
    expect(columns).toEqual({ subscription_name: 'STRING', message_id: 'STRING', publish_time: 'TIMESTAMP', attributes: 'JSON', data: 'STRING' });
    expect(fields.every((field) => field.mode === 'NULLABLE')).toBe(true);
    expect(timePartitioning.field).toBe('publish_time');
  });
});

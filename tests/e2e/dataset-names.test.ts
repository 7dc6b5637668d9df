import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type TempDir, makeTempDir, repoRoot, runCommand } from '@fakestore/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveIngestConfig } from '../../packages/batch-ingest/src/config.js';
import { doctorFields } from '../../packages/gcp-bootstrap/src/config.js';
import { INFRA_DIR, loadModule } from '../../packages/gcp-bootstrap/test/support/hcl.js';
import { resolveConfig } from '../../packages/shared-core/src/config.js';
import { DEFAULT_DATASETS } from '../../packages/shared-core/src/config-fields.js';

/**
 * The warehouse's dataset names agree across the loader (batch-ingest), gcp-bootstrap, dbt and
 * Terraform: the same defaults (the spec's bronze_data, silver_data, gold_data) and the same
 * three settings, BQ_DATASET, BQ_SILVER_DATASET, BQ_GOLD_DATASET. dbt is asked for real
 * (`dbt ls`: the schema of every source, model and snapshot per target, no warehouse needed).
 */

type Layer = keyof typeof DEFAULT_DATASETS;
const LAYERS: Layer[] = ['bronze', 'silver', 'gold'];
const OVERRIDE = { BQ_DATASET: 'raw_zone', BQ_SILVER_DATASET: 'clean_zone', BQ_GOLD_DATASET: 'marts_zone' };

interface DbtNode {
  unique_id: string;
  schema: string;
}

/** The schema of each layer as `dbt ls` reports it: bronze from the sources, silver and gold from models and snapshots. */
function schemasByLayer(nodes: DbtNode[]): Record<Layer, string[]> {
  const layerOf = (id: string): Layer => (id.startsWith('source.') ? 'bronze' : /\.(stg_|snp_)/.test(id) ? 'silver' : 'gold');
  const found: Record<Layer, Set<string>> = { bronze: new Set(), silver: new Set(), gold: new Set() };
  for (const node of nodes) found[layerOf(node.unique_id)].add(node.schema);
  return { bronze: [...found.bronze], silver: [...found.silver], gold: [...found.gold] };
}

describe('dataset names: one setting per layer, read alike by the loader, gcp-bootstrap, dbt and Terraform', () => {
  let temp: TempDir;
  /** A folder with its own (empty) .env, so a developer's repository .env cannot leak in. */
  let isolated: string;
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['BQ_DATASET', 'BQ_SILVER_DATASET', 'BQ_GOLD_DATASET', 'DBT_DEV_PREFIX', 'DBT_TARGET']) delete env[name];

  let runs = 0;
  /** `dbt ls` through scripts/dbt.sh (the .env loader included), from `cwd`. */
  async function dbtSchemas(target: string, cwd: string, extra: NodeJS.ProcessEnv = {}) {
    runs += 1;
    const result = await runCommand(
      join(repoRoot, 'scripts', 'dbt.sh'),
      ['ls', '--target', target, '--resource-type', 'source', 'model', 'snapshot', '--output', 'json', '--output-keys', 'unique_id', 'schema', '--quiet'],
      { cwd, env: { ...env, DBT_TARGET_PATH: join(temp.path, `target-${runs}`), DBT_LOG_PATH: join(temp.path, `logs-${runs}`), ...extra }, timeoutMs: 120_000 },
    );
    const nodes = result.stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as DbtNode);
    return { result, nodes, layers: schemasByLayer(nodes) };
  }

  async function terraformDefaults(): Promise<Record<Layer, string>> {
    const root = await loadModule(INFRA_DIR);
    const type = String(root.variables.dataset_ids![0]!.type);
    const defaults = {} as Record<Layer, string>;
    for (const layer of LAYERS) defaults[layer] = new RegExp(`${layer}\\s*=\\s*optional\\(string,\\s*"([^"]+)"\\)`).exec(type)?.[1] ?? '(none)';
    return defaults;
  }

  beforeAll(async () => {
    temp = await makeTempDir('fakestore-datasets-');
    isolated = join(temp.path, 'isolated');
    await mkdir(isolated);
    await writeFile(join(isolated, '.env'), '# nothing: the defaults apply\n');
  });
  afterAll(() => temp?.remove());

  it('given nothing set, then the loader, doctor, Terraform and dbt (production targets) all use bronze_data, silver_data, gold_data', { timeout: 180_000 }, async () => {
    expect(DEFAULT_DATASETS).toEqual({ bronze: 'bronze_data', silver: 'silver_data', gold: 'gold_data' });

    const loader = resolveIngestConfig({ flags: {}, env: { GCP_PROJECT_ID: 'my-project', GCS_BUCKET_NAME: 'my-lake' }, dotenv: {} });
    expect(loader.gcp?.datasetId).toBe(DEFAULT_DATASETS.bronze);
    const doctor = resolveConfig(doctorFields, {});
    expect([doctor.datasetId, doctor.silverDatasetId, doctor.goldDatasetId]).toEqual([DEFAULT_DATASETS.bronze, DEFAULT_DATASETS.silver, DEFAULT_DATASETS.gold]);

    expect(await terraformDefaults()).toEqual(DEFAULT_DATASETS);

    // the production target; `local` (DuckDB) shares the macro, and check-dbt / the e2e pipeline query its schemas
    const { result, layers } = await dbtSchemas('bigquery', isolated);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(layers).toEqual({ bronze: [DEFAULT_DATASETS.bronze], silver: [DEFAULT_DATASETS.silver], gold: [DEFAULT_DATASETS.gold] });
  });

  it('given BQ_DATASET, BQ_SILVER_DATASET and BQ_GOLD_DATASET, then every reader follows them', { timeout: 180_000 }, async () => {
    const loader = resolveIngestConfig({ flags: {}, env: { GCP_PROJECT_ID: 'my-project', GCS_BUCKET_NAME: 'my-lake', ...OVERRIDE }, dotenv: {} });
    expect(loader.gcp?.datasetId).toBe('raw_zone');
    // batch-ingest's --dataset-id still wins over BQ_DATASET
    const flagged = resolveIngestConfig({ flags: { 'dataset-id': 'from_flag' }, env: { GCP_PROJECT_ID: 'my-project', GCS_BUCKET_NAME: 'my-lake', ...OVERRIDE }, dotenv: {} });
    expect(flagged.gcp?.datasetId).toBe('from_flag');
    const doctor = resolveConfig(doctorFields, { env: OVERRIDE });
    expect([doctor.datasetId, doctor.silverDatasetId, doctor.goldDatasetId]).toEqual(['raw_zone', 'clean_zone', 'marts_zone']);

    const { result, layers } = await dbtSchemas('bigquery', isolated, OVERRIDE);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(layers).toEqual({ bronze: ['raw_zone'], silver: ['clean_zone'], gold: ['marts_zone'] });
  });

  it('given var.dataset_ids in Terraform, then the datasets, the bronze tables, the BigQuery subscription, the grants and the .env output all follow it', { timeout: 180_000 }, async () => {
    const root = await loadModule(INFRA_DIR);
    const datasets = root.locals.datasets as Record<Layer, { dataset_id: string }>;
    for (const layer of LAYERS) expect(datasets[layer].dataset_id).toBe(`\${var.dataset_ids.${layer}}`);
    expect(root.modules.bigquery![0]!.datasets).toBe('${local.datasets}');
    expect(String(root.modules.bigquery![0]!.tables)).toMatch(/dataset\s*=\s*"bronze"/);

    const bigquery = await loadModule(join(INFRA_DIR, 'modules/bigquery'));
    const dataset = bigquery.resources.google_bigquery_dataset!.default![0]!;
    expect(dataset.dataset_id).toBe('${each.value.dataset_id}');
    const table = bigquery.resources.google_bigquery_table!.default![0]!;
    expect(table.dataset_id).toBe('${google_bigquery_dataset.default[each.value.dataset].dataset_id}');
    expect(bigquery.outputs.tables![0]!.value).toContain('t.dataset_id');
    expect(bigquery.outputs.dataset_ids![0]!.value).toContain('d.dataset_id');
    // the Pub/Sub BigQuery subscription writes the table created in bronze's dataset
    expect(root.modules.pubsub![0]!.bigquery_subscription).toMatchObject({ table: '${module.bigquery.tables["cart_events_raw"]}' });

    const env = String(root.outputs.env![0]!.value);
    expect(env).toContain('BQ_DATASET=${module.bigquery.dataset_ids["bronze"]}');
    expect(env).toContain('BQ_SILVER_DATASET=${module.bigquery.dataset_ids["silver"]}');
    expect(env).toContain('BQ_GOLD_DATASET=${module.bigquery.dataset_ids["gold"]}');
    const commands = root.outputs.commands![0]!.value as Record<string, string>;
    expect(commands.doctor).toContain('--dataset-id ${module.bigquery.dataset_ids["bronze"]} --silver-dataset-id ${module.bigquery.dataset_ids["silver"]} --gold-dataset-id ${module.bigquery.dataset_ids["gold"]}');
    expect(commands.dbt).toContain('BQ_SILVER_DATASET=${module.bigquery.dataset_ids["silver"]}');
    // no dataset named by a literal anywhere in the root module's resources and grants
    expect(JSON.stringify(root.modules)).not.toMatch(/dataset_id"?\s*[:=]\s*"(bronze|silver|gold)(_data)?"/);
  });

  it('given the dev target and a .env found from the current directory, then silver and gold get the developer\'s prefix and bronze stays production', { timeout: 180_000 }, async () => {
    const project = join(temp.path, 'dev-checkout', 'sub');
    await mkdir(project, { recursive: true });
    // dotenv's syntax, as the CLIs parse it: quotes and an inline comment
    await writeFile(join(temp.path, 'dev-checkout', '.env'), 'DBT_DEV_PREFIX="Ada.Lovelace" # mine\nBQ_GOLD_DATASET=marts_zone\n');
    const { result, layers } = await dbtSchemas('dev', project);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(layers).toEqual({ bronze: ['bronze_data'], silver: ['ada_lovelace_silver_data'], gold: ['ada_lovelace_marts_zone'] });

    // the environment wins over .env; the default prefix is the user name
    const byUser = await dbtSchemas('dev', isolated, { USER: 'grace' });
    expect(byUser.layers).toEqual({ bronze: ['bronze_data'], silver: ['grace_silver_data'], gold: ['grace_gold_data'] });
  });

  it('given the dev target and no prefix at all, then dbt refuses rather than write the production datasets', { timeout: 180_000 }, async () => {
    const { result, nodes } = await dbtSchemas('dev', isolated, { USER: '' });
    expect(result.code).not.toBe(0);
    expect(nodes).toEqual([]);
    expect(result.stdout + result.stderr).toMatch(/Env var required but not provided: 'DBT_DEV_PREFIX'/);

    // a prefix with nothing dataset-safe in it is refused too
    const unsafe = await dbtSchemas('dev', isolated, { DBT_DEV_PREFIX: '...' });
    expect(unsafe.result.code).not.toBe(0);
    expect(unsafe.result.stdout + unsafe.result.stderr).toContain('its prefix is empty: set DBT_DEV_PREFIX');
  });
});

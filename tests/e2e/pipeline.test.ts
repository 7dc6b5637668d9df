import { copyFile, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type RunningSim, startSim } from '@fakestore/fakestore-sim';
import { type CliResult, type TempDir, makeTempDir, realDataSet, repoRoot, runCli, runCommand } from '@fakestore/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DATASETS } from '../../packages/shared-core/src/config-fields.js';
import { type ApiCart, type ApiProduct, expectedRevenueByCategory, expectedTotals } from './expected.js';
import { readGold } from './warehouse.js';

const products = realDataSet('products') as unknown as ApiProduct[];
const carts = realDataSet('carts') as unknown as ApiCart[];

/** The source changes the scenario makes through the sim's admin routes. */
const newCart = { id: 8, userId: 4, date: '2020-03-05', products: [{ productId: 1, quantity: 2 }, { productId: 9, quantity: 1 }] };
const changedCart1 = { id: 1, userId: 1, date: '2020-03-02', products: [{ productId: 1, quantity: 4 }, { productId: 2, quantity: 1 }] };
const newPriceOfProduct1 = 89.95;

function succeeded(result: CliResult): CliResult {
  expect(result.code, `exit ${result.code}\nstdout:\n${result.stdout.slice(-3000)}\nstderr:\n${result.stderr.slice(-3000)}`).toBe(0);
  return result;
}

describe('the pipeline end to end, locally: fakestore-sim -> batch-ingest -> cart-streamer -> dbt (DuckDB)', () => {
  let sim: RunningSim;
  let dir: TempDir;
  let env: NodeJS.ProcessEnv;
  const warehouse = () => join(dir.path, 'data', 'warehouse.duckdb');
  const ingest = async () => succeeded(await runCli('batch-ingest', ['--local-only', '--api-url', sim.url], { env, cwd: dir.path }));
  const stream = async () => succeeded(await runCli('cart-streamer', ['--local-only', '--once', '--api-url', sim.url], { env, cwd: dir.path }));
  const build = async () => succeeded(await runCommand(join(repoRoot, 'scripts', 'dbt.sh'), ['build', '--target', 'local'], { env, timeoutMs: 300_000 }));
  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${sim.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    expect(response.status, await response.clone().text()).toBe(200);
  };

  beforeAll(async () => {
    [sim, dir] = await Promise.all([startSim({ port: 0 }), makeTempDir('fakestore-e2e-')]);
    env = {
      ...process.env,
      PIPELINE_DATA_DIR: join(dir.path, 'data'),
      PIPELINE_EVENTS_DIR: join(dir.path, 'events'),
      PIPELINE_STATE_FILE: join(dir.path, 'state', 'carts_state.json'),
      // dbt's own artefacts stay in the temp dir, so this test never races another dbt run over dbt/target.
      DBT_TARGET_PATH: join(dir.path, 'dbt-target'),
      DBT_LOG_PATH: join(dir.path, 'dbt-logs'),
      // the default dataset names, whatever a .env says (readGold queries them)
      BQ_DATASET: DEFAULT_DATASETS.bronze,
      BQ_SILVER_DATASET: DEFAULT_DATASETS.silver,
      BQ_GOLD_DATASET: DEFAULT_DATASETS.gold,
    };
  });
  afterAll(async () => {
    await Promise.all([sim?.close(), dir?.remove()]);
  });

  it('given the real data set, when the pipeline runs once, then gold equals the figures computed from the API data', { timeout: 300_000 }, async () => {
    await ingest();
    await stream();
    await build();

    const gold = await readGold(warehouse());
    expect(gold.totals).toEqual(expectedTotals(carts, products));
    expect(gold.totals).toEqual({ carts: 7, lines: 14, units: 42, revenueCents: 469_127 });
    expect(gold.revenueByCategory).toEqual(expectedRevenueByCategory(carts, products));
    expect(gold.events).toBe(7);
  });

  it('given carts created, modified and deleted and a price change at the source, then gold follows the source', { timeout: 300_000 }, async () => {
    await admin('PUT', '/__admin/carts/8', newCart);
    await admin('PUT', '/__admin/carts/1', changedCart1);
    await admin('DELETE', '/__admin/carts/3');
    await admin('PATCH', '/__admin/products/1', { price: newPriceOfProduct1 });
    await stream();
    await ingest();
    await build();

    const liveCarts = [...carts.filter((cart) => cart.id !== 1 && cart.id !== 3), changedCart1, newCart];
    const currentProducts = products.map((product) => (product.id === 1 ? { ...product, price: newPriceOfProduct1 } : product));
    const gold = await readGold(warehouse());
    expect(gold.totals).toEqual(expectedTotals(liveCarts, currentProducts));
    expect(gold.revenueByCategory).toEqual(expectedRevenueByCategory(liveCarts, currentProducts));
    expect(gold.events).toBe(10);
  });

  it('given nothing changed at the source, when the tools and dbt run again, then gold does not change', { timeout: 300_000 }, async () => {
    const before = await readGold(warehouse());
    await ingest();
    await stream();
    await build();

    const after = await readGold(warehouse());
    expect(after.snapshot).toBe(before.snapshot);
    expect(after.events).toBe(before.events);
  });

  it('given the same events landed twice in bronze (a re-emission), then no line is doubled', { timeout: 300_000 }, async () => {
    const before = await readGold(warehouse());
    const logDir = join(dir.path, 'events', 'carts-events');
    for (const day of await readdir(logDir)) {
      for (const file of await readdir(join(logDir, day))) {
        await copyFile(join(logDir, day, file), join(logDir, day, `replayed-${file}`));
      }
    }
    await build();

    const after = await readGold(warehouse());
    expect(after.totals).toEqual(before.totals);
    expect(after.snapshot).toBe(before.snapshot);
    expect(after.events).toBe(before.events);
  });

  it('given the warehouse built last, when docs are generated without naming it, then the catalog documents its gold tables with their columns', { timeout: 300_000 }, async () => {
    // make docs runs this with the settings of a shell or a .env: PIPELINE_DATA_DIR not in the environment
    const { PIPELINE_DATA_DIR: _data, PIPELINE_EVENTS_DIR: _events, ...docsEnv } = env;
    const docs = succeeded(await runCommand(join(repoRoot, 'scripts', 'dbt.sh'), ['docs', 'generate', '--target', 'local'], { env: docsEnv, timeoutMs: 300_000 }));
    expect(docs.stderr).toContain(`documenting the warehouse built last, ${join(dir.path, 'data')}/warehouse.duckdb`);

    const catalog = JSON.parse(await readFile(join(dir.path, 'dbt-target', 'catalog.json'), 'utf8')) as {
      nodes: Record<string, { metadata: { schema: string; name: string }; columns: Record<string, unknown> }>;
    };
    const gold = Object.values(catalog.nodes).filter((node) => node.metadata.schema === DEFAULT_DATASETS.gold);
    expect(gold.map((node) => node.metadata.name).sort()).toEqual([
      'dim_dates', 'dim_products', 'dim_users', 'fact_cart_items', 'kpi_active_users_daily', 'kpi_baskets_daily', 'kpi_revenue_by_category_daily', 'kpi_top_products',
    ]);
    const fact = gold.find((node) => node.metadata.name === 'fact_cart_items')!;
    expect(Object.keys(fact.columns)).toEqual(expect.arrayContaining(['cart_id', 'product_id', 'quantity', 'line_amount']));
  });

  it('given the built warehouse, then the demo\'s report (scripts/show-gold.py) fits a 100-column terminal and explains its cart counts', { timeout: 300_000 }, async () => {
    const report = succeeded(await runCommand(join(repoRoot, '.venv', 'bin', 'python'), [join(repoRoot, 'scripts', 'show-gold.py'), dir.path], { env }));
    const lines = report.stdout.split('\n');
    expect(lines.length).toBeGreaterThan(40);
    expect(lines.filter((line) => [...line].length > 100)).toEqual([]);
    for (const title of ['Rows per layer', 'Revenue by category', 'Baskets', 'Top products by revenue', 'Cart changes the streamer saw', 'Price history of product 1']) {
      expect(report.stdout).toContain(title);
    }
    // the per-category cart counts overlap; the report says by how much, against the distinct carts
    const { totals } = await readGold(warehouse());
    expect(report.stdout).toMatch(new RegExp(`counted in each: \\d+ here for ${totals.carts} distinct carts`));
  });

  it('given every run above, then no password of the data set is anywhere in the lake, event log, state or warehouse', { timeout: 300_000 }, async () => {
    const passwords = realDataSet('users').map((user) => String(user.password));
    const files = (await readdir(dir.path, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const bytes = await readFile(join(file.parentPath, file.name));
      for (const password of passwords) {
        expect(bytes.includes(password), `${file.name} contains a password`).toBe(false);
      }
    }
  });
});

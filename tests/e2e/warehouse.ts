import { DuckDBInstance } from '@duckdb/node-api';
import { DEFAULT_DATASETS } from '../../packages/shared-core/src/config-fields.js';
import type { GoldTotals } from './expected.js';

/** Reads the DuckDB warehouse dbt built (read-only, after dbt exited: DuckDB locks the file). */
export async function queryWarehouse<T>(path: string, read: (sql: (query: string) => Promise<Record<string, unknown>[]>) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    return await read(async (query) => (await connection.runAndReadAll(query)).getRowObjectsJson());
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

export interface GoldView {
  totals: GoldTotals;
  revenueByCategory: Record<string, number>;
  /** Every gold fact and KPI row, for before/after comparisons. */
  snapshot: string;
  events: number;
}

/** Reads gold (and silver's event count) from the schemas of the default dataset names. */
export function readGold(path: string): Promise<GoldView> {
  const { silver, gold } = DEFAULT_DATASETS;
  return queryWarehouse(path, async (sql) => {
    const [totals] = await sql(`
      select count(distinct cart_id)::integer as carts, count(*)::integer as lines,
             sum(quantity)::integer as units, (sum(line_amount) * 100)::integer as "revenueCents"
      from ${gold}.fact_cart_items`);
    const categories = await sql(`
      select category, (sum(revenue) * 100)::integer as cents
      from ${gold}.kpi_revenue_by_category_daily group by category`);
    const tables = ['fact_cart_items', 'kpi_revenue_by_category_daily', 'kpi_baskets_daily', 'kpi_top_products', 'dim_products', 'dim_users'];
    const rows = await Promise.all(tables.map((table) => sql(`select * from ${gold}.${table} order by all`)));
    const [events] = await sql(`select count(*)::integer as n from ${silver}.stg_cart_events`);
    return {
      totals: totals as unknown as GoldTotals,
      revenueByCategory: Object.fromEntries(categories.map((row) => [String(row.category), Number(row.cents)])),
      snapshot: JSON.stringify(rows),
      events: Number(events?.n),
    };
  });
}

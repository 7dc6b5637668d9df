#!/usr/bin/env python3
"""Prints what a person wants to see after `make demo`: row counts per layer, revenue by
category, baskets, top products, the cart changes the streamer saw and a product's price history.
Every line fits a 100-column terminal (tests/e2e/pipeline.test.ts checks it).

Usage: .venv/bin/python scripts/show-gold.py DEMO_DIR   (reads DEMO_DIR/data/warehouse.duckdb)
The silver and gold schemas are found in the warehouse (the schemas holding stg_cart_events
and fact_cart_items), so whatever BQ_SILVER_DATASET / BQ_GOLD_DATASET dbt built with is shown.
"""

import sys
from pathlib import Path

import duckdb

WIDTH = 100


def section(title: str) -> None:
    print(f"\n{title}")


def show(con, sql: str) -> None:
    con.sql(sql).show(max_width=WIDTH)


def schema_of(con, table: str) -> str:
    rows = con.execute(
        "select table_schema from information_schema.tables where table_name = ?", [table]
    ).fetchall()
    if len(rows) != 1:
        sys.exit(f"show-gold: expected one {table} table in the warehouse, found {len(rows)}; run dbt build first")
    return rows[0][0]


def main() -> None:
    out = Path(sys.argv[1])
    warehouse = out / "data" / "warehouse.duckdb"
    if not warehouse.exists():
        sys.exit(f"show-gold: {warehouse} does not exist; run dbt build first")
    con = duckdb.connect(str(warehouse), read_only=True)
    silver, gold = schema_of(con, "stg_cart_events"), schema_of(con, "fact_cart_items")

    section("Rows per layer")
    lake, log = out / "data" / "raw", out / "events" / "carts-events"
    rows = [
        ("bronze", "lake: products (lines)", f"select count(*) from read_json_auto('{lake}/products/*/*/data.jsonl')"),
        ("bronze", "lake: users (lines)", f"select count(*) from read_json_auto('{lake}/users/*/*/data.jsonl')"),
        ("bronze", "event log: cart events", f"select count(*) from read_json_auto('{log}/*/*.jsonl')"),
    ]
    tables = con.execute(
        "select table_schema, table_name from information_schema.tables "
        "where table_schema in (?, ?) order by table_schema = ? desc, table_name",
        [silver, gold, silver],
    ).fetchall()
    rows += [("silver" if schema == silver else "gold", f"{schema}.{table}", f'select count(*) from "{schema}"."{table}"')
             for schema, table in tables]
    width = max(len(name) for _, name, _ in rows)
    for layer, name, query in rows:
        print(f"  {layer:<6} {name:<{width}} {con.sql(query).fetchone()[0]:>6}")

    section(f"Revenue by category (live carts at current prices, {gold}.kpi_revenue_by_category_daily)")
    show(con, f"""
        select category, sum(count_carts) as carts_with_it, sum(units) as units, sum(revenue) as revenue
        from {gold}.kpi_revenue_by_category_daily group by 1 order by revenue desc""")
    with_it, carts = con.sql(f"""
        select (select sum(count_carts) from {gold}.kpi_revenue_by_category_daily),
               (select count(distinct cart_id) from {gold}.fact_cart_items)""").fetchone()
    print(f"  carts_with_it: carts holding the category. A cart with items of several categories is")
    print(f"  counted in each: {with_it} here for {carts} distinct carts (see Baskets).")

    section(f"Baskets ({gold}.fact_cart_items)")
    show(con, f"""
        select count(distinct cart_id) as carts, count(*) as lines, sum(quantity) as units,
               sum(line_amount) as revenue,
               round(sum(line_amount) / count(distinct cart_id), 2) as avg_value,
               round(sum(quantity) / count(distinct cart_id), 2) as avg_units
        from {gold}.fact_cart_items""")

    section(f"Top products by revenue ({gold}.kpi_top_products)")
    show(con, f"""
        select revenue_rank as rank, product_id as id,
               case when length(product_title) > 38 then left(product_title, 37) || '…'
                    else product_title end as product,
               category, units, revenue
        from {gold}.kpi_top_products order by revenue_rank limit 5""")

    section(f"Cart changes the streamer saw ({silver}.stg_cart_events)")
    show(con, f"select event_type, count(*) as events from {silver}.stg_cart_events group by 1 order by 1")
    show(con, f"""
        select cart_id, cart_version, event_type, detected_at from {silver}.stg_cart_events
        where cart_version > 1 or event_type <> 'cart_created' or cart_id > 7 order by detected_at, cart_id""")

    section(f"Price history of product 1 ({gold}.dim_products, SCD2)")
    show(con, f"""
        select product_id, price, valid_from, valid_to, is_current from {gold}.dim_products
        where product_id = 1 order by valid_from""")


if __name__ == "__main__":
    main()

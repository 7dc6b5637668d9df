#!/usr/bin/env python3
"""Prints what a person wants to see after `make demo`: row counts per layer, revenue by
category, baskets, top products, the cart changes the streamer saw and a product's price history.

Usage: .venv/bin/python scripts/show-gold.py DEMO_DIR   (reads DEMO_DIR/data/warehouse.duckdb)
"""

import sys
from pathlib import Path

import duckdb


def section(title: str) -> None:
    print(f"\n{title}")


def main() -> None:
    out = Path(sys.argv[1])
    warehouse = out / "data" / "warehouse.duckdb"
    con = duckdb.connect(str(warehouse), read_only=True)

    section("Rows per layer")
    lake = out / "data" / "raw"
    bronze = [
        ("bronze", "products (lake lines)", f"select count(*) from read_json_auto('{lake}/products/*/*/data.jsonl')"),
        ("bronze", "users (lake lines)", f"select count(*) from read_json_auto('{lake}/users/*/*/data.jsonl')"),
        ("bronze", "cart events (log lines)", f"select count(*) from read_json_auto('{out}/events/carts-events/*/*.jsonl')"),
    ]
    rows = [(layer, name, con.sql(query).fetchone()[0]) for layer, name, query in bronze]
    tables = con.sql(
        "select table_schema, table_name from information_schema.tables "
        "where table_schema in ('silver', 'gold') order by table_schema desc, table_name"
    ).fetchall()
    for schema, table in tables:
        rows.append((schema, table, con.sql(f'select count(*) from "{schema}"."{table}"').fetchone()[0]))
    width = max(len(name) for _, name, _ in rows)
    for layer, name, count in rows:
        print(f"  {layer:<7} {name:<{width}} {count:>6}")

    section("Revenue by category (current carts at current prices)")
    con.sql(
        "select category, sum(count_carts) as carts, sum(units) as units, sum(revenue) as revenue "
        "from gold.kpi_revenue_by_category_daily group by 1 order by revenue desc"
    ).show()

    section("Baskets")
    con.sql(
        "select count(distinct cart_id) as carts, count(*) as lines, sum(quantity) as units, "
        "sum(line_amount) as revenue, round(sum(line_amount) / count(distinct cart_id), 2) as avg_basket_value, "
        "round(sum(quantity) / count(distinct cart_id), 2) as avg_basket_size from gold.fact_cart_items"
    ).show()

    section("Top products by revenue")
    con.sql(
        "select revenue_rank, product_id, product_title, category, units, revenue "
        "from gold.kpi_top_products order by revenue_rank limit 5"
    ).show(max_width=140)

    section("Cart changes the streamer saw (silver.stg_cart_events)")
    con.sql(
        "select event_type, count(*) as events from silver.stg_cart_events group by 1 order by 1"
    ).show()
    con.sql(
        "select cart_id, cart_version, event_type, detected_at from silver.stg_cart_events "
        "where cart_version > 1 or event_type <> 'cart_created' or cart_id > 7 order by detected_at, cart_id"
    ).show()

    section("Price history of product 1 (gold.dim_products, SCD2)")
    con.sql(
        "select product_id, price, valid_from, valid_to, is_current from gold.dim_products "
        "where product_id = 1 order by valid_from"
    ).show()


if __name__ == "__main__":
    main()

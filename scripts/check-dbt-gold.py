#!/usr/bin/env python3
"""Compares the warehouse built from the lake fixture with the figures the
fixture generator computed on its own (expected.json), or two warehouses.

Usage: .venv/bin/python scripts/check-dbt-gold.py WAREHOUSE.duckdb EXPECTED.json
       .venv/bin/python scripts/check-dbt-gold.py --compare INCREMENTAL.duckdb FULL.duckdb
The first form prints one line per check. The second compares, table by table,
a warehouse built incrementally with one rebuilt in full (`dbt build
--full-refresh` of a copy, so the snapshots' history is the same): silver's cart
models and every gold model must hold the same rows (`loaded_at`, the run that
last touched a row, aside). Exit status 1 when any check fails.
"""

import json
import sys
from datetime import date
from decimal import Decimal

import duckdb

# The warehouse's default schema names (dbt_project.yml vars, the tools' defaults). The callers
# (check-dbt.sh, bench-dbt.py) build with these set, so a .env naming others cannot interfere.
DATASETS = {"BQ_DATASET": "bronze_data", "BQ_SILVER_DATASET": "silver_data", "BQ_GOLD_DATASET": "gold_data"}

# what an incremental run must leave exactly as a full build does
COMPARED = [
    "silver_data.stg_cart_events", "silver_data.stg_carts", "silver_data.stg_cart_lines",
    "gold_data.dim_products", "gold_data.dim_users", "gold_data.dim_dates", "gold_data.fact_cart_items",
    "gold_data.kpi_baskets_daily", "gold_data.kpi_revenue_by_category_daily",
    "gold_data.kpi_top_products", "gold_data.kpi_active_users_daily",
]
IGNORED_COLUMNS = {"loaded_at"}


def compare(incremental_db, full_db):
    """{table: (rows only in the incremental one, rows only in the full one, rows)}."""
    db = duckdb.connect()
    db.execute(f"attach '{incremental_db}' as incremental (read_only)")
    db.execute(f"attach '{full_db}' as rebuilt (read_only)")
    differences = {}
    for table in COMPARED:
        names = [name for (name,) in db.sql(f"select column_name from (describe incremental.{table})").fetchall()
                 if name not in IGNORED_COLUMNS]
        columns = ", ".join(f'"{name}"' for name in names)
        differences[table] = db.sql(f"""
            select
                (select count(*) from (select {columns} from incremental.{table}
                                       except all select {columns} from rebuilt.{table})),
                (select count(*) from (select {columns} from rebuilt.{table}
                                       except all select {columns} from incremental.{table})),
                (select count(*) from incremental.{table})
        """).fetchone()
    return differences


def main_compare(incremental_db, full_db):
    failed = 0
    for table, (only_incremental, only_full, rows) in compare(incremental_db, full_db).items():
        ok = only_incremental == only_full == 0
        failed += not ok
        print(f"  {'ok  ' if ok else 'FAIL'} incremental == full build: {table} ({rows} rows)"
              + ("" if ok else f": {only_incremental} rows only incremental, {only_full} only in the full build"))
    return 1 if failed else 0


def main(warehouse, expected_path):
    expected = json.loads(open(expected_path, encoding="utf-8").read())
    stage = expected["stage"]
    db = duckdb.connect(warehouse, read_only=True)

    def one(sql):
        return db.sql(sql).fetchone()

    lines, units, revenue, carts = one(
        "select count(*), sum(quantity), sum(line_amount), count(distinct cart_id) from gold_data.fact_cart_items"
    )
    checks = [
        ("fact_cart_items lines", lines, expected["fact_lines"]),
        ("fact_cart_items units", int(units), expected["units"]),
        ("fact_cart_items revenue", revenue, Decimal(expected["revenue"])),
        ("live carts in the fact", carts, expected["live_carts"]),
        ("kpi_baskets_daily revenue", one("select sum(revenue) from gold_data.kpi_baskets_daily")[0], Decimal(expected["revenue"])),
        ("kpi_revenue_by_category_daily revenue",
         one("select sum(revenue) from gold_data.kpi_revenue_by_category_daily")[0], Decimal(expected["revenue"])),
        ("kpi_top_products units", int(one("select sum(units) from gold_data.kpi_top_products")[0]), expected["units"]),
        ("dim_products rows (versions)", one("select count(*) from gold_data.dim_products")[0], expected["product_versions"]),
        ("dim_products current rows", one("select count(*) from gold_data.dim_products where is_current")[0], expected["products"]),
        ("dim_users rows (versions)", one("select count(*) from gold_data.dim_users")[0], expected["user_versions"]),
        ("unfinished run ignored (no 0.01 price)", one("select count(*) from gold_data.dim_products where price = 0.01")[0], 0),
        ("stg_cart_events rows (one per event id)", one("select count(*) from silver_data.stg_cart_events")[0],
         expected["event_ids"]),
        ("stg_carts: version, events, deleted per cart", {
            str(cart_id): {"version": version, "events": events, "deleted": deleted}
            for cart_id, version, events, deleted in db.sql(
                "select cart_id, cart_version, count_events, is_deleted from silver_data.stg_carts order by 1").fetchall()
        }, expected["cart_states"]),
        ("fact lines at each live cart's current version", one("""
            select count(*) from gold_data.fact_cart_items as fact
            left join silver_data.stg_carts as carts
                on fact.cart_id = carts.cart_id and fact.cart_version = carts.cart_version and not carts.is_deleted
            where carts.cart_id is null""")[0], 0),
        ("fact lines at their product's and user's current version", one("""
            select count(*) from gold_data.fact_cart_items as fact
            left join gold_data.dim_products as products on fact.product_sk = products.product_sk and products.is_current
            left join gold_data.dim_users as users on fact.user_sk = users.user_sk and users.is_current
            where products.product_sk is null or users.user_sk is null""")[0], 0),
        ("fact lines priced otherwise than their product's current price", [
            (product_id, str(price)) for product_id, price in db.sql(
                "select distinct product_id, unit_price from gold_data.fact_cart_items order by 1").fetchall()
            if str(price) != expected["prices"][str(product_id)]
        ], []),
    ]
    if stage >= 2:
        checks += [
            ("re-emitted event kept once, re-delivery recorded",
             one("select count(*) from silver_data.stg_cart_events where last_published_at > published_at")[0], 1),
            ("product 1 price history", [row[0] for row in db.sql(
                "select price from gold_data.dim_products where product_id = 1 order by valid_from").fetchall()],
             [Decimal("109.95"), Decimal("99.95")]),
            ("fact unit price of product 1 is the current one",
             one("select distinct unit_price from gold_data.fact_cart_items where product_id = 1")[0], Decimal("99.95")),
            ("deleted cart 5 has no fact lines" if stage == 2 else "re-created cart 5 has its new lines only",
             one("select count(*) from gold_data.fact_cart_items where cart_id = 5")[0], 0 if stage == 2 else 2),
            ("modified cart 2 at version 2", one("select max(cart_version) from gold_data.fact_cart_items where cart_id = 2")[0], 2),
            ("cart 4 at version 3, moved to its new date",
             one("select max(cart_version), max(cart_date) from gold_data.fact_cart_items where cart_id = 4"),
             (3, date(2020, 1, 5))),
        ]
    if stage >= 3:
        checks += [
            ("late cart 4 version 2 did not win (version 3 lines kept)", [row for row in db.sql(
                "select product_id, quantity from gold_data.fact_cart_items where cart_id = 4 order by 1").fetchall()],
             [(1, 2), (6, 2)]),
            ("user 1's lines at its new version", one("""
                select count(distinct fact.user_sk) from gold_data.fact_cart_items as fact
                inner join gold_data.dim_users as users on fact.user_sk = users.user_sk
                where fact.user_id = 1 and users.email = 'john.doe@gmail.com'""")[0], 1),
        ]

    failed = 0
    for label, actual, wanted in checks:
        ok = actual == wanted
        failed += not ok
        print(f"  {'ok  ' if ok else 'FAIL'} stage {stage}: {label}: {actual}" + ("" if ok else f" (expected {wanted})"))
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--compare":
        sys.exit(main_compare(sys.argv[2], sys.argv[3]))
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))

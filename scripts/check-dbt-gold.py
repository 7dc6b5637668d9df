#!/usr/bin/env python3
"""Compares the warehouse built from the lake fixture with the figures the
fixture generator computed on its own (expected.json).

Usage: .venv/bin/python scripts/check-dbt-gold.py WAREHOUSE.duckdb EXPECTED.json
Prints one line per check; exit status 1 when any fails.
"""

import json
import sys
from decimal import Decimal

import duckdb


def main(warehouse, expected_path):
    expected = json.loads(open(expected_path, encoding="utf-8").read())
    stage = expected["stage"]
    db = duckdb.connect(warehouse, read_only=True)

    def one(sql):
        return db.sql(sql).fetchone()

    lines, units, revenue, carts = one(
        "select count(*), sum(quantity), sum(line_amount), count(distinct cart_id) from gold.fact_cart_items"
    )
    checks = [
        ("fact_cart_items lines", lines, expected["fact_lines"]),
        ("fact_cart_items units", int(units), expected["units"]),
        ("fact_cart_items revenue", revenue, Decimal(expected["revenue"])),
        ("live carts in the fact", carts, expected["live_carts"]),
        ("kpi_baskets_daily revenue", one("select sum(revenue) from gold.kpi_baskets_daily")[0], Decimal(expected["revenue"])),
        ("kpi_revenue_by_category_daily revenue",
         one("select sum(revenue) from gold.kpi_revenue_by_category_daily")[0], Decimal(expected["revenue"])),
        ("kpi_top_products units", int(one("select sum(units) from gold.kpi_top_products")[0]), expected["units"]),
        ("dim_products rows (versions)", one("select count(*) from gold.dim_products")[0], expected["product_versions"]),
        ("dim_products current rows", one("select count(*) from gold.dim_products where is_current")[0], expected["products"]),
        ("unfinished run ignored (no 0.01 price)", one("select count(*) from gold.dim_products where price = 0.01")[0], 0),
    ]
    if stage == 2:
        checks += [
            ("stg_cart_events rows (11 deliveries, 10 event ids)", one("select count(*) from silver.stg_cart_events")[0], 10),
            ("re-emitted event kept once, re-delivery recorded",
             one("select count(*) from silver.stg_cart_events where last_published_at > published_at")[0], 1),
            ("product 1 price history", [row[0] for row in db.sql(
                "select price from gold.dim_products where product_id = 1 order by valid_from").fetchall()],
             [Decimal("109.95"), Decimal("99.95")]),
            ("fact unit price of product 1 is the current one",
             one("select distinct unit_price from gold.fact_cart_items where product_id = 1")[0], Decimal("99.95")),
            ("deleted cart 5 flagged", one("select is_deleted from silver.stg_carts where cart_id = 5")[0], True),
            ("deleted cart 5 has no fact lines", one("select count(*) from gold.fact_cart_items where cart_id = 5")[0], 0),
            ("modified cart 2 at version 2", one("select max(cart_version) from gold.fact_cart_items where cart_id = 2")[0], 2),
        ]

    failed = 0
    for label, actual, wanted in checks:
        ok = actual == wanted
        failed += not ok
        print(f"  {'ok  ' if ok else 'FAIL'} stage {stage}: {label}: {actual}" + ("" if ok else f" (expected {wanted})"))
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))

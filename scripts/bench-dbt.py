#!/usr/bin/env python3
"""Benchmarks the dbt project on a large cart event log: a full build against an
incremental run after 1% new events.

Usage: .venv/bin/python scripts/bench-dbt.py [--events 1000000] [--carts 100000] [--keep DIR]

1. a lake with one batch run of the real products and users (make-lake-fixture.py);
2. --events cart events in the event-log contract shape, written by DuckDB's own
   SQL (a table, then one COPY ... (format json) per day): --carts carts, each with versions 1..N
   (created, modified ..., every 20th cart deleted at N), about carts / 10
   events a day;
3. `dbt build` on the empty warehouse (full: models, snapshots, tests);
4. 1% more events (version N + 1 of the first carts, on later days);
5. `dbt build` again (incremental: stg_cart_events merges the new events only).
Prints the wall times, dbt's own elapsed times, stg_cart_events' time, and the
ratios incremental / full. Everything runs in a temp dir (or --keep DIR).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent

EVENTS_SQL = """
create or replace table events as
    with

    changes as (

        select
            carts.cart_id,
            versions.version,
            timestamp '2026-01-01 00:00:00'
            + to_days(cast((versions.version - 1) * 10 + carts.cart_id % 10 as integer))
            + to_seconds(carts.cart_id % 86000) as published,
            case
                when versions.version = 1 then 'cart_created'
                when carts.cart_id % 20 = 0 and versions.version = $deleted_version then 'cart_deleted'
                when carts.cart_id % 20 = 0 and versions.version = $deleted_version + 1 then 'cart_created'
                else 'cart_modified'
            end as event_type,
            md5(concat('bench/', carts.cart_id, '/', versions.version)) as event_hash

        from range(1, $carts + 1) as carts (cart_id)

        cross join range($first_version, $last_version + 1) as versions (version)

    )

    select
        'bench' as subscription_name,
        cast(cast(('0x' || substr(event_hash, 1, 12)) as bigint) as varchar) as message_id,
        strftime(published, '%Y-%m-%dT%H:%M:%S.000Z') as publish_time,
        {
            'ce-specversion': '1.0',
            'ce-id': concat_ws('-', substr(event_hash, 1, 8), substr(event_hash, 9, 4),
                substr(event_hash, 13, 4), substr(event_hash, 17, 4), substr(event_hash, 21, 12)),
            'ce-type': event_type,
            'ce-source': '/fakestore/carts',
            'ce-subject': concat('cart/', cart_id),
            'ce-time': strftime(published, '%Y-%m-%dT%H:%M:%S.000Z'),
            'content-type': 'application/json'
        } as attributes,
        cast(to_json({
            'cart_id': cart_id,
            'user_id': cart_id % 10 + 1,
            'version': version,
            'before': case when event_type != 'cart_created' then cart_snapshot(cart_id, version - 1) end,
            'after': case when event_type != 'cart_deleted' then cart_snapshot(cart_id, version) end,
            'detected_at': strftime(published, '%Y-%m-%dT%H:%M:%S.000Z')
        }) as varchar) as data,
        strftime(published, '%Y-%m-%d') as date

    from changes
"""

MACROS_SQL = """
create or replace macro cart_snapshot(cart_id, version) as {
    'id': cart_id,
    'userId': cart_id % 10 + 1,
    'date': strftime(date '2019-01-01' + cast(cart_id % 731 as integer), '%Y-%m-%dT00:00:00.000Z'),
    'products': [
        {
            'productId': (cart_id * 7 + version * 13 + line * 5) % 20 + 1,
            'quantity': (cart_id + version * 3 + line) % 10 + 1
        }
        for line in range(1 + (cart_id + version) % 5)
    ]
};
"""


def write_events(events_dir, carts, first_version, last_version, deleted_version):
    started = time.perf_counter()
    db = duckdb.connect()
    db.execute(MACROS_SQL)
    sql = EVENTS_SQL
    for name, value in (("$carts", carts), ("$first_version", first_version),
                        ("$last_version", last_version), ("$deleted_version", deleted_version)):
        sql = sql.replace(name, str(value))
    db.execute(sql)
    # one file per day and version written (COPY ... FORMAT json has no PARTITION_BY)
    for (day,) in db.sql("select distinct date from events order by 1").fetchall():
        folder = events_dir / "carts-events" / f"date={day}"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"bench-v{first_version}-{last_version}.jsonl"
        db.execute(f"copy (select * exclude (date) from events where date = '{day}') to '{target}' (format json)")
    return time.perf_counter() - started


def dbt(env, *args):
    started = time.perf_counter()
    done = subprocess.run([str(ROOT / "scripts" / "dbt.sh"), *args], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        print(done.stdout[-6000:], done.stderr[-2000:], sep="\n")
        raise SystemExit(f"dbt {' '.join(args)} failed")
    results = Path(env["DBT_TARGET_PATH"]) / "run_results.json"
    return wall, json.loads(results.read_text()) if results.exists() else None


def node_time(results, name):
    return sum(r["execution_time"] for r in results["results"] if r["unique_id"].split(".")[-1] == name)


def kind_time(results, kind):
    return sum(r["execution_time"] for r in results["results"] if r["unique_id"].startswith(f"{kind}."))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--carts", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="work in this directory and keep it")
    args = parser.parse_args()

    versions = max(1, args.events // args.carts)
    new_carts = max(1, args.events // 100)
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-dbt-"))
    try:
        shutil.rmtree(work, ignore_errors=True)
        data, events = work / "data", work / "events"
        env = dict(os.environ, PIPELINE_DATA_DIR=str(data), PIPELINE_EVENTS_DIR=str(events),
                   DBT_TARGET_PATH=str(work / "target"), DBT_LOG_PATH=str(work / "logs"))
        subprocess.run([sys.executable, str(ROOT / "scripts" / "make-lake-fixture.py"), "--data-dir", str(data),
                        "--events-dir", str(work / "fixture-events"), "--stage", "1"], check=True, capture_output=True)

        generated = write_events(events, args.carts, 1, versions, versions)
        size = sum(f.stat().st_size for f in events.rglob("*.jsonl"))
        print(f"generated {args.carts * versions:,} events ({size / 1e6:,.0f} MB, "
              f"{len(list(events.rglob('*.jsonl')))} files) in {generated:.1f}s")

        dbt(env, "parse")  # both measured runs then start from a warm partial parse
        full_wall, full = dbt(env, "build", "--target", "local")
        print(f"full build:        {full_wall:6.1f}s wall, dbt {full['elapsed_time']:6.1f}s, "
              f"stg_cart_events {node_time(full, 'stg_cart_events'):5.2f}s")

        generated = write_events(events, new_carts, versions + 1, versions + 1, versions)
        print(f"generated {new_carts:,} new events (1%) in {generated:.1f}s")
        inc_wall, inc = dbt(env, "build", "--target", "local")
        print(f"incremental build: {inc_wall:6.1f}s wall, dbt {inc['elapsed_time']:6.1f}s, "
              f"stg_cart_events {node_time(inc, 'stg_cart_events'):5.2f}s")

        rows = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True).sql(
            "select count(*) from silver.stg_cart_events").fetchone()[0]
        print(f"stg_cart_events rows after the incremental run: {rows:,} (expected {args.carts * versions + new_carts:,})")
        print("per kind (full -> incremental, summed node times): " + ", ".join(
            f"{kind} {kind_time(full, kind):.1f}s -> {kind_time(inc, kind):.1f}s"
            for kind in ("model", "snapshot", "test", "unit_test")))
        model = node_time(inc, "stg_cart_events") / node_time(full, "stg_cart_events")
        print(f"bench-dbt: incremental / full = {inc_wall / full_wall:.1%} (dbt build wall), "
              f"{inc['elapsed_time'] / full['elapsed_time']:.1%} (dbt elapsed), "
              f"{model:.1%} (stg_cart_events); goal < 15%")
        return 0 if rows == args.carts * versions + new_carts else 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Writes a small lake + cart event log in the contract format, from the real data set.

Usage:
  scripts/make-lake-fixture.py --data-dir D --events-dir E --stage 1
  scripts/make-lake-fixture.py --data-dir D --events-dir E --stage 2
  scripts/make-lake-fixture.py --data-dir D --events-dir E --stage 3

Stage 1 (a cold start):
  - batch run 1 of products and users (20 + 10 records, the API's quirks kept,
    users without password), with a complete manifest;
  - an unfinished products run (data.jsonl, no manifest) that dbt must ignore,
    and a quarantine file (not a source);
  - cart_created (version 1) for the 7 real carts.
Stage 2 (adds to stage 1):
  - batch run 2: product 1 costs 99.95 instead of 109.95;
  - cart 8 created, cart 2 modified, cart 5 deleted;
  - cart 4 modified twice, but only its version 3 is delivered (version 2 is
    dead-lettered; version 3 also moves the cart to another day);
  - cart 7's creation (stage 1) re-emitted in a new file (same ce-id): a
    duplicate that reaches dbt in a later run, so the incremental merge meets it.
Stage 3 (adds to stage 2), for the incremental models across runs:
  - batch run 3: product 2 costs 19.99 instead of 22.3 (its lines are repriced,
    cart 2's modified one included), user 1 has a new email (a new user
    version: the fact lines of carts 1 and 2 move to it);
  - cart 4's version 2 arrives late (dead letter replayed): a lower version
    than the one held, which must not win;
  - cart 5, deleted in stage 2, is created again (version 3, new lines).
Each stage writes `expected.json` next to the data dir: figures computed here,
in Python, for check-dbt.sh to compare with the gold models.

Timestamps are relative to --now (default: now, so source freshness passes);
ids are stable, and a stage rewrites identical files given the same --now.
Standard library only.
"""

import argparse
import hashlib
import json
import os
import uuid
from decimal import Decimal
from datetime import datetime, timedelta, timezone
from pathlib import Path

# The real data set, as the in-repo copy fakestore-sim serves (pinned to ../shared/fakestore by a test).
REAL_DATA = Path(__file__).resolve().parent.parent / "packages" / "fakestore-sim" / "data"
API = "https://fakestoreapi.com"
NAMESPACE = uuid.UUID("6f1f8a52-3c2e-4f7e-9b0a-5e8c1d2f4a61")
PRICE_CHANGE = {"product_id": 1, "price": 99.95}


# ---------------------------------------------------------------- helpers


def iso(instant):
    return instant.strftime("%Y-%m-%dT%H:%M:%S.") + f"{instant.microsecond // 1000:03d}Z"


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def jsonl(rows):
    return "".join(json.dumps(row, separators=(",", ":")) + "\n" for row in rows)


def load(name):
    return json.loads((REAL_DATA / f"{name}.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- lake


def write_run(data_dir, entity, records, run_no, started, manifest=True):
    run_id = str(uuid.uuid5(NAMESPACE, f"fixture/{entity}/run/{run_no}"))
    date = started.strftime("%Y-%m-%d")
    folder = data_dir / "raw" / entity / f"date={date}" / f"run_id={run_id}"
    source = f"{API}/{entity}"
    rows = [
        {"_run_id": run_id, "_ingested_at": iso(started), "_source": source, "payload": record}
        for record in records
    ]
    data = jsonl(rows)
    write(folder / "data.jsonl", data)
    if not manifest:
        return
    finished = started + timedelta(seconds=2)
    body = {
        "manifest_version": 1,
        "status": "complete",
        "entity": entity,
        "date": date,
        "run_id": run_id,
        "source_url": source,
        "data_file": "data.jsonl",
        "row_count": len(rows),
        "quarantined_count": 0,
        "bytes": len(data.encode("utf-8")),
        "sha256": hashlib.sha256(data.encode("utf-8")).hexdigest(),
        "started_at": iso(started),
        "finished_at": iso(finished),
        "timings_ms": {"fetch": 1200, "validate": 3, "write": 5, "total": 2000},
        "fetch_attempts": 1,
        "tool": {"name": "make-lake-fixture", "version": "1"},
    }
    write(folder / "_manifest.json", json.dumps(body, indent=2) + "\n")


def without_password(users):
    return [{key: value for key, value in user.items() if key != "password"} for user in users]


# ---------------------------------------------------------------- events


def snapshot(cart):
    products = sorted(
        ({"productId": line["productId"], "quantity": line["quantity"]} for line in cart["products"]),
        key=lambda line: (line["productId"], line["quantity"]),
    )
    return {"id": cart["id"], "userId": cart["userId"], "date": cart["date"], "products": products}


def event_row(kind, version, before, after, detected):
    cart = after or before
    event_id = str(uuid.uuid5(NAMESPACE, f"cart/{cart['id']}/v{version}/{kind}/{json.dumps(after)}"))
    data = {
        "cart_id": cart["id"],
        "user_id": cart["userId"],
        "version": version,
        "before": before,
        "after": after,
        "detected_at": iso(detected),
    }
    message_id = str(int(hashlib.sha256(event_id.encode()).hexdigest()[:13], 16))
    return {
        "subscription_name": "local-event-log",
        "message_id": message_id,
        "publish_time": iso(detected + timedelta(milliseconds=40)),
        "attributes": {
            "ce-specversion": "1.0",
            "ce-id": event_id,
            "ce-type": kind,
            "ce-source": "/fakestore/carts",
            "ce-subject": f"cart/{cart['id']}",
            "ce-time": iso(detected),
            "content-type": "application/json",
        },
        "data": json.dumps(data, separators=(",", ":")),
    }


def write_events(events_dir, name, at, rows):
    folder = events_dir / "carts-events" / f"date={at.strftime('%Y-%m-%d')}"
    write(folder / f"{name}.jsonl", jsonl(rows))


# ---------------------------------------------------------------- expected figures


def expected(products, carts):
    price = {product["id"]: product["price"] for product in products}
    lines = [(cart, line) for cart in carts.values() for line in cart["products"]]
    revenue = sum(line["quantity"] * Decimal(str(price[line["productId"]])) for _, line in lines)
    return {
        "live_carts": len(carts),
        "fact_lines": len(lines),
        "units": sum(line["quantity"] for _, line in lines),
        "revenue": str(revenue),
    }


# ---------------------------------------------------------------- main


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", required=True, type=Path)
    parser.add_argument("--events-dir", required=True, type=Path)
    parser.add_argument("--stage", type=int, choices=(1, 2, 3), default=3)
    parser.add_argument("--now", help="base instant (ISO-8601 UTC); pass the same one to every stage")
    args = parser.parse_args()

    now = datetime.fromisoformat(args.now.replace("Z", "+00:00")) if args.now else datetime.now(timezone.utc)
    now = now.replace(minute=0, second=0, microsecond=0)
    run1 = now - timedelta(hours=3)
    run2 = now - timedelta(hours=1)
    run3 = now - timedelta(minutes=30)
    products = load("products")
    users = without_password(load("users"))
    carts = {cart["id"]: snapshot(cart) for cart in load("carts")}
    # what the event log holds: (cart id, version) -> event id, per distinct event
    events = {}

    def emit(kind, version, before, after, detected):
        row = event_row(kind, version, before, after, detected)
        events[((after or before)["id"], version)] = row["attributes"]["ce-id"]
        return row

    # stage 1: run 1, an unfinished run, a quarantine file, the cold start
    write_run(args.data_dir, "products", products, 1, run1)
    write_run(args.data_dir, "users", users, 1, run1)
    unfinished = [dict(product, price=0.01) for product in products]
    write_run(args.data_dir, "products", unfinished, 99, run1 + timedelta(minutes=30), manifest=False)
    quarantine = args.data_dir / "raw" / "_quarantine" / "products" / f"date={run1:%Y-%m-%d}" / "run_id=x"
    write(quarantine / "rejects.jsonl", '{"payload":{"id":"oops"},"error":"invalid"}\n')
    cold = run1 + timedelta(minutes=5)
    cold_rows = [emit("cart_created", 1, None, cart, cold) for cart in carts.values()]
    write_events(args.events_dir, "cycle-0001", cold, cold_rows)
    states = {cart_id: {"version": 1, "events": 1, "deleted": False} for cart_id in carts}
    product_versions, user_versions = len(products), len(users)

    if args.stage >= 2:
        products = [
            dict(product, price=PRICE_CHANGE["price"]) if product["id"] == PRICE_CHANGE["product_id"] else product
            for product in products
        ]
        product_versions += 1
        write_run(args.data_dir, "products", products, 2, run2)
        write_run(args.data_dir, "users", users, 2, run2)
        cycle = run2 + timedelta(minutes=5)
        new_cart = {"id": 8, "userId": 2, "date": "2020-03-05T00:00:00.000Z",
                    "products": [{"productId": 3, "quantity": 2}, {"productId": 5, "quantity": 1}]}
        modified = dict(carts[2], products=[{"productId": 1, "quantity": 3}, {"productId": 2, "quantity": 4}])
        # cart 4: version 2 is dead-lettered (stage 3 replays it), version 3 is delivered
        cart4_v2 = dict(carts[4], products=[{"productId": 1, "quantity": 4}, {"productId": 4, "quantity": 1}])
        cart4_v3 = dict(carts[4], date="2020-01-05T00:00:00.000Z",
                        products=[{"productId": 1, "quantity": 2}, {"productId": 6, "quantity": 2}])
        late_row = event_row("cart_modified", 2, carts[4], cart4_v2, cycle - timedelta(minutes=1))
        rows = [
            emit("cart_created", 1, None, new_cart, cycle),
            emit("cart_modified", 2, carts[2], modified, cycle),
            emit("cart_deleted", 2, carts[5], None, cycle),
            emit("cart_modified", 3, cart4_v2, cart4_v3, cycle),
        ]
        write_events(args.events_dir, "cycle-0002", cycle, rows)
        # a crash before stage 1's state commit: the restart re-emits cart 7's creation (same ce-id)
        again = cycle + timedelta(minutes=1)
        write_events(args.events_dir, "cycle-0003", again, [dict(cold_rows[-1], publish_time=iso(again))])
        deleted_cart5 = carts.pop(5)
        carts[8], carts[2], carts[4] = new_cart, modified, cart4_v3
        states[8] = {"version": 1, "events": 1, "deleted": False}
        states[2] = {"version": 2, "events": 2, "deleted": False}
        states[4] = {"version": 3, "events": 2, "deleted": False}
        states[5] = {"version": 2, "events": 2, "deleted": True}

    if args.stage >= 3:
        products = [dict(product, price=19.99) if product["id"] == 2 else product for product in products]
        users = [dict(user, email="john.doe@gmail.com") if user["id"] == 1 else user for user in users]
        product_versions += 1
        user_versions += 1
        write_run(args.data_dir, "products", products, 3, run3)
        write_run(args.data_dir, "users", users, 3, run3)
        cycle = run3 + timedelta(minutes=5)
        recreated = dict(deleted_cart5, date="2020-03-10T00:00:00.000Z",
                         products=[{"productId": 7, "quantity": 2}, {"productId": 11, "quantity": 1}])
        # the dead letter of stage 2, replayed: same event, published now
        events[(4, 2)] = late_row["attributes"]["ce-id"]
        rows = [dict(late_row, publish_time=iso(cycle)), emit("cart_created", 3, None, recreated, cycle)]
        write_events(args.events_dir, "cycle-0004", cycle, rows)
        carts[5] = recreated
        states[4] = {"version": 3, "events": 3, "deleted": False}
        states[5] = {"version": 3, "events": 3, "deleted": False}

    result = {
        "stage": args.stage,
        "products": len(products),
        "product_versions": product_versions,
        "user_versions": user_versions,
        "event_ids": len(events),
        "cart_states": {str(cart_id): state for cart_id, state in sorted(states.items())},
        "prices": {str(product["id"]): str(Decimal(str(product["price"])).quantize(Decimal("0.01")))
                   for product in products},
        **expected(products, carts),
    }

    write(args.data_dir / "expected.json", json.dumps(result, indent=2) + "\n")
    print(json.dumps(result))


if __name__ == "__main__":
    os.umask(0o022)
    main()

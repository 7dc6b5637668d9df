#!/usr/bin/env python3
"""Compiles the dbt project for the `bigquery` target without a network, then
parses every compiled node with sqlglot's BigQuery dialect.

Usage: .venv/bin/python scripts/dbt-bigquery-offline.py [--keep DIR]

How it stays offline:
  - credentials: a throwaway service-account key generated here (a fresh RSA
    key, never registered anywhere); google-auth asks for a token only on the
    first API call, and there is none;
  - introspection: the BigQuery adapter's catalog calls are replaced for this
    process only (get_relation answers "an existing table", so incremental
    models compile their incremental branch; listing answers nothing; the one
    query compile runs, the events watermark, gets a fixed timestamp);
  - a guard makes any socket connect fail at once, so a forgotten API call
    shows up as an error instead of a hang.
stg_cart_events is compiled a second time with --full-refresh (its first-run
branch). Exit status 0 when every node compiles and parses.
"""

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import re
import socket
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_ID = "offline-check-project"
# DuckDB spellings that must never reach BigQuery SQL
DUCKDB_ONLY = re.compile(r"\btry_cast\s*\(|\bjson_extract(_string)?\s*\(|\bread_json\s*\(|\bgenerate_series\s*\(|\bisodow\b|::")


# ---------------------------------------------------------------- offline plumbing


def throwaway_key(path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    path.write_text(json.dumps({
        "type": "service_account",
        "project_id": PROJECT_ID,
        "private_key_id": "0" * 40,
        "private_key": pem,
        "client_email": f"offline-check@{PROJECT_ID}.iam.gserviceaccount.com",
        "client_id": "0",
        "token_uri": "https://oauth2.googleapis.com/token",
    }))


def no_network():
    def refuse(*args, **kwargs):
        raise RuntimeError("network access attempted during the offline BigQuery compile")

    socket.socket.connect = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse


def offline_adapter():
    import agate
    from dbt.adapters.bigquery.impl import BigQueryAdapter
    from dbt.adapters.bigquery.relation import BigQueryRelation
    from dbt.adapters.contracts.connection import AdapterResponse

    def get_relation(self, database, schema, identifier):
        return BigQueryRelation.create(database=database, schema=schema, identifier=identifier, type="table")

    def execute(self, sql, auto_begin=False, fetch=False, limit=None):
        # events_watermark (max published_at) and load_watermark (max
        # loaded_at, and the upstream's min loaded_at: older, so incremental)
        if "as watermark" not in sql:
            raise RuntimeError(f"offline BigQuery compile: unexpected query:\n{sql}")
        names = ["watermark", "upstream_start"] if "as upstream_start" in sql else ["watermark"]
        values = [dt.datetime(2024, 1, 2, 3, 4, 5, 123456, tzinfo=dt.timezone.utc),
                  dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)][:len(names)]
        table = agate.Table([values], names, [agate.DateTime()] * len(names))
        return AdapterResponse(_message="offline"), table

    BigQueryAdapter.get_relation = get_relation
    BigQueryAdapter.list_relations_without_caching = lambda self, schema_relation: []
    BigQueryAdapter.execute = execute


def compile_project(target_path, extra):
    from dbt.cli.main import dbtRunner

    args = ["compile", "--target", "bigquery", "--target-path", str(target_path), *extra]
    output = io.StringIO()
    with contextlib.redirect_stdout(output):  # compile echoes the SQL of a single selected node
        result = dbtRunner().invoke(args)
    if not result.success:
        print(output.getvalue())
        raise SystemExit(f"dbt {' '.join(args[:5])} ... failed: {result.exception or 'see the log above'}")
    return result, json.loads((target_path / "manifest.json").read_text())


def compile_hooks(target_path, manifest):
    """The models' pre- and post-hooks, compiled together as one inline query:
    a pseudo node per hook, for check()."""
    hooks = [
        (node["unique_id"], hook["sql"])
        for node in manifest["nodes"].values() if node["resource_type"] == "model"
        for kind in ("pre-hook", "post-hook") for hook in node["config"].get(kind, [])
    ]
    if not hooks:
        return []
    result, _ = compile_project(target_path, ["--inline", ";\n".join(sql for _, sql in hooks)])
    compiled = result.result.results[0].node.compiled_code
    statements = [statement for statement in compiled.split(";") if statement.strip()]
    if len(statements) != len(hooks):
        raise SystemExit(f"hooks: {len(hooks)} hooks compiled into {len(statements)} statements")
    return [{"unique_id": f"hook.{unique_id}", "resource_type": "hook", "compiled_code": statement}
            for (unique_id, _), statement in zip(hooks, statements)]


# ---------------------------------------------------------------- checks


def compiled_nodes(manifest):
    for node in manifest["nodes"].values():
        if node.get("compiled_code") and node["resource_type"] in ("model", "snapshot", "test"):
            yield node


def check(nodes):
    import sqlglot
    from sqlglot.errors import ParseError

    failures = []
    for node in nodes:
        sql = node["compiled_code"]
        try:
            statements = [tree for tree in sqlglot.parse(sql, read="bigquery") if tree is not None]
            if not statements:
                raise ParseError("no statement")
        except ParseError as error:
            failures.append(f"{node['unique_id']}: sqlglot: {str(error).splitlines()[0]}")
            continue
        match = DUCKDB_ONLY.search(sql)
        if match:
            failures.append(f"{node['unique_id']}: DuckDB-only syntax {match.group(0)!r}")
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", type=Path, help="write the compiled project here instead of a temp dir")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="dbt-bq-offline-") as temp:
        work = args.keep or Path(temp)
        work.mkdir(parents=True, exist_ok=True)
        return run(work)


def run(work):
    throwaway_key(work / "throwaway-key.json")
    os.environ.update({
        "DBT_PROJECT_DIR": str(ROOT / "dbt"),
        "DBT_PROFILES_DIR": str(ROOT / "dbt"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "GOOGLE_APPLICATION_CREDENTIALS": str(work / "throwaway-key.json"),
        "GCP_PROJECT_ID": PROJECT_ID,
        "GCP_REGION": "US",
        "DBT_LOG_PATH": str(work / "logs"),
    })
    no_network()
    offline_adapter()

    _, incremental = compile_project(work / "target", [])
    _, first_run = compile_project(
        work / "target-full-refresh", ["--full-refresh", "--select", "config.materialized:incremental"])
    hooks = compile_hooks(work / "target-hooks", incremental)
    nodes = [*compiled_nodes(incremental), *compiled_nodes(first_run), *hooks]
    failures = check(nodes)

    sources = sorted(
        f"{s['database']}.{s['schema']}.{s['identifier']}" for s in incremental["sources"].values()
    )
    print(f"bigquery sources: {', '.join(sources)}")
    for failure in failures:
        print(f"FAIL {failure}")
    kinds = {}
    for node in nodes:
        kinds[node["resource_type"]] = kinds.get(node["resource_type"], 0) + 1
    summary = ", ".join(f"{count} {kind}s" for kind, count in sorted(kinds.items()))
    print(f"bigquery offline compile: {len(nodes) - len(failures)}/{len(nodes)} compiled nodes parse as BigQuery ({summary})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env bash
# Runs dbt on the project in dbt/ with the repo's venv and profile, from any directory:
#   scripts/dbt.sh build                    # local target (DuckDB) on ./data and ./events
#   scripts/dbt.sh build --target bigquery  # BigQuery, production datasets
#   scripts/dbt.sh build --target dev       # BigQuery, your own <prefix>_silver_data / _gold_data
#   PIPELINE_DATA_DIR=/tmp/lake PIPELINE_EVENTS_DIR=/tmp/events scripts/dbt.sh build
# Environment, read as the pipeline's tools read it (scripts/dbt.ts: the same .env, found by the
# same rule, parsed by the same code; the environment wins over .env):
#   PIPELINE_DATA_DIR    lake (raw/) and DuckDB warehouse (warehouse.duckdb); default <repo>/data
#   PIPELINE_EVENTS_DIR  cart event log (carts-events/); default <repo>/events
#   BQ_DATASET, BQ_SILVER_DATASET, BQ_GOLD_DATASET   the layers' datasets/schemas (*_data)
#   DBT_TARGET           local (default), bigquery or dev; DBT_DEV_PREFIX for dev (default $USER)
# Relative paths are resolved against the current directory (in a .env: against its folder).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
node="$root/.tools/bin/node"
if [[ ! -x $node || ! -f $root/packages/shared-core/dist/config.js ]]; then
  echo "scripts/dbt.sh: the project's Node or shared-core's build is missing; run 'make setup' first" >&2
  exit 2
fi
exec "$node" "$root/scripts/dbt.ts" "$@"

#!/usr/bin/env bash
# Runs dbt on the project in dbt/ with the repo's venv and profile, from any directory:
#   scripts/dbt.sh build                    # local target (DuckDB) on ./data and ./events
#   scripts/dbt.sh build --target bigquery  # BigQuery (GCP_PROJECT_ID, GCP_REGION, credentials)
#   PIPELINE_DATA_DIR=/tmp/lake PIPELINE_EVENTS_DIR=/tmp/events scripts/dbt.sh build
# Environment, as the pipeline's tools read it (a .env at the repo root fills in unset ones):
#   PIPELINE_DATA_DIR    lake (raw/) and DuckDB warehouse (warehouse.duckdb); default ./data
#   PIPELINE_EVENTS_DIR  cart event log (carts-events/); default ./events
#   DBT_TARGET           local (default) or bigquery
# Relative paths are resolved against the current directory, then made absolute.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dbt="$root/.venv/bin/dbt"
if [[ ! -x $dbt ]]; then
  echo "scripts/dbt.sh: $dbt not found; run 'make setup' first" >&2
  exit 2
fi

# .env fills in what the environment does not set (flags > environment > .env, as for the CLIs)
if [[ -f $root/.env ]]; then
  while IFS='=' read -r key value; do
    [[ $key =~ ^[A-Z_][A-Z0-9_]*$ ]] || continue
    [[ -n ${!key+set} ]] && continue
    value=${value%\"}; value=${value#\"}; value=${value%\'}; value=${value#\'}
    export "$key=$value"
  done < "$root/.env"
fi

PIPELINE_DATA_DIR=$(realpath -m "${PIPELINE_DATA_DIR:-$root/data}")
PIPELINE_EVENTS_DIR=$(realpath -m "${PIPELINE_EVENTS_DIR:-$root/events}")
export PIPELINE_DATA_DIR PIPELINE_EVENTS_DIR
mkdir -p "$PIPELINE_DATA_DIR" # DuckDB creates warehouse.duckdb, not its folder
export DBT_PROJECT_DIR="$root/dbt" DBT_PROFILES_DIR="$root/dbt"
export DBT_SEND_ANONYMOUS_USAGE_STATS=false

cd "$root"
exec "$dbt" "$@"

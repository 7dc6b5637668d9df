#!/usr/bin/env bash
# Checks the dbt project end to end on a small lake + cart event log built from the
# real data set, written by the project's own lake and event-log code (scripts/make-lake-fixture.ts,
# which also writes the gold figures the scenario implies), in a temp dir:
#   1. stage 1: batch run 1 (+ a quarantined record and an unfinished run), cold-start
#      events for the 7 carts -> dbt build --target local -> gold figures
#   2. stage 2: batch run 2 (product 1: 109.95 -> 99.95), cart 8 created, cart 2
#      modified, cart 5 deleted, cart 4 at version 3 (its version 2 dead-lettered),
#      one event re-emitted -> dbt build --selector cart_stream (the stream job) ->
#      dbt build (incremental, second snapshot) -> gold figures
#   3. stage 3: batch run 3 (product 2 repriced, user 1 changed), cart 4's version 2
#      arriving late, cart 5 re-created -> the stream job -> dbt build (incremental)
#      -> gold figures
#   4. the incremental warehouse against a full rebuild of a copy (--full-refresh):
#      silver's cart models and gold identical
#   5. dbt source freshness
#   6. sqlfluff lint (dbt templater, local target)
#   7. the BigQuery target compiled offline, every node and hook parsed by sqlglot (BigQuery)
# Each dbt build runs the models, snapshots, data tests and unit tests.
# Exit status 1 when any step fails; the last line is a summary.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
py=$root/.venv/bin/python
node=$root/.tools/bin/node
if [[ ! -x $py || ! -x $node || ! -f $root/packages/cart-streamer/dist/index.js ]]; then
  echo "check-dbt: the venv, the project's Node or the packages' build is missing; run 'make setup' first" >&2
  exit 2
fi

work=$(mktemp -d -t check-dbt.XXXXXX)
trap 'rm -rf "$work"' EXIT
export PIPELINE_DATA_DIR=$work/data PIPELINE_EVENTS_DIR=$work/events
export DBT_TARGET_PATH=$work/target DBT_LOG_PATH=$work/logs DBT_SEND_ANONYMOUS_USAGE_STATS=false
# the default dataset names, whatever a .env says: check-dbt-gold.py queries silver_data and gold_data
export BQ_DATASET=bronze_data BQ_SILVER_DATASET=silver_data BQ_GOLD_DATASET=gold_data
now=$(date -u +%Y-%m-%dT%H:00:00Z)

failed=()
started=$(date +%s)

# run <label> <command...>: output to a log, shown only on failure
run() {
  local label=$1 log="$work/$(echo "$1" | tr -c 'a-z0-9\n' '-').log" t0 status
  shift
  t0=$(date +%s%N)
  "$@" >"$log" 2>&1
  status=$?
  local ms=$((($(date +%s%N) - t0) / 1000000))
  if ((status == 0)); then
    printf '  ok   %-46s %6.1fs\n' "$label" "$(bc <<<"scale=1; $ms/1000")"
  else
    printf '  FAIL %-46s %6.1fs\n' "$label" "$(bc <<<"scale=1; $ms/1000")"
    tail -n 40 "$log" | sed 's/^/       | /'
    failed+=("$label")
  fi
  return $status
}

# build_counts: "N models, N snapshots, N data tests, N unit tests" from the last run
build_counts() {
  "$py" - "$DBT_TARGET_PATH/run_results.json" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
kinds = {"model": 0, "snapshot": 0, "test": 0, "unit_test": 0}
for result in results:
    kind = result["unique_id"].split(".")[0]
    if kind in kinds:
        kinds[kind] += 1
print(f"{kinds['model']} models, {kinds['snapshot']} snapshots, {kinds['test']} data tests, {kinds['unit_test']} unit tests")
EOF
}

echo "check-dbt: fixture in $work"
for stage in 1 2 3; do
  run "stage $stage: lake + event log fixture" "$node" --disable-warning=ExperimentalWarning "$root/scripts/make-lake-fixture.ts" \
    --data-dir "$PIPELINE_DATA_DIR" --events-dir "$PIPELINE_EVENTS_DIR" --stage "$stage" --now "$now"
  if ((stage > 1)); then
    # the stream job first (new events only: the fact keeps the previous prices),
    # then the batch job's full build: together they must reach the same gold
    run "stage $stage: dbt build --selector cart_stream" "$root/scripts/dbt.sh" build --target local \
      --selector cart_stream
  fi
  run "stage $stage: dbt build --target local" "$root/scripts/dbt.sh" build --target local
  counts=$(build_counts 2>/dev/null || echo "no run results")
  run "stage $stage: gold figures" "$py" "$root/scripts/check-dbt-gold.py" \
    "$PIPELINE_DATA_DIR/warehouse.duckdb" "$PIPELINE_DATA_DIR/expected.json"
done
cp -r "$PIPELINE_DATA_DIR" "$work/data-full"
run "stage 3 rebuilt in full (--full-refresh)" env PIPELINE_DATA_DIR="$work/data-full" \
  "$root/scripts/dbt.sh" build --target local --full-refresh
run "incremental warehouse == full rebuild" "$py" "$root/scripts/check-dbt-gold.py" --compare \
  "$PIPELINE_DATA_DIR/warehouse.duckdb" "$work/data-full/warehouse.duckdb"
run "dbt source freshness" "$root/scripts/dbt.sh" source freshness --target local
run "sqlfluff lint (dbt templater, duckdb)" \
  bash -c "cd '$root/dbt' && DBT_PROFILES_DIR='$root/dbt' '$root/.venv/bin/sqlfluff' lint models tests"
run "bigquery: offline compile + sqlglot parse" "$py" "$root/scripts/dbt-bigquery-offline.py"
grep -h "^bigquery offline compile" "$work"/*.log | sed 's/^/       /'

elapsed=$(($(date +%s) - started))
if ((${#failed[@]})); then
  echo "check-dbt: FAILED ${#failed[@]} step(s): $(IFS=';'; echo "${failed[*]}") (${elapsed}s)"
  exit 1
fi
echo "check-dbt: OK, 3 fixture builds ($counts each), gold figures, incremental == full, freshness, sqlfluff, BigQuery offline compile (${elapsed}s)"

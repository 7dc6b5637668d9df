#!/usr/bin/env bash
# make demo: the whole pipeline locally, end to end, then the gold results.
#   fakestore-sim -> batch-ingest -> cart-streamer (cold start) -> dbt build
#   -> carts created/modified/deleted + a price change -> cart-streamer -> batch-ingest -> dbt build
# Set FAKESTORE_API_URL to run against the real API instead of the local replica (it persists
# no writes, so the second streamer cycle then sees no changes). Output goes to .demo/ (or DEMO_DIR).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(realpath -m "${DEMO_DIR:-$root/.demo}")"
node="$root/.tools/bin/node"
export PATH="$root/bin:$PATH"
export PIPELINE_DATA_DIR="$out/data" PIPELINE_EVENTS_DIR="$out/events" PIPELINE_STATE_FILE="$out/state/carts_state.json"
# short human-readable log lines from the CLIs, even into a pipe (the output fits 100 columns)
export LOG_FORMAT=pretty

if [ -t 1 ]; then bold=$'\e[1m'; dim=$'\e[2m'; reset=$'\e[0m'; else bold=''; dim=''; reset=''; fi
step=0
step() { step=$((step + 1)); printf '\n%s==> %d. %s%s\n' "$bold" "$step" "$*" "$reset"; }
die() { echo "demo: $*" >&2; exit 1; }

rm -rf "$out" && mkdir -p "$out"
cd "$out"

sim_pid=''
cleanup() { [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null || true; }
trap cleanup EXIT

if [ -n "${FAKESTORE_API_URL:-}" ]; then
  api="$FAKESTORE_API_URL"
  step "Source: the real Fake Store API at $api"
else
  step "Source: fakestore-sim, a local replica of the Fake Store API (its real data set)"
  fakestore-sim --port 0 > "$out/sim.log" 2>&1 &
  sim_pid=$!
  for _ in $(seq 50); do grep -q '^listening on ' "$out/sim.log" 2>/dev/null && break; sleep 0.1; done
  api="$(awk '/^listening on /{print $3; exit}' "$out/sim.log")"
  [ -n "$api" ] || die "fakestore-sim did not start: $(cat "$out/sim.log")"
  echo "fakestore-sim listening on $api"
fi

# Admin calls to the sim, with the project's Node (no curl needed): one short line each.
admin() {
  "$node" -e '
    const [method, url, body] = process.argv.slice(1);
    const path = url.replace(/^https?:\/\/[^/]+/, "");
    const summary = (j) =>
      j.deleted !== undefined ? `cart ${j.deleted} deleted`
      : Array.isArray(j.products) ? `cart ${j.id}: user ${j.userId}, ${String(j.date).slice(0, 10)}, ${j.products.length} products`
      : j.price !== undefined ? `product ${j.id}: price ${j.price}`
      : JSON.stringify(j).slice(0, 60);
    fetch(url, { method, headers: { "content-type": "application/json" }, body: body || undefined })
      .then(async (r) => {
        const text = await r.text();
        if (!r.ok) { console.error(`${method} ${path}: ${r.status} ${text.slice(0, 200)}`); process.exit(1); }
        let shown; try { shown = summary(JSON.parse(text)); } catch { shown = text.slice(0, 60); }
        console.log(`  ${method} ${path} -> ${r.status} (${shown})`);
      })
      .catch((e) => { console.error(`${method} ${url}: ${e.message}`); process.exit(1); });
  ' "$@"
}

dbt_build() {
  local log="$out/dbt-build-$1.log"
  if "$root/scripts/dbt.sh" build --target local > "$log" 2>&1; then
    grep -E 'Done\. PASS=' "$log" | tail -1 | sed 's/^[^D]*/  dbt: /'
  else
    tail -40 "$log" >&2
    die "dbt build failed; full log: $log"
  fi
}

step "batch-ingest: products and users into the lake (local mode)"
batch-ingest --local-only --api-url "$api"

step "cart-streamer --once: cold start, every cart becomes cart_created"
cart-streamer --local-only --once --api-url "$api"

step "dbt build: bronze -> silver -> gold (first build)"
dbt_build 1

if [ -n "$sim_pid" ]; then
  step "Changes at the source: cart 8 new, cart 1 modified, cart 3 deleted, product 1 repriced"
  admin PUT "$api/__admin/carts/8" '{"userId":4,"date":"2020-03-05","products":[{"productId":1,"quantity":2},{"productId":9,"quantity":1}]}'
  admin PUT "$api/__admin/carts/1" '{"userId":1,"date":"2020-03-02","products":[{"productId":1,"quantity":4},{"productId":2,"quantity":1}]}'
  admin DELETE "$api/__admin/carts/3"
  admin PATCH "$api/__admin/products/1" '{"price":89.95}'
fi

step "cart-streamer --once: only the changes become events"
cart-streamer --local-only --once --api-url "$api"

step "batch-ingest again: a second run, a second partition (with the new price)"
batch-ingest --local-only --api-url "$api"

step "dbt build: incremental events, SCD2 history, gold rebuilt"
dbt_build 2

step "Gold results"
"$root/.venv/bin/python" "$root/scripts/show-gold.py" "$out"

# paths under the repository shown relative to it, so the lines stay short
here() { case "$1" in "$root"/*) echo "${1#"$root"/}" ;; *) echo "$1" ;; esac; }
gold="${BQ_GOLD_DATASET:-gold_data}"
printf '\n%sWhere things are%s\n' "$bold" "$reset"
cat <<TXT
  lake (raw partitions + manifests)   $(here "$PIPELINE_DATA_DIR")/raw/
  cart event log                      $(here "$PIPELINE_EVENTS_DIR")/carts-events/
  streamer state                      $(here "$PIPELINE_STATE_FILE")
  DuckDB warehouse                    $(here "$PIPELINE_DATA_DIR")/warehouse.duckdb
  dbt logs                            $(here "$out")/dbt-build-*.log
  dbt docs of this warehouse          make docs   (then open dbt/target/docs/static_index.html)
${dim}Explore:  .venv/bin/python
  >>> import duckdb
  >>> db = duckdb.connect('$(here "$PIPELINE_DATA_DIR")/warehouse.duckdb', read_only=True)
  >>> db.sql('from ${gold}.fact_cart_items').show()${reset}
TXT

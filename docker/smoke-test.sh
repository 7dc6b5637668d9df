#!/usr/bin/env bash
# Smoke test of the fakestore-elt image, run INSIDE a container of it by scripts/check-image.sh
# (piped in: `ENGINE run --network none -i IMAGE bash -s -- ARGS < docker/smoke-test.sh`), offline.
#
#   bash -s -- full  TOKEN NODE_VERSION TOFU_VERSION   every check below
#   bash -s -- quick TOKEN NODE_VERSION TOFU_VERSION   the same without dbt build and the secret scan
#                                                      (for a second run as an arbitrary uid)
# Checks: not root; node, dbt and tofu at the pinned versions; every CLI's --help; fakestore-sim on
# loopback; batch-ingest --local-only and one cart-streamer cycle against it, with their lake and
# event log; dbt build of the image's dbt project on that output; no decoy secret (TOKEN, planted
# in the build context by check-image) and no secret-like file anywhere in the image.
set -euo pipefail

mode="${1:?usage: smoke-test.sh full|quick TOKEN NODE_VERSION TOFU_VERSION}"
token="${2:?decoy token}"
node_version="${3:?node version}"
tofu_version="${4:?tofu version}"

work="$(mktemp -d)"
sim_pid=''
cleanup() { if [ -n "$sim_pid" ]; then kill "$sim_pid" 2>/dev/null || true; fi; }
trap cleanup EXIT
passed=0
ok() { passed=$((passed + 1)); echo "smoke: ok    $*"; }
fail() { echo "smoke: FAIL  $*" >&2; exit 1; }
# check DESCRIPTION CMD...: runs CMD with its output in a log, shown only when it fails.
check() {
  local what="$1" log="$work/check.log"
  shift
  "$@" >"$log" 2>&1 || { cat "$log" >&2; fail "$what"; }
  ok "$what"
}

[ "$(id -u)" -ne 0 ] || fail "runs as root (uid 0)"
ok "runs as uid $(id -u) ($(id -un 2>/dev/null || echo 'no passwd entry')), HOME=$HOME"
touch "$HOME/.smoke-write" && rm "$HOME/.smoke-write" || fail "HOME ($HOME) is not writable for uid $(id -u)"

[ "$(node --version)" = "v$node_version" ] || fail "node --version is $(node --version), want v$node_version"
ok "node v$node_version"
tofu version >"$work/tofu.txt" 2>&1 || { cat "$work/tofu.txt" >&2; fail "tofu version"; }
[ "$(head -n1 "$work/tofu.txt")" = "OpenTofu v$tofu_version" ] || fail "tofu version says '$(head -n1 "$work/tofu.txt")', want OpenTofu v$tofu_version"
ok "tofu: OpenTofu v$tofu_version"
dbt --version >"$work/dbt.txt" 2>&1 || { cat "$work/dbt.txt" >&2; fail "dbt --version"; }
for plugin in duckdb bigquery; do grep -q -- "- $plugin:" "$work/dbt.txt" || { cat "$work/dbt.txt" >&2; fail "dbt has no $plugin adapter"; }; done
ok "dbt $(awk '/installed:/{print $3; exit}' "$work/dbt.txt") with the duckdb and bigquery adapters"

for cli in batch-ingest 'batch-ingest push-pending' cart-streamer 'cart-streamer replay-dlq' \
  gcp-bootstrap 'gcp-bootstrap doctor' 'gcp-bootstrap enable-apis' fakestore-sim; do
  # shellcheck disable=SC2086 # "tool subcommand" splits on purpose
  NO_COLOR=1 $cli --help >"$work/help.txt" 2>&1 || { cat "$work/help.txt" >&2; fail "$cli --help"; }
  grep -q "${cli%% *}" "$work/help.txt" || fail "$cli --help does not name the tool"
done
ok "--help of every CLI and subcommand"

cd "$work"
fakestore-sim --port 0 >sim.log 2>&1 &
sim_pid=$!
for _ in $(seq 100); do grep -q '^listening on ' sim.log 2>/dev/null && break; sleep 0.1; done
api="$(awk '/^listening on /{print $3; exit}' sim.log)"
[ -n "$api" ] || { cat sim.log >&2; fail "fakestore-sim did not start"; }
ok "fakestore-sim on $api"

export PIPELINE_DATA_DIR="$work/data" PIPELINE_EVENTS_DIR="$work/events" PIPELINE_STATE_FILE="$work/state/carts_state.json"
check "batch-ingest --local-only" batch-ingest --local-only --api-url "$api"
for entity in products users; do
  lines="$(cat "$work"/data/raw/"$entity"/date=*/run_id=*/data.jsonl | wc -l)"
  [ "$lines" -gt 0 ] || fail "batch-ingest wrote no $entity to the lake"
done
ok "lake: $(cat "$work"/data/raw/products/*/*/data.jsonl | wc -l) products, $(cat "$work"/data/raw/users/*/*/data.jsonl | wc -l) users"

check "cart-streamer --once --local-only" cart-streamer --once --local-only --api-url "$api"
created="$(cat "$work"/events/carts-events/date=*/*.jsonl | grep -c '"cart_created"' || true)"
[ "$created" -gt 0 ] || fail "cart-streamer wrote no cart_created event"
[ -s "$PIPELINE_STATE_FILE" ] || fail "cart-streamer saved no state"
ok "event log: $created cart_created events, state saved"

if [ "$mode" = full ]; then
  # The dbt project baked into the image, on what the two tools just wrote (DuckDB, offline).
  check "dbt build --target local (the image's dbt project)" \
    dbt build --project-dir /opt/fakestore/dbt --profiles-dir /opt/fakestore/dbt --target local \
      --target-path "$work/dbt-target" --log-path "$work/dbt-logs"

  # Decoy secrets: check-image planted files holding TOKEN in the build context, at every place
  # .dockerignore must exclude. None may be anywhere in the image.
  hits="$(grep -rlF --exclude-dir=proc --exclude-dir=sys --exclude-dir=dev -e "$token" / 2>/dev/null || true)"
  [ -z "$hits" ] || fail "a decoy secret from the build context is in the image: $hits"
  ok "no decoy secret from the build context anywhere in the image"
  # And nothing shaped like a secret in what the image adds from the context (/opt/fakestore,
  # /home, /workspace); node_modules comes from the registry, and packages ship test keys.
  found="$(find /opt/fakestore /home /workspace -name node_modules -prune -o \
    \( -name .env -o -name '.env.*' ! -name .env.example -o -name '*.pem' -o -name '*-key.json' \
       -o -name '*.p12' -o -name '*.tfstate' -o -name '*.tfvars' -o -name .git -o -name .npmrc \
       -o -path '*/credentials/*' \) -print 2>/dev/null)"
  [ -z "$found" ] || fail "secret-like files in the image: $found"
  ok "no .env, credentials/, key, tfstate or .git in /opt/fakestore, /home, /workspace"
  for dev in vitest eslint typescript; do
    [ ! -e "/opt/fakestore/node_modules/$dev" ] || fail "development dependency $dev is in the image"
  done
  ok "production dependencies only (no vitest, eslint, typescript)"
fi

echo "smoke: $passed checks passed ($mode, uid $(id -u))"

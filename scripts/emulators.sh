#!/usr/bin/env bash
# Builds the local Google Cloud emulators into .tools/bin/ from pinned Go modules under tools/
# (each tools/NAME/ has a go.mod + go.sum; nothing is fetched but Go modules from the module proxy).
#
#   scripts/emulators.sh build [NAME...]   build pubsub-emulator, fake-gcs-server, bigquery-emulator (default: all)
#   scripts/emulators.sh versions          print the pinned module version of each emulator
#
# A build is skipped when .tools/bin/.NAME.stamp matches the pinned inputs (tools/NAME/* and the Go version).
# Cold builds on 2 cores: pubsub/gcs ~1 min each, bigquery ~9 min (one compile step peaks at ~6.5 GB RAM);
# with a warm Go build cache, seconds. Quirks of each emulator with the Node clients: tools/README.md.
# To move a pin: cd tools/NAME && GOTOOLCHAIN=local go get -tool MODULE@VERSION (or go get MODULE@VERSION) && go mod tidy.
#
# Running them (each binds loopback only; all are in-memory unless told otherwise):
#   pubsub-emulator -port 0 [-admin-port 0] [-fail Publish=PERMISSION_DENIED[:N]]
#       ready: stdout line `listening on 127.0.0.1:PORT`  -> PUBSUB_EMULATOR_HOST=127.0.0.1:PORT
#       admin (optional, printed before): `admin on http://127.0.0.1:APORT`; POST /fail?method=Publish&code=CODE&times=N, POST /reset
#   fake-gcs-server -scheme http -host 127.0.0.1 -port PORT -backend memory -public-host 127.0.0.1:PORT
#       (no -port 0: it reports and advertises the configured port) ready: stderr `server started at http://127.0.0.1:PORT`
#       or GET /storage/v1/b returns 200   -> Node: new Storage({apiEndpoint: 'http://127.0.0.1:PORT'}) and NO
#       STORAGE_EMULATOR_HOST in the Node process (@google-cloud/storage 8 then drops /storage/v1 and gets 404s)
#   bigquery-emulator --project=PROJECT --host=127.0.0.1 --port=0 --grpc-port=0
#       ready: stdout `[bigquery-emulator] REST server listening at 127.0.0.1:PORT`
#       -> BIGQUERY_EMULATOR_HOST=http://127.0.0.1:PORT; for gs:// loads start it with
#       STORAGE_EMULATOR_HOST=http://127.0.0.1:GCS_PORT in its environment (the http:// is required)
set -euo pipefail
shopt -s nullglob

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$root/.tools/bin"

die() { echo "emulators: $*" >&2; exit 1; }
all=(pubsub-emulator fake-gcs-server bigquery-emulator)

# Sets module (whose pinned version names the build), pkg (the main package to build) and ldx
# (extra linker flag, followed by the version) for one emulator.
spec() {
  ldx=""
  case "$1" in
    pubsub-emulator)   module=cloud.google.com/go/pubsub/v2;      pkg=. ;;
    fake-gcs-server)   module=github.com/fsouza/fake-gcs-server;  pkg=$module ;;
    bigquery-emulator) module=github.com/goccy/bigquery-emulator; pkg=$module/cmd/bigquery-emulator; ldx=-X=main.version= ;;
    *) die "unknown emulator '$1' (one of: ${all[*]})" ;;
  esac
}

# The version of MODULE required in tools/NAME/go.mod.
pinned() {
  local v
  v="$(awk -v m="$2" '$1 == m && $2 ~ /^v/ { print $2; exit }' "$root/tools/$1/go.mod")"
  [ -n "$v" ] || die "tools/$1/go.mod does not require $2"
  echo "$v"
}

build_one() {
  local name="$1" module pkg ldx version dir stamp want start
  spec "$name"
  dir="$root/tools/$name"
  [ -f "$dir/go.mod" ] && [ -f "$dir/go.sum" ] || die "tools/$name/go.mod or go.sum is missing"
  version="$(pinned "$name" "$module")"
  stamp="$bin/.$name.stamp"
  local inputs=("$dir"/go.mod "$dir"/go.sum "$dir"/*.go)  # nullglob: *.go may match nothing
  want="$module $version $(go env GOVERSION) $(cat "${inputs[@]}" | sha256sum | cut -c1-16)"
  if [ -x "$bin/$name" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    echo "emulators: $name is up to date ($module $version)"
    return
  fi
  echo "emulators: building $name from $module $version (first build downloads modules and takes minutes)"
  start=$SECONDS
  mkdir -p "$bin"
  (cd "$dir" && CGO_ENABLED=0 go build -mod=readonly -trimpath \
      -ldflags="-s -w ${ldx:+$ldx$version}" -o "$bin/$name.tmp" "$pkg") \
    || die "building $name failed (see above). Is the Go module proxy reachable? Does 'go version' say go1.26+?"
  mv -f "$bin/$name.tmp" "$bin/$name"
  echo "$want" >"$stamp"
  echo "emulators: built .tools/bin/$name ($(du -h "$bin/$name" | cut -f1), $((SECONDS - start))s)"
}

command -v go >/dev/null || die "Go is not installed (need go1.26+ on PATH)"
export GOTOOLCHAIN=local GOFLAGS=-buildvcs=false

case "${1:-}" in
  build)
    shift
    [ $# -gt 0 ] || set -- "${all[@]}"
    for name in "$@"; do build_one "$name"; done ;;
  versions)
    for name in "${all[@]}"; do spec "$name"; echo "$name $module $(pinned "$name" "$module")"; done ;;
  *) die "usage: scripts/emulators.sh build [pubsub-emulator|fake-gcs-server|bigquery-emulator ...] | versions" ;;
esac

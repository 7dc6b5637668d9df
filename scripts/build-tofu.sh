#!/usr/bin/env bash
# Builds OpenTofu (the `tofu` CLI) into .tools/bin/tofu from the Go module proxy, at a pinned version.
# OpenTofu's go.mod has replace directives, so `go install` cannot build it: this downloads the
# module, copies it to a temporary folder (the module cache is read-only) and builds ./cmd/tofu
# there with its own go.mod/go.sum, as the release build does.
#
#   scripts/build-tofu.sh            skipped when .tools/bin/tofu already reports the pinned version
#   TOFU_VERSION=v1.x.y scripts/build-tofu.sh   another version (change the pin below to keep it)
#
# Offline, only provider-free commands work: `tofu fmt -check -recursive infra/`, `tofu version`.
set -euo pipefail

version="${TOFU_VERSION:-v1.12.6}"
module=github.com/opentofu/opentofu
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$root/.tools/bin"

die() { echo "build-tofu: $*" >&2; exit 1; }

# `tofu version` may print CLI-config warnings first (e.g. TF_CLI_CONFIG_FILE naming a missing file).
# No `grep -q`: it would stop reading at the match, tofu would die of SIGPIPE and pipefail would fail the check.
reports_version() { "$bin/tofu" version 2>/dev/null | grep -x "OpenTofu $version" >/dev/null; }

if [ -x "$bin/tofu" ] && reports_version; then
  echo "build-tofu: .tools/bin/tofu is up to date (OpenTofu $version)"
  exit 0
fi
command -v go >/dev/null || die "Go is not installed (need the Go version that $module@$version's go.mod asks for)"
export GOTOOLCHAIN=local GOFLAGS=-buildvcs=false

echo "build-tofu: building OpenTofu $version from the Go module proxy (a cold build takes several minutes)"
start=$SECONDS
src="$(go mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[ -n "$src" ] && [ -d "$src" ] || die "could not download $module@$version from the Go module proxy"

work="$(mktemp -d)"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
cp -R "$src/." "$work/"
chmod -R u+w "$work"
mkdir -p "$bin"
(cd "$work" && CGO_ENABLED=0 go build -mod=readonly -trimpath \
    -ldflags="-s -w -X github.com/opentofu/opentofu/version.dev=no" -o "$bin/tofu.tmp" ./cmd/tofu) \
  || die "go build of $module@$version failed (see above). Its go.mod needs $(sed -n 's/^go //p' "$src/go.mod"); this is $(go env GOVERSION)."
mv -f "$bin/tofu.tmp" "$bin/tofu"
reports_version || die "the built tofu does not report OpenTofu $version"
echo "build-tofu: built .tools/bin/tofu, OpenTofu $version ($(du -h "$bin/tofu" | cut -f1), $((SECONDS - start))s)"

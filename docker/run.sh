#!/usr/bin/env bash
# Builds the fakestore-elt image and starts an interactive shell in it, with the project
# mounted at /workspace, credentials/ mounted read-only over it and .env passed when present.
#
#   docker/run.sh            build, then a shell (what `make run` does)
#   docker/run.sh build      build only (`make image`)
#   docker/run.sh CMD ARGS   build, then run CMD instead of a shell, e.g. docker/run.sh dbt --version
#
# IMAGE=name overrides the image name (default fakestore-elt); DOCKER_RUN_ARGS adds `docker run` flags.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
image="${IMAGE:-fakestore-elt}"
cd "$root"

die() { echo "run: $*" >&2; exit 1; }

command -v docker >/dev/null 2>&1 \
  || die "docker is not installed. Install Docker Engine or Docker Desktop (https://docs.docker.com/get-docker/), or run the tools without it: make setup && export PATH=\"\$PWD/bin:\$PATH\"."
if ! docker info >/dev/null 2>&1; then
  die "no Docker engine is reachable${DOCKER_HOST:+ at DOCKER_HOST=$DOCKER_HOST}. Start Docker Desktop or the docker service (sudo systemctl start docker), check that your user may use it (docker info), then retry."
fi

echo "run: building $image from docker/Dockerfile" >&2
docker build -f docker/Dockerfile -t "$image" .
[ "${1:-}" = build ] && exit 0

mkdir -p credentials
args=(--rm -i -v "$root:/workspace" -v "$root/credentials:/workspace/credentials:ro" -w /workspace)
[ -t 0 ] && [ -t 1 ] && args+=(-t)
# Linux bind mounts keep host ownership: run as the host user so files written to data/, events/,
# state/ stay yours (Docker Desktop on macOS/Windows maps ownership itself).
if [ "$(uname -s)" = Linux ] && [ "$(id -u)" != 0 ]; then args+=(--user "$(id -u):$(id -g)" -e HOME=/tmp); fi
[ -f .env ] && args+=(--env-file .env)
# shellcheck disable=SC2206 # DOCKER_RUN_ARGS is split on purpose
[ -n "${DOCKER_RUN_ARGS:-}" ] && args+=($DOCKER_RUN_ARGS)

if [ "$#" -eq 0 ]; then
  exec docker run "${args[@]}" "$image" bash
fi
exec docker run "${args[@]}" "$image" "$@"

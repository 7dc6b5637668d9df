#!/usr/bin/env bash
# Builds the fakestore-elt image and starts an interactive shell in it, with the project mounted
# at /workspace, credentials/ read-only over it, Application Default Credentials read-only when
# you have them, .env passed when present, and your own uid/gid (files you write stay yours).
#
#   docker/run.sh            build, then a shell (what `make run` does)
#   docker/run.sh build      build only (`make image`)
#   docker/run.sh CMD ARGS   build, then run CMD instead of a shell, e.g. docker/run.sh dbt --version
#
# Environment:
#   CONTAINER_ENGINE=docker|podman  which engine (default: docker when its engine answers, else podman)
#   IMAGE=name                      image name (default fakestore-elt)
#   BASE_IMAGE=ref                  base image build argument (default: the Dockerfile's pinned base)
#   BUILD_CONTEXT=dir               build context (default: the repository root)
#   BUILD_CA_BUNDLE=file            CA bundle trusted by the build's downloads (default: $SSL_CERT_FILE)
#   NO_BUILD=1                      run the image as it is, without building it first
#   DOCKER_RUN_ARGS="..."           more `run` flags, e.g. "-p 3999:3999"
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
image="${IMAGE:-fakestore-elt}"
# Inside the image: HOME, and where gcloud (and every Google client library) finds ADC.
home=/home/fakestore
gcloud_dir="$home/.config/gcloud"
key_path=/run/secrets/google-application-credentials.json

die() { echo "run: $*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

pick_engine() {
  case "${CONTAINER_ENGINE:-}" in
    docker | podman) have "$CONTAINER_ENGINE" || die "CONTAINER_ENGINE=$CONTAINER_ENGINE, but $CONTAINER_ENGINE is not installed."
                     echo "$CONTAINER_ENGINE"; return ;;
    '') ;;
    *) die "CONTAINER_ENGINE must be docker or podman, not '$CONTAINER_ENGINE'." ;;
  esac
  if have docker && docker info >/dev/null 2>&1; then echo docker; return; fi
  # podman has no daemon to reach: installed is enough.
  if have podman; then echo podman; return; fi
  have docker && die "no Docker engine is reachable${DOCKER_HOST:+ at DOCKER_HOST=$DOCKER_HOST}. Start Docker Desktop or the docker service (sudo systemctl start docker), check that your user may use it (docker info), then retry; or install podman."
  die "neither docker nor podman is installed. Install Docker Engine or Docker Desktop (https://docs.docker.com/get-docker/) or podman (apt-get install podman), or run the tools without a container: make setup && export PATH=\"\$PWD/bin:\$PATH\"."
}

# GOOGLE_APPLICATION_CREDENTIALS of the caller names a host file: mount it and point the variable
# at the mount. (Relative paths resolve from where you run this, as the tools resolve them.)
key_file=''
if [ -n "${GOOGLE_APPLICATION_CREDENTIALS:-}" ]; then
  case "$GOOGLE_APPLICATION_CREDENTIALS" in /*) key_file="$GOOGLE_APPLICATION_CREDENTIALS" ;; *) key_file="$PWD/$GOOGLE_APPLICATION_CREDENTIALS" ;; esac
  [ -f "$key_file" ] || die "GOOGLE_APPLICATION_CREDENTIALS=$GOOGLE_APPLICATION_CREDENTIALS is not a file. Point it at a service-account key file, or unset it to use Application Default Credentials (gcloud auth application-default login)."
fi

engine="$(pick_engine)"
cd "$root"

if [ "${NO_BUILD:-}" != 1 ]; then
  build=(build -f "$root/docker/Dockerfile" -t "$image")
  [ -n "${BASE_IMAGE:-}" ] && build+=(--build-arg "BASE_IMAGE=$BASE_IMAGE")
  # Behind a TLS-inspecting proxy the downloads need its CA: a build secret, used by the download
  # steps only and never stored in the image (docker/build-ca.sh).
  ca_bundle="${BUILD_CA_BUNDLE-${SSL_CERT_FILE:-}}"
  [ -n "$ca_bundle" ] && [ -f "$ca_bundle" ] && build+=(--secret "id=ca_bundle,src=$ca_bundle")
  # podman writes OCI images by default, which drop HEALTHCHECK.
  [ "$engine" = podman ] && build+=(--format docker)
  echo "run: building $image from docker/Dockerfile with $engine${BASE_IMAGE:+ on $BASE_IMAGE}" >&2
  "$engine" "${build[@]}" "${BUILD_CONTEXT:-$root}"
fi
[ "${1:-}" = build ] && exit 0

mkdir -p credentials
args=(--rm -i -v "$root:/workspace" -v "$root/credentials:/workspace/credentials:ro" -w /workspace)
[ -t 0 ] && [ -t 1 ] && args+=(-t)
# The caller's uid/gid, root included, so files written to data/, events/, state/ stay theirs and
# the mounted files are theirs inside. HOME is set because that uid may have no passwd entry.
args+=(--user "$(id -u):$(id -g)" -e "HOME=$home")
# Rootless podman maps the caller to root inside unless told to keep the caller's id.
[ "$engine" = podman ] && [ "$(id -u)" != 0 ] && args+=(--userns=keep-id)
# Application Default Credentials (gcloud auth application-default login), read-only.
adc="${CLOUDSDK_CONFIG:-${HOME:-}/.config/gcloud}"
[ -d "$adc" ] && args+=(-v "$adc:$gcloud_dir:ro" -e "CLOUDSDK_CONFIG=$gcloud_dir")
[ -n "$key_file" ] && args+=(-v "$key_file:$key_path:ro" -e "GOOGLE_APPLICATION_CREDENTIALS=$key_path")
[ -f .env ] && args+=(--env-file .env)
# shellcheck disable=SC2206 # DOCKER_RUN_ARGS is split on purpose
[ -n "${DOCKER_RUN_ARGS:-}" ] && args+=($DOCKER_RUN_ARGS)

if [ "$#" -eq 0 ]; then
  exec "$engine" run "${args[@]}" "$image" bash
fi
exec "$engine" run "${args[@]}" "$image" "$@"

#!/usr/bin/env bash
# make check-image: builds the fakestore-elt image with docker or podman and smoke-tests it in
# containers, offline (--network none):
#   1. the build context is the working tree (tracked and untracked files, not the git-ignored
#      ones) plus decoy secrets planted where .dockerignore must exclude them (.env files,
#      credentials/, keys, tfstate, .git, ...), each holding a random token;
#   2. docker/run.sh build, from the pinned public base or, where that cannot be pulled, a Debian
#      base made here with debootstrap (scripts/image-base.sh, cached under .tools/image-base);
#   3. docker/smoke-test.sh in the image as its default user (full: CLIs, sim, batch, streamer,
#      dbt build, no token and no secret-like file in the image), then as uid 4242 (quick);
#   4. docker/run.sh itself (what `make run` runs): the caller's uid/gid, ADC mounted read-only.
#
# Environment: CONTAINER_ENGINE=docker|podman (default: docker when its engine answers, else podman);
# CHECK_IMAGE_BASE=auto (default: public if it can be pulled, else debootstrap) | public | debootstrap | REF;
# IMAGE (default fakestore-elt). As root on Debian, installs what is missing (podman, runc, debootstrap).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
image="${IMAGE:-fakestore-elt}"
start=$SECONDS
phase_start=$SECONDS
timings=()

say() { echo "check-image: $*" >&2; }
die() { echo "check-image: FAIL $*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }
phase() { timings+=("$(printf '  %-34s %4ds' "$1" $((SECONDS - phase_start)))"); phase_start=$SECONDS; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

apt_install() { # installs Debian packages when we may (root, apt-get), else fails naming them
  [ "$(id -u)" = 0 ] && have apt-get || die "$* missing: install them (apt-get install $*), or use docker (CONTAINER_ENGINE=docker)"
  say "installing $* from Debian's packages"
  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"; } >"$tmp/apt.log" 2>&1 \
    || { tail -20 "$tmp/apt.log" >&2; die "apt-get install $* failed"; }
}

# ---------------------------------------------------------------- engine
engine="${CONTAINER_ENGINE:-}"
if [ -z "$engine" ]; then
  if have docker && docker info >/dev/null 2>&1; then engine=docker
  else
    have podman || apt_install podman
    engine=podman
  fi
fi
have "$engine" || die "CONTAINER_ENGINE=$engine is not installed"
export CONTAINER_ENGINE="$engine"
say "engine: $engine ($("$engine" --version 2>/dev/null | head -n1))"

# ---------------------------------------------------------------- base
public_base="$(sed -n 's/^ARG BASE_IMAGE=//p' docker/Dockerfile)"
[ -n "$public_base" ] || die "docker/Dockerfile has no ARG BASE_IMAGE=... default"
base_choice="${CHECK_IMAGE_BASE:-auto}"
if [ "$base_choice" = auto ]; then
  if "$engine" image inspect "$public_base" >/dev/null 2>&1 || timeout 300 "$engine" pull -q "$public_base" >/dev/null 2>&1; then
    base_choice=public
  else
    say "cannot pull $public_base (no registry access?): building a Debian base with debootstrap instead"
    base_choice=debootstrap
  fi
fi
case "$base_choice" in
  public) base="$public_base" ;;
  debootstrap)
    have debootstrap || apt_install debootstrap
    base="$(scripts/image-base.sh "$engine" | tail -n1)" ;;
  *) base="$base_choice" ;;
esac
say "base: $base"
phase "engine and base"

# ---------------------------------------------------------------- podman on this kind of host
# Two host limits break `podman run` as root on some machines (containers, CI runners): crun
# cannot raise RLIMIT_NPROC/NOFILE back to podman's defaults without CAP_SYS_RESOURCE, and crun
# refuses hybrid cgroups (v1 controllers plus a v2 hierarchy). When a plain run fails, run with
# the limits we already have and with runc, through a containers.conf of our own. Builds run
# their RUN steps with chroot isolation, which needs neither.
if [ "$engine" = podman ]; then
  export BUILDAH_ISOLATION="${BUILDAH_ISOLATION:-chroot}"
  if ! podman run --rm --network none "$base" true >"$tmp/probe.log" 2>&1; then
    say "podman run failed here ($(tail -n1 "$tmp/probe.log")); retrying with the host's ulimits and runc"
    have runc || apt_install runc
    nproc="$(ulimit -Hu)"; [ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ] && nproc=32768
    nofile="$(ulimit -Hn)"; [ "$nofile" = unlimited ] && nofile=1048576
    cat >"$tmp/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]
[engine]
runtime = "runc"
EOF
    export CONTAINERS_CONF="$tmp/containers.conf"
    podman run --rm --network none "$base" true >"$tmp/probe.log" 2>&1 \
      || { cat "$tmp/probe.log" >&2; die "podman cannot run containers on this host, even with runc and the host's ulimits"; }
  fi
fi

# ---------------------------------------------------------------- build context with decoys
token="decoy-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
context="$tmp/context"
mkdir -p "$context"
git ls-files -z --cached --others --exclude-standard \
  | while IFS= read -r -d '' file; do [ -e "$file" ] && printf '%s\0' "$file"; done \
  | tar --null -T - -cf - | tar -xf - -C "$context"
decoys=(.env .env.local packages/batch-ingest/.env credentials/fakestore-batch.json dbt/credentials/sa.json
  keys/service-account-key.json tls/server.pem infra/terraform.tfstate infra/prod.tfvars .git/config
  .npmrc .netrc data/state.json state/carts_state.json dbt/target/secret.txt)
for decoy in "${decoys[@]}"; do
  mkdir -p "$context/$(dirname "$decoy")"
  echo "decoy secret planted by check-image: $token" >"$context/$decoy"
done
say "build context: $(find "$context" -type f | wc -l) files, ${#decoys[@]} of them decoy secrets"

# ---------------------------------------------------------------- build (the same path as make image)
# The full log is kept; the step lines show progress (a cold build takes a quarter of an hour).
if ! IMAGE="$image" BASE_IMAGE="$base" BUILD_CONTEXT="$context" docker/run.sh build >"$tmp/build.log" 2>&1; then
  tail -60 "$tmp/build.log" >&2
  die "the image build failed (last lines above)"
fi
grep -E '^(run:|\[[0-9]+/[0-9]+\] STEP|STEP|#[0-9]+ \[)' "$tmp/build.log" | cut -c1-160 >&2 || true
say "built $image ($("$engine" image inspect --format '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1 / 1e6}'))"
phase "build"

# ---------------------------------------------------------------- smoke tests in containers
node_version="$(sed -n 's/^NODE_VERSION := //p' Makefile)"
tofu_version="$(sed -n 's/^version="\${TOFU_VERSION:-v\(.*\)}"$/\1/p' scripts/build-tofu.sh)"
[ -n "$node_version" ] && [ -n "$tofu_version" ] || die "cannot read the pinned Node (Makefile) or OpenTofu (scripts/build-tofu.sh) version"
smoke() { # smoke MODE [run flags...]
  local mode="$1"
  shift
  "$engine" run --rm -i --network none --no-healthcheck "$@" "$image" bash -s -- "$mode" "$token" "$node_version" "$tofu_version" \
    <docker/smoke-test.sh || die "smoke test ($mode${*:+, $*}) failed"
}
smoke full
phase "smoke test (image user)"
smoke quick --user 4242:4242
phase "smoke test (uid 4242)"

# ---------------------------------------------------------------- docker/run.sh for real
# A gcloud folder of our own (CLOUDSDK_CONFIG, as gcloud names it) so the check does not depend
# on the caller's; run.sh must mount it read-only and run as the caller.
adc="$tmp/gcloud"
mkdir -p "$adc"
echo '{"type": "authorized_user", "client_id": "check-image"}' >"$adc/application_default_credentials.json"
want="$(id -u):$(id -g)"
# shellcheck disable=SC2016 # expanded in the container
inside='set -e
[ "$(id -u):$(id -g)" = "$1" ] || { echo "runs as $(id -u):$(id -g), want $1"; exit 1; }
[ -f /workspace/docker/run.sh ] || { echo "the project is not mounted at /workspace"; exit 1; }
grep -q check-image "$CLOUDSDK_CONFIG/application_default_credentials.json" || { echo "no ADC at CLOUDSDK_CONFIG=$CLOUDSDK_CONFIG"; exit 1; }
if touch "$CLOUDSDK_CONFIG/written" 2>/dev/null; then echo "the ADC mount is writable"; exit 1; fi
dbt --version >/dev/null && batch-ingest --help >/dev/null
echo "run.sh ok: uid:gid $1, project at /workspace, ADC read-only at $CLOUDSDK_CONFIG"'
CLOUDSDK_CONFIG="$adc" NO_BUILD=1 IMAGE="$image" DOCKER_RUN_ARGS="--network none" \
  docker/run.sh bash -c "$inside" run-check "$want" </dev/null >"$tmp/run.log" 2>&1 \
  || { cat "$tmp/run.log" >&2; die "docker/run.sh in a real container"; }
[ -z "$(ls -A "$adc" | grep -v '^application_default_credentials.json$')" ] || die "something was written into the ADC folder"
say "$(tail -n1 "$tmp/run.log")"
phase "docker/run.sh (make run)"

echo "check-image: PASS $image on $base with $engine in $((SECONDS - start))s"
printf '%s\n' "${timings[@]}"

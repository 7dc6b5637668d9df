#!/usr/bin/env bash
# Makes a Debian bookworm base image from Debian's packages with debootstrap, for machines that
# cannot pull the pinned public base (no Docker Hub), and loads it into the container engine.
# Prints the image reference on stdout (the last line); progress goes to stderr.
#
#   scripts/image-base.sh ENGINE     ENGINE is docker or podman; needs root and debootstrap
#
# The root filesystem is cached as .tools/image-base/<key>.tar.gz, the key being a hash of this
# script and its inputs (suite, mirror, variant, packages), and the image is tagged with the same
# key, so a second run costs nothing and a changed input makes a new base. To refresh the packages
# of an unchanged key (a Debian point release): rm -rf .tools/image-base, then run again.
# Close to debian:bookworm-slim (the default public base): the minbase variant, the same apt
# sources (bookworm, bookworm-updates, bookworm-security), PATH and CMD.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
engine="${1:?usage: scripts/image-base.sh docker|podman}"
suite=bookworm
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
security_mirror="${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
variant=minbase
cache="$root/.tools/image-base"

die() { echo "image-base: $*" >&2; exit 1; }
say() { echo "image-base: $*" >&2; }

key="$( { cat "${BASH_SOURCE[0]}"; echo "$suite $mirror $security_mirror $variant amd64"; } | sha256sum | cut -c1-12)"
ref="localhost/fakestore-base:$suite-$key"
tarball="$cache/$suite-$key.tar.gz"

if "$engine" image inspect "$ref" >/dev/null 2>&1; then
  say "$ref is loaded"
  echo "$ref"
  exit 0
fi

if [ ! -s "$tarball" ]; then
  [ "$(id -u)" = 0 ] || die "debootstrap needs root (sudo make check-image), or pass a base you can pull: CHECK_IMAGE_BASE=public"
  command -v debootstrap >/dev/null || die "debootstrap is not installed: apt-get install debootstrap"
  say "debootstrap $variant $suite from $mirror (cold: about 2 minutes)"
  start=$SECONDS
  rootfs="$(mktemp -d /var/tmp/fakestore-base.XXXXXX)"
  trap 'rm -rf "$rootfs" "$rootfs.log" "$tarball.tmp"' EXIT
  debootstrap --variant="$variant" --arch=amd64 "$suite" "$rootfs" "$mirror" >"$rootfs.log" 2>&1 \
    || { tail -20 "$rootfs.log" >&2; die "debootstrap failed (see above); is $mirror reachable?"; }
  # The apt sources of the official image, in deb822 form.
  rm -f "$rootfs/etc/apt/sources.list"
  cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security_mirror
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  # What the official image leaves out: downloaded packages, package lists, logs.
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/* "$rootfs"/tmp/*
  mkdir -p "$cache"
  tar --numeric-owner --xattrs -C "$rootfs" -czf "$tarball.tmp" .
  mv -f "$tarball.tmp" "$tarball"
  # Bases of other keys are stale: their inputs changed.
  find "$cache" -maxdepth 1 -name "$suite-*.tar.gz" ! -name "${tarball##*/}" -delete
  say "cached $(du -h "$tarball" | cut -f1) in ${tarball#"$root"/} ($((SECONDS - start))s)"
fi

"$engine" import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["bash"]' \
  "$tarball" "$ref" >/dev/null
say "loaded $ref"
echo "$ref"

#!/usr/bin/env bash
# Makes the Debian 12 base image the Dockerfiles start from (debian:12) without
# any registry: debootstrap --variant=minbase bookworm from the Debian mirror
# apt already uses here, imported into the engine under that name. For
# air-gapped and HPC sites without registry access, and for CI.
#   containers/make-base.sh [--engine docker|podman] [--mirror URL] [--cache DIR]
# The root file system is cached as DIR/debian-12-minbase.tar.gz (default
# build/containers/, never in git) and reused by later runs; delete it to
# fetch a fresh one. Needs root (debootstrap) and debootstrap itself.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=engine.sh
source containers/engine.sh
want= mirror= cache=build/containers
while [ $# -gt 0 ]; do
  case "$1" in
    --engine) want=${2:-}; shift 2 ;;
    --mirror) mirror=${2:-}; shift 2 ;;
    --cache) cache=${2:-}; shift 2 ;;
    *) sed -n '2,9p' "$0" >&2; exit 2 ;;
  esac
done
choose_engine "$want"
set -a
# shellcheck source=versions.env
source containers/versions.env
set +a
if [ -z "$mirror" ]; then  # the first Debian mirror apt is configured with
  mirror=$(awk '/^URIs:/ && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  [ -n "$mirror" ] || mirror=$(awk '$1 == "deb" && $3 == "bookworm" {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  mirror=${mirror:-http://deb.debian.org/debian}
fi
tarball=$cache/debian-12-minbase.tar.gz
if [ ! -s "$tarball" ]; then
  command -v debootstrap >/dev/null || { echo "make-base.sh: debootstrap is not installed (apt-get install debootstrap)" >&2; exit 2; }
  [ "$(id -u)" -eq 0 ] || { echo "make-base.sh: debootstrap needs root (run with sudo)" >&2; exit 2; }
  mkdir -p "$cache"
  root=$(mktemp -d "$cache/rootfs.XXXXXX")
  trap 'rm -rf "$root" "$tarball.part"' EXIT
  echo "make-base.sh: debootstrap --variant=minbase bookworm from $mirror" >&2
  debootstrap --variant=minbase bookworm "$root" "$mirror" >"$cache/debootstrap.log" 2>&1 ||
    { tail -20 "$cache/debootstrap.log" >&2; echo "make-base.sh: debootstrap failed (log: $cache/debootstrap.log)" >&2; exit 1; }
  # apt inside the image uses the same mirror (and Debian's security archive).
  printf 'deb %s bookworm main\ndeb %s bookworm-updates main\n' "$mirror" "$mirror" >"$root/etc/apt/sources.list"
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" --numeric-owner -czf "$tarball.part" .
  mv "$tarball.part" "$tarball"
fi
q=(); [ "$engine" = podman ] && q=(--quiet)
"$engine" import "${q[@]}" --change 'CMD ["bash"]' "$tarball" "$DEBIAN_IMAGE" >/dev/null
echo "make-base.sh: $engine image $DEBIAN_IMAGE from $tarball ($(du -h "$tarball" | cut -f1))" >&2

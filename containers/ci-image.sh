#!/usr/bin/env bash
# CI's container check, on its own machine and without any registry: podman
# (Debian's, with runc) builds the CPU image from a debootstrap base
# (containers/make-base.sh), then the image's smoke test runs inside it:
# `ketapgx --version`, `score --demo` into a mounted folder whose outputs are
# checked here, and the image's own HEALTHCHECK command. Prints the image size.
#   containers/ci-image.sh
set -euo pipefail
cd "$(dirname "$0")/.."
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
need=()
for p in podman runc debootstrap uidmap; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# shellcheck source=engine.sh
source containers/engine.sh
choose_engine podman
set -a
# shellcheck source=versions.env
source containers/versions.env
set +a
image=ketapgx:$KETAPGX_VERSION-cpu
# podman (and the scripts that run it) as root, with the project's containers.conf.
as_root() { $sudo env CONTAINERS_CONF="$CONTAINERS_CONF" "$@"; }
t0=$(date +%s)
as_root bash containers/make-base.sh --engine podman
t1=$(date +%s)
mkdir -p build/containers
as_root bash containers/build.sh --engine podman cpu > build/containers/podman-build.log 2>&1 ||
  { tail -40 build/containers/podman-build.log; echo "ci-image.sh: podman build failed (log: build/containers/podman-build.log)" >&2; exit 1; }
t2=$(date +%s)
echo "ci-image.sh: base image $((t1 - t0)) s, podman build $((t2 - t1)) s"
# (no healthcheck timer: podman would ask systemd, which build machines lack)
run() { as_root podman run --rm --no-healthcheck "$@"; }
run "$image" --version
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
chmod 777 "$out"  # the image runs as an unprivileged user (uid 1000)
run -v "$out":/data "$image" score --demo --quiet --out /data/demo
for f in predictions.tsv predictions.json qc.variants.tsv qc.samples.tsv report.html; do
  [ -s "$out/demo.$f" ] || { echo "ci-image.sh: score --demo in the container wrote no demo.$f" >&2; exit 1; }
done
rows=$(($(wc -l < "$out/demo.predictions.tsv") - 1))
[ "$rows" -eq 40 ] || { echo "ci-image.sh: expected 40 people in demo.predictions.tsv, found $rows" >&2; exit 1; }
grep -q "research use only" "$out/demo.predictions.json" || { echo "ci-image.sh: the research-use notice is missing" >&2; exit 1; }
head -1 "$out/demo.predictions.tsv" | grep -q $'\tcyp2b6_phenotype\t' || { echo "ci-image.sh: predictions.tsv lacks its columns" >&2; exit 1; }
echo "ci-image.sh: score --demo inside the container: $rows people, every output written"
run --entrypoint bash "$image" /usr/local/bin/cpu-recipe.sh smoke /opt/ketapgx  # the HEALTHCHECK command
health=$(as_root podman image inspect --format '{{json .HealthCheck}}' "$image" 2>/dev/null || echo null)
[ "$health" != null ] && [ -n "$health" ] || { echo "ci-image.sh: the image has no HEALTHCHECK (built without --format docker?)" >&2; exit 1; }
bytes=$(as_root podman image inspect --format '{{.Size}}' "$image")
echo "ci-image.sh: image $image: $((bytes / 1000000)) MB ($bytes bytes)"
# The build stage's image is not needed again: free its disk.
as_root podman image prune -f >/dev/null

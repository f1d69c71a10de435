#!/usr/bin/env bash
# The CPU image's recipe, as steps the Dockerfile runs and CI runs on its own
# machine (where no container engine is available), so CI proves the recipe:
#   cpu-recipe.sh build-deps              apt packages the build stage needs
#   cpu-recipe.sh build SRC PREFIX        configure (no CUDA, no tests), build, install into PREFIX
#   cpu-recipe.sh runtime-deps            apt packages the final image needs
#   cpu-recipe.sh smoke PREFIX            the image's smoke test: --version and score --demo
#   cpu-recipe.sh ci                      all of it in a scratch directory, the source and
#                                         build trees deleted before the smoke test
set -euo pipefail

BUILD_PACKAGES=(build-essential cmake ninja-build pkg-config libtorch-dev libhts-dev libboost-program-options-dev
                nlohmann-json3-dev libyaml-cpp-dev libssl-dev)
# What the installed binary and libketapgx_models.so load (ldd), plus bcftools
# for the workflow's list_samples step and OpenBLAS for LibTorch's speed.
RUNTIME_PACKAGES=(libtorch1.13 libopenblas0-pthread libhts3 libboost-program-options1.74.0 libyaml-cpp0.7 libssl3
                  libgomp1 bcftools ca-certificates)

apt_install() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build() {
  local src=$1 prefix=$2 build_dir=${3:-$1/build-image}
  cmake -S "$src" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DKETAPGX_CUDA=OFF -DKETAPGX_BUILD_TESTS=OFF \
        -DCMAKE_INSTALL_PREFIX="$prefix" >/dev/null
  cmake --build "$build_dir" -j"$(nproc)"
  cmake --install "$build_dir" >/dev/null
}

smoke() {
  local prefix=$1 out
  out=$(mktemp -d)
  "$prefix/bin/ketapgx" --version
  "$prefix/bin/ketapgx" score --demo --quiet --out "$out/demo"
  for f in predictions.tsv predictions.json qc.variants.tsv qc.samples.tsv report.html; do
    [ -s "$out/demo.$f" ] || { echo "smoke: score --demo wrote no $f" >&2; exit 1; }
  done
  grep -q "research use only" "$out/demo.predictions.json" || { echo "smoke: the research-use notice is missing" >&2; exit 1; }
  echo "smoke: $(($(wc -l < "$out/demo.predictions.tsv") - 1)) people scored by $prefix/bin/ketapgx"
  rm -rf "$out"
}

case "${1:-}" in
  build-deps) apt_install "${BUILD_PACKAGES[@]}" ;;
  runtime-deps) apt_install "${RUNTIME_PACKAGES[@]}" ;;
  build) build "$2" "$3" ;;
  smoke) smoke "$2" ;;
  ci)
    here=$(cd "$(dirname "$0")/.." && pwd)
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    apt_install "${BUILD_PACKAGES[@]}" "${RUNTIME_PACKAGES[@]}"
    # What `COPY . /src` copies (.dockerignore leaves the same things out).
    mkdir -p "$work/src" && (cd "$here" && git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$work/src")
    build "$work/src" "$work/prefix" "$work/build"
    # The image keeps only PREFIX: nothing may reach back into the source or build tree.
    rm -rf "$work/src" "$work/build"
    smoke "$work/prefix"
    ;;
  *) sed -n '2,10p' "$0" >&2; exit 2 ;;
esac

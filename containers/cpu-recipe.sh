#!/usr/bin/env bash
# The CPU image's recipe, as the steps Dockerfile.cpu runs (CI builds that image
# with podman and runs its smoke test inside it: containers/ci-image.sh):
#   cpu-recipe.sh build-deps              apt packages the build stage needs
#   cpu-recipe.sh build SRC PREFIX        configure (no CUDA, no tests), build, install into PREFIX
#   cpu-recipe.sh bundle-libs PREFIX      copy the shared libraries PREFIX's binaries load into
#                                         PREFIX/lib/deps, except those of the base system
#   cpu-recipe.sh runtime-deps            apt packages the final image needs (no docs, no man pages)
#   cpu-recipe.sh smoke PREFIX            the image's smoke test: every library found, --version, score --demo
set -euo pipefail

BUILD_PACKAGES=(build-essential cmake ninja-build pkg-config libtorch-dev libhts-dev libboost-program-options-dev
                nlohmann-json3-dev libyaml-cpp-dev libssl-dev)
# The final image installs only bcftools (the workflow's list_samples step);
# the libraries ketapgx loads come from the build stage (bundle-libs): Debian's
# libtorch1.13 package pulls in OpenCV, FFmpeg, Qt and GDAL (about 1 GB with
# their data and documentation), of which only the shared objects the loader
# needs are kept. OpenBLAS (pthread) for LibTorch's speed is among them.
RUNTIME_PACKAGES=(bcftools)

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

# Copies every shared library that PREFIX's binaries and plugins load (ldd,
# followed through) into PREFIX/lib/deps, except those of the base system
# (packages of priority required: glibc, libstdc++, zlib, ...), which every
# Debian 12 image has. The final image lists PREFIX/lib/deps in ld.so.conf.
bundle_libs() {
  local prefix=$1 lib pkg
  mkdir -p "$prefix/lib/deps"
  while read -r lib; do
    pkg=$(dpkg -S "$(readlink -f "$lib")" 2>/dev/null | head -1 | cut -d: -f1) || pkg=
    [ -z "$pkg" ] && pkg=$(dpkg -S "$lib" 2>/dev/null | head -1 | cut -d: -f1) || true
    if [ -n "$pkg" ] && [ "$(dpkg-query -W -f='${Priority}' "$pkg" 2>/dev/null)" = required ]; then continue; fi
    cp -L "$lib" "$prefix/lib/deps/"
  done < <(find "$prefix/bin" "$prefix/lib" -maxdepth 1 -type f \( -perm -u+x -o -name '*.so*' \) -exec ldd {} + 2>/dev/null |
           awk '$2 == "=>" && $3 ~ /^\// {print $3}' | sort -u)
  echo "bundle-libs: $(find "$prefix/lib/deps" -type f | wc -l) libraries, $(du -sh "$prefix/lib/deps" | cut -f1)"
}

# No documentation, man pages or translations in the final image.
no_docs() {
  cat > /etc/dpkg/dpkg.cfg.d/01-ketapgx-nodoc <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
CFG
}

smoke() {
  local prefix=$1 out missing
  missing=$(find "$prefix/bin" "$prefix/lib" -maxdepth 1 -type f \( -perm -u+x -o -name '*.so*' \) -exec ldd {} + 2>/dev/null | grep "not found" || true)
  [ -z "$missing" ] || { echo "smoke: libraries not found:" >&2; echo "$missing" >&2; exit 1; }
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
  runtime-deps) no_docs && apt_install "${RUNTIME_PACKAGES[@]}" && rm -rf /usr/share/doc/*/[!c]* /var/cache/apt/*.bin ;;
  build) build "$2" "$3" ;;
  bundle-libs) bundle_libs "$2" ;;
  smoke) smoke "$2" ;;
  *) sed -n '2,10p' "$0" >&2; exit 2 ;;
esac

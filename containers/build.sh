#!/usr/bin/env bash
# Builds the images with the versions in containers/versions.env.
#   containers/build.sh [--engine docker|podman] cpu   -> ketapgx:VERSION-cpu   (Debian 12, CPU)
#   containers/build.sh [--engine docker|podman] cuda  -> ketapgx:VERSION-cuda  (CUDA + LibTorch, needs --gpus all to use the GPU)
#   containers/build.sh sif                            -> ketapgx.sif           (Apptainer, from the local ketapgx:VERSION-cuda image)
# The engine: --engine, else docker when it is on PATH, else podman.
set -euo pipefail
cd "$(dirname "$0")/.."
engine=
if [ "${1:-}" = --engine ]; then
  engine=${2:-}
  shift 2 || true
  case "$engine" in docker | podman) ;; *) echo "build.sh: --engine takes docker or podman, not '$engine'" >&2; exit 2 ;; esac
  command -v "$engine" >/dev/null || { echo "build.sh: --engine $engine: $engine is not on PATH" >&2; exit 2; }
elif command -v docker >/dev/null; then
  engine=docker
elif command -v podman >/dev/null; then
  engine=podman
fi
set -a
# shellcheck source=versions.env
source containers/versions.env
set +a
need_engine() { [ -n "$engine" ] || { echo "build.sh: neither docker nor podman is on PATH (install one, or pass --engine)" >&2; exit 2; }; }
case "${1:-}" in
  cpu)
    need_engine
    "$engine" build -f containers/Dockerfile.cpu --build-arg DEBIAN_IMAGE="$DEBIAN_IMAGE" \
      --build-arg KETAPGX_VERSION="$KETAPGX_VERSION" -t "ketapgx:$KETAPGX_VERSION-cpu" .
    ;;
  cuda)
    need_engine
    "$engine" build -f containers/Dockerfile.cuda --build-arg CUDA_DEVEL_IMAGE="$CUDA_DEVEL_IMAGE" \
      --build-arg CUDA_RUNTIME_IMAGE="$CUDA_RUNTIME_IMAGE" --build-arg LIBTORCH_URL="$LIBTORCH_URL" \
      --build-arg CUDA_ARCHITECTURES="$CUDA_ARCHITECTURES" --build-arg KETAPGX_VERSION="$KETAPGX_VERSION" \
      -t "ketapgx:$KETAPGX_VERSION-cuda" .
    ;;
  sif)
    apptainer build ketapgx.sif containers/ketapgx.def
    ;;
  *) sed -n '2,6p' "$0" >&2; exit 2 ;;
esac

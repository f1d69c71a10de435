#!/usr/bin/env bash
# Builds the images with the versions in containers/versions.env.
#   containers/build.sh cpu     -> ketapgx:VERSION-cpu   (Debian 12, CPU)
#   containers/build.sh cuda    -> ketapgx:VERSION-cuda  (CUDA + LibTorch, needs --gpus all to use the GPU)
#   containers/build.sh sif     -> ketapgx.sif           (Apptainer, from the local ketapgx:VERSION-cuda image)
set -euo pipefail
cd "$(dirname "$0")/.."
set -a
# shellcheck source=versions.env
source containers/versions.env
set +a
case "${1:-}" in
  cpu)
    docker build -f containers/Dockerfile.cpu --build-arg DEBIAN_IMAGE="$DEBIAN_IMAGE" \
      --build-arg KETAPGX_VERSION="$KETAPGX_VERSION" -t "ketapgx:$KETAPGX_VERSION-cpu" .
    ;;
  cuda)
    docker build -f containers/Dockerfile.cuda --build-arg CUDA_DEVEL_IMAGE="$CUDA_DEVEL_IMAGE" \
      --build-arg CUDA_RUNTIME_IMAGE="$CUDA_RUNTIME_IMAGE" --build-arg LIBTORCH_URL="$LIBTORCH_URL" \
      --build-arg CUDA_ARCHITECTURES="$CUDA_ARCHITECTURES" --build-arg KETAPGX_VERSION="$KETAPGX_VERSION" \
      -t "ketapgx:$KETAPGX_VERSION-cuda" .
    ;;
  sif)
    apptainer build ketapgx.sif containers/ketapgx.def
    ;;
  *) sed -n '2,5p' "$0" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Builds the images with the versions in containers/versions.env.
#   containers/build.sh [--engine docker|podman] cpu   -> ketapgx:VERSION-cpu   (Debian 12, CPU)
#   containers/build.sh [--engine docker|podman] cuda  -> ketapgx:VERSION-cuda  (CUDA + LibTorch, needs --gpus all to use the GPU)
#   containers/build.sh sif                            -> ketapgx.sif           (Apptainer, from the local ketapgx:VERSION-cuda image)
# The engine: --engine, else docker when its daemon answers, else podman (containers/engine.sh).
# No registry? containers/make-base.sh makes the debian:12 base from the Debian mirror first.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=engine.sh
source containers/engine.sh
want=
if [ "${1:-}" = --engine ]; then
  want=${2:-}
  shift 2 || true
  [ -n "$want" ] || { echo "build.sh: --engine takes docker or podman" >&2; exit 2; }
fi
case "${1:-}" in cpu | cuda) choose_engine "$want" ;; sif) ;; *) sed -n '2,7p' "$0" >&2; exit 2 ;; esac
# podman keeps HEALTHCHECK only in docker-format images.
format=()
[ "${engine:-}" = podman ] && format=(--format docker)
set -a
# shellcheck source=versions.env
source containers/versions.env
set +a
case "${1:-}" in
  cpu)
    "$engine" build "${format[@]}" -f containers/Dockerfile.cpu --build-arg DEBIAN_IMAGE="$DEBIAN_IMAGE" \
      --build-arg KETAPGX_VERSION="$KETAPGX_VERSION" -t "ketapgx:$KETAPGX_VERSION-cpu" .
    ;;
  cuda)
    "$engine" build "${format[@]}" -f containers/Dockerfile.cuda --build-arg CUDA_DEVEL_IMAGE="$CUDA_DEVEL_IMAGE" \
      --build-arg CUDA_RUNTIME_IMAGE="$CUDA_RUNTIME_IMAGE" --build-arg LIBTORCH_URL="$LIBTORCH_URL" \
      --build-arg CUDA_ARCHITECTURES="$CUDA_ARCHITECTURES" --build-arg KETAPGX_VERSION="$KETAPGX_VERSION" \
      -t "ketapgx:$KETAPGX_VERSION-cuda" .
    ;;
  sif)
    apptainer build ketapgx.sif containers/ketapgx.def
    ;;
  *) sed -n '2,6p' "$0" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Configures and builds ketapgx into build/ (binary: build/bin/ketapgx).
# Extra arguments go to CMake, e.g. -DKETAPGX_CUDA=OFF.
set -euo pipefail
cd "$(dirname "$0")/.."
# nvcc is installed under /usr/local/cuda on the development machines but not on PATH.
if ! command -v nvcc >/dev/null 2>&1 && [ -x /usr/local/cuda/bin/nvcc ]; then
  export PATH="/usr/local/cuda/bin:$PATH"
fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build build -j"$(nproc)"

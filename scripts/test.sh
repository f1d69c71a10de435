#!/usr/bin/env bash
# Builds ketapgx and runs every test (unit, parity, peer, integration).
# GPU parity tests skip without a GPU; REQUIRE_GPU=1 turns that skip into a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh "$@"
# Debian's libtorch runs its own threads; OpenBLAS must not multiply them.
export OPENBLAS_NUM_THREADS=1
ctest --test-dir build --output-on-failure -j"$(nproc)"

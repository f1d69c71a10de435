#!/usr/bin/env bash
# Builds ketapgx and runs every test (unit, parity, peer, integration, fuzz replays).
# GPU parity tests skip without a GPU; REQUIRE_GPU=1 turns that skip into a failure.
#
#   scripts/test.sh [CMAKE_ARGS...]        the normal build in build/
#   scripts/test.sh --sanitize [CTEST_ARGS...]
#       the whole suite built with AddressSanitizer + UndefinedBehaviorSanitizer in
#       build-sanitize/ (scripts/configure_sanitize.sh: Clang, no CUDA, the fuzz
#       targets built alongside); fails on any test failure and on any sanitizer
#       report, which go to build-sanitize/sanitizer-logs/. Leak detection is off:
#       LibTorch (dlopen'ed by train/evaluate/score) keeps allocations alive for the
#       process's life (operator registries, thread pools) that LeakSanitizer reports
#       at exit although they are not leaks and not ours.
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian's libtorch runs its own threads; OpenBLAS must not multiply them.
export OPENBLAS_NUM_THREADS=1
if [ "${1:-}" = "--sanitize" ]; then
  shift
  dir=$(bash scripts/configure_sanitize.sh)
  cmake --build "$dir" -j"$(nproc)"
  logs="$PWD/build-sanitize/sanitizer-logs"
  rm -rf "$logs"
  mkdir -p "$logs"
  export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:log_path=$logs/asan"
  export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$logs/ubsan"
  status=0
  ctest --test-dir build-sanitize --output-on-failure -j"$(nproc)" "$@" || status=$?
  if [ -n "$(ls -A "$logs")" ]; then
    echo "test.sh --sanitize: sanitizer reports in $logs:" >&2
    for f in "$logs"/*; do echo "== $f" >&2; head -40 "$f" >&2; done
    exit 1
  fi
  [ "$status" = 0 ] || exit "$status"
  echo "test.sh --sanitize: all tests passed, no sanitizer report"
  exit 0
fi
bash scripts/build.sh "$@"
ctest --test-dir build --output-on-failure -j"$(nproc)"

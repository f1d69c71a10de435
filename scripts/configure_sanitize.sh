#!/usr/bin/env bash
# Configures build-sanitize/: AddressSanitizer + UBSan, no CUDA, -O1 and no
# debug information (KETAPGX_SANITIZE_DEBUG=-g1 adds file and line numbers to
# reports). One tree serves both the sanitizer test run (scripts/test.sh
# --sanitize) and the libFuzzer targets (scripts/fuzz.sh): with Clang it is
# configured with KETAPGX_FUZZ=ON, so the fuzz targets come from the objects the
# test run already compiled. Clang is also the faster compiler here (an ASan
# build of a large source file takes 57 % of GCC's time). Without Clang the
# tests still build with GCC, and fuzz.sh refuses.
#   scripts/configure_sanitize.sh        (prints the build directory)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=build-sanitize
fuzz=OFF
compiler=(-DCMAKE_C_COMPILER=gcc -DCMAKE_CXX_COMPILER=g++)
if command -v clang++ >/dev/null 2>&1; then
  fuzz=ON
  compiler=(-DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++)
fi
# A tree configured with the other compiler cannot be switched in place.
if [ -f "$dir/CMakeCache.txt" ] && ! grep -q "^CMAKE_CXX_COMPILER:[A-Z]*=.*${compiler[1]#-DCMAKE_CXX_COMPILER=}\$" "$dir/CMakeCache.txt"; then
  rm -rf "$dir"
fi
cmake -S . -B "$dir" -G Ninja "${compiler[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 ${KETAPGX_SANITIZE_DEBUG:--g0}" \
  -DKETAPGX_SANITIZE=ON -DKETAPGX_FUZZ=$fuzz -DKETAPGX_CUDA=OFF >/dev/null
echo "$dir"

#!/usr/bin/env bash
# Fuzzes every reader of untrusted input (tests/fuzz/README.md) with libFuzzer
# under AddressSanitizer and UBSan, SECONDS per target (default 60), JOBS
# targets at a time (default: the number of cores). Builds the targets with
# Clang in build-sanitize/ (scripts/configure_sanitize.sh; Debian: clang,
# libfuzzer-14-dev), the tree scripts/test.sh --sanitize also uses, so after
# that run nothing is compiled again; the corpus grown by earlier runs stays in
# build-sanitize/corpus/ (not in git). Prints executions per
# target; exits 1 when any target found a crash, naming the input to add to
# tests/fuzz/regressions/<target>/.
#   scripts/fuzz.sh [SECONDS] [JOBS]
#   FUZZ_TARGETS="sample_list covariates" scripts/fuzz.sh 600   (only these targets)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
jobs=${2:-$(nproc)}
all_targets=(vcf_record expression covariates panel prs_weights dose_rules bundle merge_shard outside_calls sample_list pgs_file)
read -r -a targets <<< "${FUZZ_TARGETS:-${all_targets[*]}}"
for t in "${targets[@]}"; do
  [[ " ${all_targets[*]} " == *" $t "* ]] || { echo "fuzz.sh: unknown target '$t' (targets: ${all_targets[*]})" >&2; exit 2; }
done
# The merge target fuzzes shards scored by the normal build's ketapgx (the model plugin is not fuzzed).
[ -x build/bin/ketapgx ] && [ -e build/lib/libketapgx_models.so ] || bash scripts/build.sh
out=$(bash scripts/configure_sanitize.sh)
grep -q '^KETAPGX_FUZZ:BOOL=ON$' "$out/CMakeCache.txt" ||
  { echo "fuzz.sh: libFuzzer needs Clang (Debian: clang libfuzzer-14-dev; scripts/setup.sh installs them)" >&2; exit 2; }
cmake --build "$out" -j"$(nproc)" --target $(printf 'fuzz_%s ' "${targets[@]}") >/dev/null
rm -rf "$out/shards" "$out/artifacts" "$out/logs"
mkdir -p "$out/logs" "$out/seeds/merge_shard"
bash tests/fuzz/make_shards.sh build/bin/ketapgx "$out/shards"
k=0
for f in .predictions.tsv .predictions.json .qc.variants.tsv .qc.samples.tsv; do
  { printf "\\x$(printf %02x $k)"; cat "$out/shards/shard_b$f"; } > "$out/seeds/merge_shard/shard_b$f"
  k=$((k + 1))
done
export KETAPGX_FUZZ_SHARDS="$PWD/$out/shards"
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

run_one() {
  local t=$1
  mkdir -p "$out/corpus/$t" "$out/artifacts/$t"
  local dirs=("$out/corpus/$t" "tests/fuzz/corpus/$t")
  [ -d "tests/fuzz/regressions/$t" ] && dirs+=("tests/fuzz/regressions/$t")
  [ -d "$out/seeds/$t" ] && dirs+=("$out/seeds/$t")
  "$out/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=4096 -print_final_stats=1 \
    -artifact_prefix="$out/artifacts/$t/" "${dirs[@]}" > "$out/logs/$t.log" 2>&1
  echo $? > "$out/logs/$t.rc"
}
running=0
for t in "${targets[@]}"; do
  run_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then wait -n || true; running=$((running - 1)); fi
done
wait || true

echo "# ketapgx fuzzing, $(date -u +%Y-%m-%dT%H:%MZ), $seconds s per target, $jobs at a time, ASan+UBSan ($(clang --version | head -1))"
printf '%-12s %12s %10s %8s %s\n' target executions exec/s corpus result
failed=0
for t in "${targets[@]}"; do
  rc=$(cat "$out/logs/$t.rc")
  execs=$(awk '/stat::number_of_executed_units/{print $2}' "$out/logs/$t.log")
  rate=$(awk '/stat::average_exec_per_sec/{print $2}' "$out/logs/$t.log")
  corpus=$(find "$out/corpus/$t" -type f | wc -l)
  artifacts=$(find "$out/artifacts/$t" -type f | wc -l)
  result="0 crashes"
  if [ "$rc" != 0 ] || [ "$artifacts" != 0 ]; then
    result="FOUND $(find "$out/artifacts/$t" -type f | head -3 | tr '\n' ' ')(log: $out/logs/$t.log)"
    failed=1
  fi
  printf '%-12s %12s %10s %8s %s\n' "$t" "${execs:-?}" "${rate:-?}" "$corpus" "$result"
done
if [ "$failed" = 1 ]; then
  echo "fuzz: a target failed; fix the cause, then add the input to tests/fuzz/regressions/<target>/ so every test run replays it" >&2
  exit 1
fi

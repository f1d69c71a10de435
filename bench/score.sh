#!/usr/bin/env bash
# Scoring speed at biobank scale: `ketapgx score` end to end on a simulated
# cohort (default 100,000 people, generated once and cached in bench/work/)
# with the default model. Prints wall time, samples per second and peak
# memory (/usr/bin/time -v), for --backend cpu and, where a GPU is usable, cuda,
# and with --verbose the time of each stage. BASELINE_BIN=path/to/another/ketapgx
# adds that build's run on the same cohort in the same run (a time means
# little alone on a shared machine).
#   bench/score.sh [BUILD_DIR] [SAMPLES]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
n=${2:-100000}
bin=$build/bin/ketapgx
work=bench/work
cohort=$work/score_$n
[ -s "$cohort/cohort.vcf.gz" ] || "$bin" simulate --quiet -n "$n" --seed 100 --out "$cohort"
echo "# ketapgx score, $(date -u +%Y-%m-%dT%H:%MZ), $n simulated people, $(nproc) cores"
backends=(cpu)
"$bin" --version | grep -q '^cuda_devices	[1-9]' && backends+=(cuda)
run_one() {  # label binary backend verbosity
  # Last run's outputs removed first: ext4 writes a file's data out at once
  # when a rename replaces another (auto_da_alloc), up to a second here that
  # a new cohort's run does not pay.
  rm -f "$work/score_out_$3".*
  /usr/bin/time -v -o "$work/score_time.txt" "$2" score "$4" --threads "$(nproc)" --backend "$3" \
    --vcf "$cohort/cohort.vcf.gz" --expression "$cohort/expression.tsv" --covariates "$cohort/covariates.tsv" \
    --out "$work/score_out_$3" 2> "$work/score_log.txt"
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$work/score_time.txt")
  kb=$(awk -F': ' '/Maximum resident set size/{print $2}' "$work/score_time.txt")
  printf '%-22s %8.2f s  %10.0f samples/s  peak %7.0f MB\n' "$1" "$secs" "$(echo "$n / $secs" | bc -l)" "$(echo "$kb / 1024" | bc -l)"
}
for b in "${backends[@]}"; do
  run_one "backend $b" "$bin" "$b" --verbose
  grep -E '^ketapgx debug: (reading genotypes|features computed|predicting|per-person rows|writing outputs)' "$work/score_log.txt" | sed 's/^ketapgx debug: /    stage: /'
done
[ -n "${BASELINE_BIN:-}" ] && run_one "baseline (cpu)" "$BASELINE_BIN" cpu --quiet
exit 0

#!/usr/bin/env bash
# Star-allele calling at cohort scale: `ketapgx call` on a generated, bgzipped
# and indexed VCF of N samples (default 100,000) at every defining position of
# CYP2B6, CYP3A5 and CYP3A4, timed end to end (median of REPEATS runs), with
# combination mode off and on.
# PharmCAT cannot run here (no Java package of it in Debian), so the comparison
# uses its published per-sample figures: 0.55 to 5.9 s per sample (PharmCAT
# documentation, "Runtime" / multi-sample VCF benchmarks).
#
#   [BASELINE_BIN=<an earlier ketapgx>] bench/call.sh [BUILD_DIR] [SAMPLES] [REPEATS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
samples=${2:-100000}
repeats=${3:-3}
bin=$build/bin/ketapgx
[ -x "$bin" ] || { echo "call.sh: $bin not found; run scripts/build.sh first" >&2; exit 2; }
work=bench/work
mkdir -p "$work"
vcf=$work/pgx_${samples}_v2.vcf.gz  # v2: with extra variants (make_pgx_cohort.py)
if [ ! -s "$vcf" ]; then
  python3 bench/make_pgx_cohort.py "$work/pgx_${samples}_v2.vcf" "$samples"
  bgzip -f -@2 "$work/pgx_${samples}_v2.vcf"
  tabix -f -p vcf "$vcf"
fi

median_run() {  # prints "seconds peak_kb" of the median-time run
  local rows=()
  for ((i = 0; i < repeats; i++)); do
    /usr/bin/time -o "$work/time.txt" -f '%e %M' "$@" >/dev/null 2>&1
    rows+=("$(tail -1 "$work/time.txt")")
  done
  printf '%s\n' "${rows[@]}" | sort -n | awk '{a[NR]=$0} END{print a[int((NR+1)/2)]}'
}

echo "# ketapgx call: star alleles for CYP2B6, CYP3A5, CYP3A4"
echo "# date: $(date -u +%Y-%m-%dT%H:%MZ)  host: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
echo "# input: $vcf ($samples samples, $(zcat "$vcf" | grep -vc '^#') records, $(du -h "$vcf" | cut -f1)), median of $repeats runs"
for t in 1 2; do
  if [ -n "${BASELINE_BIN:-}" ]; then  # an earlier build, timed in the same run: the ratio is the figure to trust
    read -r bsecs bkb < <(median_run "$BASELINE_BIN" call --quiet --threads "$t" --vcf "$vcf" --out "$work/call_base")
    printf 'baseline %s --threads %d: %8.2f s  peak %6.1f MB\n' "$BASELINE_BIN" "$t" "$bsecs" "$(echo "$bkb / 1024" | bc -l)"
  fi
  read -r secs kb < <(median_run "$bin" call --quiet --threads "$t" --vcf "$vcf" --out "$work/call_out")
  printf 'ketapgx call --threads %d: %8.2f s  %10.0f samples/s  peak %6.1f MB\n' "$t" "$secs" \
    "$(echo "$samples / $secs" | bc -l)" "$(echo "$kb / 1024" | bc -l)"
  [ -n "${BASELINE_BIN:-}" ] && printf '  ratio to baseline: %.2f\n' "$(echo "$secs / $bsecs" | bc -l)"
done
# Combination mode (issue 13): it only runs for samples no pair of named
# alleles explains, so the figure with it on should stay close.
read -r csecs ckb < <(median_run "$bin" call --quiet --threads 2 --combinations --vcf "$vcf" --out "$work/call_comb")
printf 'ketapgx call --threads 2 --combinations: %8.2f s  peak %6.1f MB  (ratio to off: %.2f; %d calls made by combination mode)\n' \
  "$csecs" "$(echo "$ckb / 1024" | bc -l)" "$(echo "$csecs / $secs" | bc -l)" \
  "$(awk -F'\t' 'NR>1 && $13 ~ /^combination/' "$work/call_comb.pgx.tsv" | wc -l)"
cmp -s <(awk -F'\t' '$13 !~ /^combination/' "$work/call_comb.pgx.tsv") \
  <(awk -F'\t' 'NR==FNR{if ($13 ~ /^combination/) skip[$1" "$2]=1; next} !(($1" "$2) in skip)' "$work/call_comb.pgx.tsv" "$work/call_out.pgx.tsv") \
  && echo "# every call that is not a combination-mode call is the same with and without --combinations" \
  || { echo "call.sh: --combinations changed calls a pair of named alleles explains" >&2; exit 1; }
echo "# $(cut -f2,8 "$work/call_out.pgx.tsv" | tail -n +2 | sort | uniq -c | sort -rn | head -8 | awk '{printf "%s ", $0}')"
# What the calls rest on (call_quality, issue 13): the kinds per gene.
echo "# call_quality: $(awk -F'\t' 'NR>1{q=$13; sub(/ \(.*/, "", q); if ($13 ~ /cannot change/) q="partial, cannot change"; else if (q=="partial") q="partial, Indeterminate"; n[$2": "q]++} END{for (k in n) printf "%s %d; ", k, n[k]}' "$work/call_out.pgx.tsv")"
printf 'PharmCAT, published 0.55-5.9 s per sample: %.0f-%.0f s for %d samples; ketapgx (2 threads) is %.0fx-%.0fx faster\n' \
  "$(echo "0.55 * $samples" | bc -l)" "$(echo "5.9 * $samples" | bc -l)" "$samples" \
  "$(echo "0.55 * $samples / $secs" | bc -l)" "$(echo "5.9 * $samples / $secs" | bc -l)"

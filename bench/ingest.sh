#!/usr/bin/env bash
# Genotype ingestion benchmark: ketapgx decodes every genotype of a generated
# VCF.gz (default 2,000 samples x 20,000 variants) and, in the same run on the
# same file, bcftools parses it (`bcftools view -Ou`, HTSlib's own parser).
# Prints both times, the ratio, and ketapgx's peak memory; repeats each run and
# keeps the median, because shared machines are noisy.
#
#   bench/ingest.sh [BUILD_DIR] [SAMPLES] [VARIANTS] [REPEATS]
# Writes the report to stdout; bench/results/ keeps the recorded ones.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
samples=${2:-2000}
variants=${3:-20000}
repeats=${4:-5}
bin=$build/bin/ketapgx
[ -x "$bin" ] || { echo "ingest.sh: $bin not found; run scripts/build.sh first" >&2; exit 2; }
command -v bcftools >/dev/null || { echo "ingest.sh: bcftools not found (scripts/setup.sh)" >&2; exit 2; }

work=bench/work
mkdir -p "$work"
vcf=$work/ingest_${samples}x${variants}.vcf.gz
[ -s "$vcf" ] || bash bench/make_vcf.sh "$vcf" "$samples" "$variants" 1

# median wall time (s) and max RSS (KB) of a command over $repeats runs
measure() {
  local times=() rss=0 out
  for ((i = 0; i < repeats; i++)); do
    /usr/bin/time -o "$work/time.txt" -f '%e %M' "$@" >/dev/null 2>&1
    out=$(tail -1 "$work/time.txt")
    times+=("${out% *}")
    [ "${out#* }" -gt "$rss" ] && rss=${out#* }
  done
  printf '%s %s\n' "$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')" "$rss"
}

genotypes=$((samples * variants))
echo "# ketapgx genotype ingestion vs bcftools"
echo "# date: $(date -u +%Y-%m-%dT%H:%MZ)  host: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
echo "# $($bin --version | tr '\t\n' ' ;')"
echo "# $(bcftools --version | head -1)"
echo "# input: $vcf ($samples samples x $variants variants = $genotypes genotypes, $(du -h "$vcf" | cut -f1) bgzipped), median of $repeats runs"
printf '%-48s %10s %12s %14s\n' "run" "seconds" "peak_MB" "Mgenotypes/s"
report() {  # name seconds rss_kb
  printf '%-48s %10s %12.1f %14.1f\n' "$1" "$2" "$(echo "$3 / 1024" | bc -l)" "$(echo "$genotypes / $2 / 1000000" | bc -l)"
}
read -r bt br < <(measure bcftools view -Ou "$vcf")
report "bcftools view -Ou (1 thread)" "$bt" "$br"
read -r bt2 br2 < <(measure bcftools view --threads 2 -Ou "$vcf")
report "bcftools view -Ou --threads 2" "$bt2" "$br2"
read -r kt kr < <(measure "$bin" qc --all-variants --quiet --threads 1 --vcf "$vcf" --out "$work/ingest_q")
report "ketapgx qc --all-variants --threads 1" "$kt" "$kr"
read -r kt2 kr2 < <(measure "$bin" qc --all-variants --quiet --threads 2 --vcf "$vcf" --out "$work/ingest_q")
report "ketapgx qc --all-variants --threads 2" "$kt2" "$kr2"
read -r kb kbr < <(measure "$bin" qc --all-variants --quiet --threads 1 --block-mb 4 --vcf "$vcf" --out "$work/ingest_q")
report "ketapgx qc --all-variants --threads 1 --block-mb 4" "$kb" "$kbr"
echo
printf 'ratio bcftools/ketapgx, 1 thread each:  %.2f  (>1: ketapgx faster)\n' "$(echo "$bt / $kt" | bc -l)"
printf 'ratio bcftools/ketapgx, 2 threads each: %.2f\n' "$(echo "$bt2 / $kt2" | bc -l)"

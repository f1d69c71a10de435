#!/usr/bin/env bash
# Polygenic scores: ketapgx prs vs plink2 --score on the same generated files
# and weights, in one run. Generates (once, cached in bench/work/) a VCF.gz of
# SAMPLES x VARIANTS (default 10,000 x 50,000; 2% missing, every 50th site
# multi-allelic) and its BCF, weights for every variant (two scores, every
# fourth entry REF-named), then times, with --threads 2 each:
#   plink2 --vcf, plink2 --bcf, ketapgx prs on the VCF.gz, ketapgx prs on the BCF
# and prints times, peak memory (/usr/bin/time -v) and the ratios ketapgx/plink2
# (required <= 1.0; goal <= 0.5 on VCF.gz). Median of REPEATS runs. Then the
# imputed case: a VCF.gz of the same size with GT:DS (no multi-allelic sites,
# which plink2 cannot read as dosages), `ketapgx prs --dosages` against
# `plink2 --vcf F dosage=DS`, outputs checked equal.
#
#   bench/prs.sh [BUILD_DIR] [SAMPLES] [VARIANTS] [REPEATS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
samples=${2:-10000}
variants=${3:-50000}
repeats=${4:-3}
bin=$build/bin/ketapgx
gen=$build/bin/ketapgx_make_vcf
for t in "$bin" "$gen"; do [ -x "$t" ] || { echo "prs.sh: $t not found; run scripts/build.sh first" >&2; exit 2; }; done
for t in plink2 bcftools bgzip; do command -v $t >/dev/null || { echo "prs.sh: $t not found (scripts/setup.sh)" >&2; exit 2; }; done
work=bench/work
mkdir -p "$work"
base=$work/prs_${samples}x${variants}
if [ ! -s "$base.vcf.gz" ]; then
  "$gen" "$samples" "$variants" 1 0.02 50 | bgzip -@2 -c > "$base.vcf.gz"
fi
[ -s "$base.bcf" ] || bcftools view --threads 2 -Ob -o "$base.bcf" "$base.vcf.gz"
dsbase=$work/prs_ds_${samples}x${variants}
[ -s "$dsbase.vcf.gz" ] || "$gen" "$samples" "$variants" 2 0.02 0 1 | bgzip -@2 -c > "$dsbase.vcf.gz"
if [ ! -s "$dsbase.weights.tsv" ]; then
  zcat "$dsbase.vcf.gz" | awk 'BEGIN{srand(6); OFS="\t"; print "ID","A1","BETA","Z"} !/^#/{
    a = (NR % 4 == 0) ? $4 : $5; print $3, a, rand() - 0.5, rand() * 0.1 }' > "$dsbase.weights.tsv"
fi
if [ ! -s "$base.weights.tsv" ]; then
  zcat "$base.vcf.gz" | awk 'BEGIN{srand(5); OFS="\t"; print "ID","A1","BETA","Z"} !/^#/{
    split($5, alts, ","); a = (NR % 4 == 0) ? $4 : alts[1]; print $3, a, rand() - 0.5, rand() * 0.1 }' > "$base.weights.tsv"
fi

# median wall seconds and max peak RSS (KB) over $repeats runs
measure() {
  local times=() rss=0 t m
  for ((i = 0; i < repeats; i++)); do
    /usr/bin/time -v -o "$work/time.txt" "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
    t=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$work/time.txt")
    m=$(awk -F': ' '/Maximum resident set size/{print $2}' "$work/time.txt")
    times+=("$t")
    [ "$m" -gt "$rss" ] && rss=$m
  done
  printf '%s %s\n' "$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')" "$rss"
}

echo "# ketapgx prs vs plink2 --score"
echo "# date: $(date -u +%Y-%m-%dT%H:%MZ)  host: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
echo "# $($bin --version | tr '\t\n' ' ;')  $(plink2 --version | head -1)"
echo "# input: $samples samples x $variants variants ($(du -h "$base.vcf.gz" | cut -f1) VCF.gz, $(du -h "$base.bcf" | cut -f1) BCF), 2 scores, median of $repeats"
plink_args=(--score "$base.weights.tsv" 1 2 header-read cols=+scoresums --score-col-nums 3-4 --threads 2)
read -r pv pvm < <(measure plink2 --vcf "$base.vcf.gz" "${plink_args[@]}" --out "$work/prs_plink_vcf")
read -r pb pbm < <(measure plink2 --bcf "$base.bcf" "${plink_args[@]}" --out "$work/prs_plink_bcf")
read -r kv kvm < <(measure "$bin" prs --quiet --threads 2 --vcf "$base.vcf.gz" --weights "$base.weights.tsv" --out "$work/prs_ketapgx_vcf")
read -r kb kbm < <(measure "$bin" prs --quiet --threads 2 --vcf "$base.bcf" --weights "$base.weights.tsv" --out "$work/prs_ketapgx_bcf")
printf '%-34s %8s %10s\n' run seconds peak_MB
printf '%-34s %8.2f %10.0f\n' "plink2 --vcf (VCF.gz)" "$pv" "$(echo "$pvm/1024" | bc -l)"
printf '%-34s %8.2f %10.0f\n' "ketapgx prs (VCF.gz)" "$kv" "$(echo "$kvm/1024" | bc -l)"
printf '%-34s %8.2f %10.0f\n' "plink2 --bcf (BCF)" "$pb" "$(echo "$pbm/1024" | bc -l)"
printf '%-34s %8.2f %10.0f\n' "ketapgx prs (BCF)" "$kb" "$(echo "$kbm/1024" | bc -l)"
printf 'ratio ketapgx/plink2 on VCF.gz: %.2f (required <= 1.0, goal <= 0.5)\n' "$(echo "$kv / $pv" | bc -l)"
printf 'ratio ketapgx/plink2 on BCF:    %.2f (required <= 1.0)\n' "$(echo "$kb / $pb" | bc -l)"
read -r dv dvm < <(measure plink2 --vcf "$dsbase.vcf.gz" dosage=DS --score "$dsbase.weights.tsv" 1 2 header-read cols=+scoresums --score-col-nums 3-4 --threads 2 --out "$work/prs_plink_ds")
read -r dk dkm < <(measure "$bin" prs --quiet --threads 2 --dosages --vcf "$dsbase.vcf.gz" --weights "$dsbase.weights.tsv" --out "$work/prs_ketapgx_ds")
printf '%-34s %8.2f %10.0f\n' "plink2 --vcf dosage=DS (VCF.gz)" "$dv" "$(echo "$dvm/1024" | bc -l)"
printf '%-34s %8.2f %10.0f\n' "ketapgx prs --dosages (VCF.gz)" "$dk" "$(echo "$dkm/1024" | bc -l)"
printf 'ratio ketapgx/plink2 with dosages: %.2f\n' "$(echo "$dk / $dv" | bc -l)"
# Same numbers? (plink2 prints 6 significant digits; NAMED_ALLELE_DOSAGE_SUM with dosages through its
# ddosagetoa: units of 1/32768, 3 decimals, its own rounding; ours is printed that way before comparing)
paste "$work/prs_plink_ds.sscore" "$work/prs_ketapgx_ds.sscore" | awk -F'\t' 'NR > 1 {
  if ($2 != $9) bad++
  u = int($10 * 32768 + 0.5) + 16; w = int(u / 32768); r = u % 32768
  p = w; if (r >= 33) p = w + (int((125 * r + 48) / 4096) - (r % 8192 == 4048)) / 1000
  d = $3 - p; if (d < 0) d = -d; if (d > 1e-9) bad++
  for (i = 4; i <= 7; i++) { d = $i - $(i + 7); if (d < 0) d = -d; t = 5e-6 * ($i < 0 ? -$i : $i); if (t < 1e-6) t = 1e-6; if (d > t) bad++ } }
  END { print (bad ? "MISMATCH (dosages): " bad " values differ from plink2" : "dosage outputs agree with plink2 (" NR - 1 " samples)") }'
# Same numbers? (plink2 prints 6 significant digits)
paste "$work/prs_plink_vcf.sscore" "$work/prs_ketapgx_vcf.sscore" | awk -F'\t' 'NR > 1 {
  for (i = 2; i <= 7; i++) { d = $i - $(i + 7); if (d < 0) d = -d; t = 5e-6 * ($i < 0 ? -$i : $i); if (t < 1e-6) t = 1e-6; if (d > t) bad++ } }
  END { print (bad ? "MISMATCH: " bad " values differ from plink2" : "outputs agree with plink2 (" NR - 1 " samples)") }'

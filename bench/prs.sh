#!/usr/bin/env bash
# Polygenic scores: ketapgx prs vs plink2 --score on the same generated files
# and weights, in one run. Generates (once, cached in bench/work/) a VCF.gz of
# SAMPLES x VARIANTS (default 10,000 x 50,000; 2% missing, every 50th site
# multi-allelic) and its BCF, a weights file with 40 score columns for every
# variant (every fourth entry REF-named), then times:
#   with --threads 2, one score (column 3) and all 40: plink2 --vcf, plink2 --bcf,
#     ketapgx prs on the VCF.gz and on the BCF;
#   scaling: one score on the VCF.gz with --threads 1 and with every core;
# and prints times, peak memory (/usr/bin/time -v) and the ratios ketapgx/plink2
# (goals: <= 0.4 with one score, <= 0.5 with 40; 40 scores <= 1.3 x one).
# Median of REPEATS runs. Then the imputed case: a VCF.gz of the same size with
# GT:DS (no multi-allelic sites, which plink2 cannot read as dosages), `ketapgx
# prs --dosages` against `plink2 --vcf F dosage=DS` (2 scores), outputs checked equal.
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
if [ ! -s "$base.weights40.tsv" ]; then
  zcat "$base.vcf.gz" | awk 'BEGIN{srand(5); OFS="\t"; printf "ID\tA1"; for (k = 1; k <= 40; k++) printf "\tW%d", k; print ""}
    !/^#/{split($5, alts, ","); printf "%s\t%s", $3, (NR % 4 == 0) ? $4 : alts[1]; for (k = 1; k <= 40; k++) printf "\t%.6f", rand() - 0.5; print ""}' \
    > "$base.weights40.tsv"
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
echo "# input: $samples samples x $variants variants ($(du -h "$base.vcf.gz" | cut -f1) VCF.gz, $(du -h "$base.bcf" | cut -f1) BCF), 1 and 40 scores, median of $repeats"
w=$base.weights40.tsv
plink_score() { echo "--score $w 1 2 header-read cols=+scoresums --score-col-nums $1"; }
row() { printf '%-44s %8.2f %10.0f\n' "$1" "$2" "$(echo "$3/1024" | bc -l)"; }
ratio() { echo "$1 / $2" | bc -l; }
printf '%-44s %8s %10s\n' run seconds peak_MB
declare -A T
for fmt in vcf bcf; do
  file=$base.vcf.gz flag=--vcf
  [ $fmt = bcf ] && file=$base.bcf flag=--bcf
  for n in 1 40; do
    cols=3; kcols="--weights-cols 1,2,3"
    [ $n = 40 ] && cols=3-42 kcols=""
    read -r t m < <(measure plink2 $flag "$file" $(plink_score $cols) --threads 2 --out "$work/prs_plink_${fmt}_$n")
    T[plink_${fmt}_$n]=$t; row "plink2 $flag, $n score(s), 2 threads" "$t" "$m"
    read -r t m < <(measure "$bin" prs --quiet --threads 2 --vcf "$file" --weights "$w" $kcols --out "$work/prs_ketapgx_${fmt}_$n")
    T[k_${fmt}_$n]=$t; row "ketapgx prs ($fmt), $n score(s), 2 threads" "$t" "$m"
  done
done
for fmt in vcf bcf; do
  printf 'ratio ketapgx/plink2 on %s, 1 score:   %.2f (goal <= 0.4)\n' "$fmt" "$(ratio "${T[k_${fmt}_1]}" "${T[plink_${fmt}_1]}")"
  printf 'ratio ketapgx/plink2 on %s, 40 scores: %.2f (goal <= 0.5)\n' "$fmt" "$(ratio "${T[k_${fmt}_40]}" "${T[plink_${fmt}_40]}")"
  printf 'ketapgx 40 scores / 1 score on %s:     %.2f (goal <= 1.3; plink2: %.2f)\n' "$fmt" \
    "$(ratio "${T[k_${fmt}_40]}" "${T[k_${fmt}_1]}")" "$(ratio "${T[plink_${fmt}_40]}" "${T[plink_${fmt}_1]}")"
done
# Scaling: one score on the VCF.gz with 1 thread and with every core.
for th in 1 $(nproc); do
  [ "$th" = 2 ] && continue
  read -r pt pm < <(measure plink2 --vcf "$base.vcf.gz" $(plink_score 3) --threads "$th" --out "$work/prs_plink_t$th")
  read -r kt km < <(measure "$bin" prs --quiet --threads "$th" --vcf "$base.vcf.gz" --weights "$w" --weights-cols 1,2,3 --out "$work/prs_ketapgx_t$th")
  row "plink2 --vcf, 1 score, $th thread(s)" "$pt" "$pm"
  row "ketapgx prs (vcf), 1 score, $th thread(s)" "$kt" "$km"
  printf 'ratio ketapgx/plink2 with %s thread(s): %.2f\n' "$th" "$(ratio "$kt" "$pt")"
done
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
# Same numbers? (plink2 prints 6 significant digits) Every column, every run.
for run in vcf_1 vcf_40 bcf_1 bcf_40; do
  paste "$work/prs_plink_$run.sscore" "$work/prs_ketapgx_$run.sscore" | awk -F'\t' -v run="$run" 'NR == 1 { nf = NF / 2; next } {
    for (i = 2; i <= nf; i++) { d = $i - $(i + nf); if (d < 0) d = -d; t = 5e-6 * ($i < 0 ? -$i : $i); if (t < 1e-6) t = 1e-6; if (d > t) bad++ } }
    END { print (bad ? "MISMATCH (" run "): " bad " values differ from plink2" : "outputs agree with plink2 (" run ": " NR - 1 " samples, " nf - 1 " columns)") }'
done

#!/usr/bin/env bash
# Region reads on a dense file: a generated cohort (default 20,000 samples)
# with a record every STEP bp (default 100) over each panel locus and FLANK bp
# (default 100 kb) either side of it (CYP2B6 on chr19, CYP3A5/CYP3A4 on chr7,
# BDNF on chr11; the panel's own positions among them with the panel's
# alleles), as an indexed VCF.gz (.tbi) and an indexed BCF (.csi). In one run
# on the same files it times, single-threaded:
#   bcftools view -R <panel positions> -Ou   (HTSlib's region reader; the peer)
#   ketapgx qc on the indexed file           (the panel's regions through the index)
#   ketapgx qc on the same bytes unindexed   (one sequential scan)
# checks the three read the same records (qc.variants.tsv of the indexed and
# unindexed reads identical; the number of found panel records equal to the
# records bcftools returns), and prints the ratios. Required: indexed read <=
# the unindexed scan, and <= 0.5 x bcftools view -R. Median of REPEATS.
# BASELINE_BIN=path/to/another/ketapgx adds its indexed read as a row (used to
# compare with an earlier build).
#
#   bench/regions.sh [BUILD_DIR] [SAMPLES] [FLANK] [STEP] [REPEATS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
samples=${2:-20000}
flank=${3:-100000}
step=${4:-100}
repeats=${5:-3}
bin=$build/bin/ketapgx
gen=$build/bin/ketapgx_make_vcf
for t in "$bin" "$gen"; do [ -x "$t" ] || { echo "regions.sh: $t not found; run scripts/build.sh first" >&2; exit 2; }; done
for t in bcftools bgzip tabix; do command -v $t >/dev/null || { echo "regions.sh: $t not found (scripts/setup.sh)" >&2; exit 2; }; done
work=bench/work
mkdir -p "$work"
panel=configs/panels/ketapgx_panel.GRCh38.tsv
base=$work/regions_${samples}_${flank}_${step}

# Sites: per contig, every STEP bp from the first panel position - FLANK to the
# last + FLANK, the panel's positions (its REF and first ALT) merged in.
if [ ! -s "$base.sites.tsv" ]; then
  {
    printf 'contig\tchr7\t159345973\ncontig\tchr11\t135086622\ncontig\tchr19\t58617616\n'
    grep -v '^##' "$panel" | awk -F'\t' -v flank="$flank" -v step="$step" '
      NR == 1 { next }
      { c = $1; if (!(c in lo) || $2 < lo[c]) lo[c] = $2; if ($2 > hi[c]) hi[c] = $2
        k = c SUBSEP $2; if (!(k in ref)) { ref[k] = $4; alt[k] = $5 } }
      END {
        order["chr7"] = 1; order["chr11"] = 2; order["chr19"] = 3
        for (c in lo)
          for (p = lo[c] - flank; p <= hi[c] + flank; p += step)
            if (!((c SUBSEP p) in ref)) print order[c] "\t" p "\t" c "\t" (p % 2 ? "A\tC" : "G\tT")
        for (k in ref) { split(k, kk, SUBSEP); print order[kk[1]] "\t" kk[2] "\t" kk[1] "\t" ref[k] "\t" alt[k] }
      }' | sort -k1,1n -k2,2n | cut -f2- | awk -F'\t' '{ print $2 "\t" $1 "\t" $3 "\t" $4 }'
  } > "$base.sites.tsv"
fi
records=$(grep -vc '^contig' "$base.sites.tsv")
if [ ! -s "$base.vcf.gz.tbi" ]; then
  "$gen" "$samples" 0 7 0.02 0 0 "$base.sites.tsv" | bgzip -@2 -c > "$base.vcf.gz"
  tabix -f -p vcf "$base.vcf.gz"
fi
if [ ! -s "$base.bcf.csi" ]; then
  bcftools view --threads 2 -Ob -o "$base.bcf" "$base.vcf.gz"
  bcftools index -f -c "$base.bcf"
fi
# The same bytes without an index beside them (hard links: no copy).
ln -f "$base.vcf.gz" "$base.noindex.vcf.gz"
ln -f "$base.bcf" "$base.noindex.bcf"
grep -v '^##' "$panel" | awk -F'\t' 'NR > 1 { print $1 "\t" $2 }' | sort -u -k1,1 -k2,2n > "$base.positions.tsv"

measure() {  # median wall seconds and max RSS (KB) over $repeats runs
  local times=() rss=0 t m
  for ((i = 0; i < repeats; i++)); do
    /usr/bin/time -f '%e %M' -o "$work/time.txt" "$@" >/dev/null 2>"$work/regions_err.txt" || { cat "$work/regions_err.txt" >&2; echo "failed: $*" >&2; exit 1; }
    read -r t m < <(tail -1 "$work/time.txt")
    times+=("$t")
    [ "$m" -gt "$rss" ] && rss=$m
  done
  printf '%s %s\n' "$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')" "$rss"
}
row() { printf '%-46s %8.2f %9.0f\n' "$1" "$2" "$(echo "$3 / 1024" | bc -l)"; }

echo "# region reads: ketapgx qc (indexed, unindexed) vs bcftools view -R, same files, one thread each"
echo "# date: $(date -u +%Y-%m-%dT%H:%MZ)  host: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
echo "# $($bin --version | tr '\t\n' ' ;')  $(bcftools --version | head -1)"
echo "# input: $samples samples x $records records (every $step bp over each panel locus +- $flank bp; $(du -h "$base.vcf.gz" | cut -f1) VCF.gz, $(du -h "$base.bcf" | cut -f1) BCF); $(wc -l < "$base.positions.tsv") panel positions; median of $repeats"
printf '%-46s %8s %9s\n' run seconds peak_MB
fail=0
for kind in vcf.gz bcf; do
  f=$base.$kind
  read -r bt bm < <(measure bcftools view -R "$base.positions.tsv" -Ou "$f")
  read -r it im < <(measure "$bin" qc --quiet --threads 1 --vcf "$f" --out "$work/regions_idx")
  read -r st sm < <(measure "$bin" qc --quiet --threads 1 --vcf "$base.noindex.$kind" --out "$work/regions_scan")
  row "bcftools view -R positions -Ou ($kind)" "$bt" "$bm"
  row "ketapgx qc, indexed ($kind)" "$it" "$im"
  row "ketapgx qc, unindexed scan ($kind)" "$st" "$sm"
  if [ -n "${BASELINE_BIN:-}" ]; then
    read -r ot om < <(measure "$BASELINE_BIN" qc --quiet --threads 1 --vcf "$f" --out "$work/regions_base")
    row "baseline ketapgx qc, indexed ($kind)" "$ot" "$om"
  fi
  grep -q '"index_used": *true' "$work/regions_idx.qc.json" || { echo "FAIL: the indexed run did not use the index ($kind)"; fail=1; }
  grep -q '"index_used": *false' "$work/regions_scan.qc.json" || { echo "FAIL: the unindexed run used an index ($kind)"; fail=1; }
  cmp -s "$work/regions_idx.qc.variants.tsv" "$work/regions_scan.qc.variants.tsv" || { echo "FAIL: indexed and scanned qc.variants.tsv differ ($kind)"; fail=1; }
  peer=$(bcftools view -H -R "$base.positions.tsv" "$f" | wc -l)
  ours=$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "status") s = i; next } $s != "missing" && !seen[$2 FS $3]++' "$work/regions_idx.qc.variants.tsv" | wc -l)
  [ "$peer" -eq "$ours" ] || { echo "FAIL: bcftools returns $peer records at panel positions, ketapgx found $ours ($kind)"; fail=1; }
  r1=$(echo "$it / $st" | bc -l)
  r2=$(echo "$it / $bt" | bc -l)
  printf 'ratio indexed/scan (%s):           %.2f  (required <= 1.0)\n' "$kind" "$r1"
  printf 'ratio indexed/bcftools -R (%s):    %.2f  (required <= 0.5)\n' "$kind" "$r2"
  awk -v a="$r1" -v b="$r2" 'BEGIN { exit !(a <= 1.0 && b <= 0.5) }' || { echo "FAIL: a target is missed ($kind)"; fail=1; }
done
[ "$fail" -eq 0 ] && echo "same records read three ways; targets met"
exit "$fail"

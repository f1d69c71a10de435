#!/usr/bin/env bash
# Sharded against unsharded scoring on one machine: `ketapgx score` on the whole
# cohort, then the Snakemake workflow with SHARDS shards (all cores, one thread
# per shard job), then `ketapgx merge` alone on the shard outputs. Prints the
# times and whether the merged predictions, QC tables and report are
# byte-identical to the unsharded run's. On one machine sharding buys nothing;
# this measures what the workflow and the merge cost on top of the scoring.
#   bench/shard.sh [BUILD_DIR] [SAMPLES] [SHARDS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(cd "${1:-build}" && pwd)
n=${2:-100000}
shards=${3:-4}
bin=$build/bin/ketapgx
work=$PWD/bench/work
cohort=$work/score_$n
[ -s "$cohort/cohort.vcf.gz" ] || "$bin" simulate --quiet -n "$n" --seed 100 --out "$cohort"
out=$work/shard_bench
rm -rf "$out" && mkdir -p "$out"
now() { date +%s.%N; }
echo "# sharded scoring, $(date -u +%Y-%m-%dT%H:%MZ), $n simulated people, $shards shards, $(nproc) cores, snakemake $(snakemake --version)"
t0=$(now)
"$bin" score --quiet --threads "$(nproc)" --backend cpu --vcf "$cohort/cohort.vcf.gz" --expression "$cohort/expression.tsv" \
  --covariates "$cohort/covariates.tsv" --out "$out/whole"
t1=$(now)
cat > "$out/config.yaml" <<CFG
ketapgx: $bin
vcf: $cohort/cohort.vcf.gz
expression: $cohort/expression.tsv
covariates: $cohort/covariates.tsv
model: ""
shards: $shards
backend: cpu
threads_per_shard: 1
outdir: $out/wf
CFG
snakemake -s workflow/Snakefile --configfile "$out/config.yaml" -d "$out" --cores "$(nproc)" --quiet > "$out/snakemake.log" 2>&1
t2=$(now)
prefixes=()
for f in "$out"/wf/shards/shard_*.predictions.tsv; do prefixes+=("${f%.predictions.tsv}"); done
"$bin" merge --quiet --out "$out/merge_again" "${prefixes[@]}"
t3=$(now)
printf 'unsharded score        %8.2f s\n' "$(echo "$t1 - $t0" | bc -l)"
printf 'workflow (%d shards)    %8.2f s (list, split, score per shard, merge)\n' "$shards" "$(echo "$t2 - $t1" | bc -l)"
printf 'merge alone            %8.2f s\n' "$(echo "$t3 - $t2" | bc -l)"
same=yes
for s in predictions.tsv qc.variants.tsv qc.samples.tsv report.html; do
  cmp -s "$out/whole.$s" "$out/wf/cohort.$s" || { same=no; echo "DIFFERS: $s"; }
done
echo "merged outputs byte-identical to unsharded: $same"
[ "$same" = yes ]

#!/usr/bin/env bash
# Two scored shards of a small simulated cohort, for merge_shard_fuzz:
#   tests/fuzz/make_shards.sh KETAPGX_BINARY OUT_DIR
# writes OUT_DIR/shard_a.* and OUT_DIR/shard_b.* (predictions, JSON, QC tables).
set -euo pipefail
bin=$1
out=$2
mkdir -p "$out"
"$bin" simulate --quiet -n 12 --seed 5 --out "$out/sim"
printf 'SIM01\nSIM03\nSIM05\nSIM07\nSIM09\nSIM11\n' > "$out/a.txt"
printf 'SIM02\nSIM04\nSIM06\nSIM08\nSIM10\nSIM12\n' > "$out/b.txt"
for s in a b; do
  "$bin" score --quiet --vcf "$out/sim/cohort.vcf.gz" --expression "$out/sim/expression.tsv" \
    --covariates "$out/sim/covariates.tsv" --samples "$out/$s.txt" --out "$out/shard_$s"
done
rm -rf "$out/sim" "$out/a.txt" "$out/b.txt" "$out"/shard_?.report.html

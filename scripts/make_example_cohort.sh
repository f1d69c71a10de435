#!/usr/bin/env bash
# Rebuilds the bundled example cohort in examples/cohort/ (used by `score --demo`
# and the tests): 40 simulated people from `ketapgx simulate --seed 2026`, with
# three deliberate problems for `qc` to report: one panel position (rs12721655,
# which defines CYP2B6 *8 and *13: most CYP2B6 phenotypes are then Indeterminate,
# call_quality says why) absent from the VCF, one person (KTP040) without expression, another (KTP039)
# without covariates, and one expression column (KTP999) with no genotypes.
#   scripts/make_example_cohort.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
out=examples/cohort
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$build/bin/ketapgx" simulate --quiet -n 40 --seed 2026 --out "$tmp"
rename() { sed 's/SIM\([0-9][0-9]\)/KTP0\1/g'; }
mkdir -p "$out"
zcat "$tmp/cohort.vcf.gz" | rename | grep -v $'\trs12721655\t' | bgzip -c > "$out/cohort.vcf.gz"
tabix -f -p vcf "$out/cohort.vcf.gz"
# expression: drop KTP040's column, add KTP999 (a copy of KTP001's values)
rename < "$tmp/expression.tsv" | awk 'BEGIN{FS=OFS="\t"} NR==1{for(i=1;i<=NF;i++) if($i=="KTP040") drop=i}
  {line=""; for(i=1;i<=NF;i++) if(i!=drop) line=line (line==""?"":OFS) $i; print line OFS (NR==1 ? "KTP999" : $2)}' > "$out/expression.tsv"
rename < "$tmp/covariates.tsv" | grep -v '^KTP039'$'\t' > "$out/covariates.tsv"
rename < "$tmp/outcomes.tsv" > "$out/outcomes.tsv"
rename < "$tmp/truth.tsv" > "$out/truth.tsv"
sed 's/"command_line": "[^"]*"/"command_line": "scripts\/make_example_cohort.sh"/' "$tmp/simulation.json" > "$out/simulation.json"
echo "wrote $out"

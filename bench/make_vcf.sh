#!/usr/bin/env bash
# Writes a synthetic bgzipped VCF (GRCh38 contig header, GT only, a few percent
# missing calls, some phased) for the benchmarks: make_vcf.sh OUT.vcf.gz SAMPLES VARIANTS [SEED]
set -euo pipefail
out=$1 samples=$2 variants=$3 seed=${4:-1}
{
  printf '##fileformat=VCFv4.2\n##contig=<ID=chr19,length=58617616>\n'
  printf '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
  printf '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT'
  for ((i = 1; i <= samples; i++)); do printf '\tS%d' "$i"; done
  printf '\n'
  awk -v n="$samples" -v m="$variants" -v seed="$seed" 'BEGIN {
    srand(seed); OFS = "\t"
    split("A C G T", base, " ")
    for (v = 1; v <= m; v++) {
      af = rand() * rand(); sep = (v % 3 == 0) ? "/" : "|"
      r = base[int(rand() * 4) + 1]; a = base[(index("ACGT", r) % 4) + 1]
      line = "chr19" OFS (100000 + v * 50) OFS "bench" v OFS r OFS a OFS "." OFS "PASS" OFS "." OFS "GT"
      for (s = 1; s <= n; s++) {
        if (rand() < 0.02) { line = line OFS "./."; continue }
        line = line OFS ((rand() < af) ? 1 : 0) sep ((rand() < af) ? 1 : 0)
      }
      print line
    }
  }'
} | bgzip -c > "$out"
tabix -f -p vcf "$out"

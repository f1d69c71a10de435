#!/usr/bin/env bash
# GPU vs CPU on the same machine and files (run where a GPU is present; used by
# scripts/gpu-build.sh): end-to-end genotypes per second of `ketapgx prs` and
# `ketapgx qc --all-variants` with --backend cpu and --backend cuda on a
# generated BCF and VCF.gz, plus the device's name. Prints one line per run and
# the cuda/cpu speed-up.
#
#   bench/gpu.sh [BUILD_DIR] [SAMPLES] [VARIANTS]
# First, kernel-only throughput as a fraction of the GPU's peak memory
# bandwidth (build/bin/ketapgx_kernel_bench: device-resident data, CUDA events).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
samples=${2:-20000}
variants=${3:-50000}
bin=$build/bin/ketapgx
gen=$build/bin/ketapgx_make_vcf
work=bench/work
mkdir -p "$work"
if ! "$bin" --version | grep -q '^cuda_devices	[1-9]'; then
  echo "gpu.sh: no usable CUDA device ($bin --version):" >&2
  "$bin" --version >&2
  exit 2
fi
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
"$build/bin/ketapgx_kernel_bench" 2048 500000 10
base=$work/gpu_${samples}x${variants}
[ -s "$base.vcf.gz" ] || "$gen" "$samples" "$variants" 1 0.02 50 | bgzip -@"$(nproc)" -c > "$base.vcf.gz"
if [ ! -s "$base.bcf" ]; then
  if command -v bcftools >/dev/null; then bcftools view --threads 4 -Ob -o "$base.bcf" "$base.vcf.gz"; fi
fi
[ -s "$base.weights.tsv" ] || zcat "$base.vcf.gz" | awk 'BEGIN{OFS="\t"; print "ID","A1","BETA","Z"} !/^#/{split($5,a,","); print $3, a[1], (NR%7)/7-0.5, (NR%5)/50}' > "$base.weights.tsv"
genotypes=$((samples * variants))
threads=$(nproc)
run() {  # label, command...
  local label=$1; shift
  local t0 t1 secs
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  t1=$(date +%s.%N)
  secs=$(echo "$t1 - $t0" | bc -l)
  printf '%-44s %8.2f s %10.1f Mgenotypes/s\n' "$label" "$secs" "$(echo "$genotypes / $secs / 1000000" | bc -l)"
  echo "$secs" > "$work/last_secs"
}
echo "# ketapgx GPU vs CPU, $(date -u +%Y-%m-%d), $samples samples x $variants variants, --threads $threads"
for f in "$base.vcf.gz" "$base.bcf"; do
  [ -s "$f" ] || continue
  for cmd in prs qc; do
    for backend in cpu cuda; do
      if [ "$cmd" = prs ]; then
        run "$cmd $(basename "$f") --backend $backend" "$bin" prs --quiet --threads "$threads" --backend "$backend" --vcf "$f" --weights "$base.weights.tsv" --out "$work/gpu_$backend"
      else
        run "$cmd $(basename "$f") --backend $backend" "$bin" qc --all-variants --quiet --threads "$threads" --backend "$backend" --vcf "$f" --out "$work/gpu_$backend"
      fi
      eval "t_$backend=\$(cat $work/last_secs)"
    done
    printf '  speed-up cuda/cpu: %.2fx\n' "$(echo "$t_cpu / $t_cuda" | bc -l)"
  done
done
cmp <(cut -f1-3 "$work/gpu_cpu.qc.variants.tsv") <(cut -f1-3 "$work/gpu_cuda.qc.variants.tsv") && echo "qc tables identical on cpu and cuda"

#!/usr/bin/env bash
# Installs every Debian 12 package ketapgx needs to build, test and benchmark.
# Idempotent: does nothing when everything is already installed.
# The CUDA toolkit is not a Debian package here; without nvcc the build simply
# leaves the CUDA backend out (see README.md).
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libtorch-dev                     # LibTorch (CPU) for models/
  libopenblas0-pthread             # fast BLAS for Debian's libtorch (else the reference BLAS)
  libhts-dev                       # HTSlib: VCF/BCF, BGZF, tabix/csi indexes
  libboost-program-options-dev     # the CLI
  nlohmann-json3-dev               # JSON outputs
  libyaml-cpp-dev                  # training configs (train --config)
  libssl-dev                       # SHA-256 of model weights and inputs (OpenSSL libcrypto)
  libgtest-dev libgmock-dev        # tests
  clang libfuzzer-14-dev libomp-dev  # scripts/fuzz.sh: libFuzzer targets (tests/fuzz), OpenMP for Clang
  bcftools tabix plink2            # peers in tests and benchmarks (bcftools query/+fill-tags, bgzip, plink2 --score)
  python3 python-pyvcf-examples    # example-data script; the 1000 Genomes extract the tests compare on
  python3-sklearn                  # bench/model_quality.sh compares the model with scikit-learn
  python3-jsonschema               # the tests validate every JSON output against docs/schemas/
  chromium                         # the report test renders PREFIX.report.html headless
  snakemake                        # workflow/: sharded runs (the workflow test runs it)
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "setup: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"

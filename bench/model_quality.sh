#!/usr/bin/env bash
# Model quality on simulated cohorts, in one run: train on TRAIN people (seed 3),
# evaluate on TEST people of another seed (4), and compare with (a) the true
# probabilities and genetic classes of the simulation and (b) scikit-learn
# logistic regressions fitted on the same features (Debian python3-sklearn).
#
#   bench/model_quality.sh [BUILD_DIR] [TRAIN] [TEST]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
n_train=${2:-3000}
n_test=${3:-2000}
bin=$build/bin/ketapgx
work=bench/work/model_quality
rm -rf "$work"
mkdir -p "$work"
"$bin" simulate --quiet -n "$n_train" --seed 3 --out "$work/train"
"$bin" simulate --quiet -n "$n_test" --seed 4 --out "$work/test"
inputs() { echo "--vcf $work/$1/cohort.vcf.gz --expression $work/$1/expression.tsv --covariates $work/$1/covariates.tsv"; }
"$bin" train --quiet $(inputs train) --outcomes "$work/train/outcomes.tsv" --seed 1 --out "$work/bundle"
"$bin" evaluate --quiet --model "$work/bundle" $(inputs test) --outcomes "$work/test/outcomes.tsv" --out "$work/eval"
"$bin" features --quiet $(inputs train) --out "$work/train_features"
"$bin" features --quiet $(inputs test) --out "$work/test_features"
echo "# ketapgx model quality, $(date -u +%Y-%m-%d): train $n_train simulated people (seed 3), test $n_test (seed 4)"
/usr/bin/python3 bench/model_quality.py "$work"

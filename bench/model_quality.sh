#!/usr/bin/env bash
# Model quality on simulated cohorts, in one run, at the response rates trials
# report and on a test cohort measured in another expression batch:
#   for each response rate R (0.35, 0.50, 0.55 = the simulator's default, 0.70):
#     train on TRAIN people (seed 3), evaluate on TEST people of another seed (4),
#     against (a) the simulation's true probabilities and genetic classes and
#     (b) scikit-learn logistic regressions on the same features (Debian python3-sklearn);
#   batch shift: the rate-0.55 test people again, their expression shifted per gene
#     (simulate --expression-batch-shift SHIFT), scored with the bundle's statistics
#     and with --expression-standardize cohort;
#   without expression (rates 0.35, 0.55, 0.70 and the shifted cohort): the same test people
#     evaluated without --expression (the bundle's genotypes+covariates network), against the
#     truth and scikit-learn logistic regression on the same genotype and covariate features;
#     at rate 0.55 also the main network with every expression value missing (each gene at its
#     training mean: what a bundle without the second network does), for docs/model_inputs.md;
#   p_responder_lo/hi: how often the true probability lies between them (rate 0.55, with and
#     without expression).
# The rate-0.55 bundle is the one scripts/train_default_model.sh installs.
#
#   bench/model_quality.sh [BUILD_DIR] [TRAIN] [TEST] [SHIFT]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
n_train=${2:-3000}
n_test=${3:-2000}
shift_log2=${4:-1.0}
bin=$build/bin/ketapgx
work=bench/work/model_quality
rm -rf "$work"
mkdir -p "$work"
inputs() { echo "--vcf $work/$1/cohort.vcf.gz --expression $work/$1/expression.tsv --covariates $work/$1/covariates.tsv"; }
inputs_noexpr() { echo "--vcf $work/$1/cohort.vcf.gz --covariates $work/$1/covariates.tsv"; }
for rate in 0.35 0.50 0.55 0.70; do
  "$bin" simulate --quiet -n "$n_train" --seed 3 --response-rate "$rate" --out "$work/train_$rate"
  "$bin" simulate --quiet -n "$n_test" --seed 4 --response-rate "$rate" --out "$work/test_$rate"
  "$bin" train --quiet $(inputs train_$rate) --outcomes "$work/train_$rate/outcomes.tsv" --seed 1 --out "$work/bundle_$rate"
  "$bin" evaluate --quiet --model "$work/bundle_$rate" $(inputs test_$rate) --outcomes "$work/test_$rate/outcomes.tsv" --out "$work/eval_$rate"
  "$bin" features --quiet $(inputs train_$rate) --out "$work/train_${rate}_features"
  "$bin" features --quiet $(inputs test_$rate) --out "$work/test_${rate}_features"
  if [ "$rate" != 0.50 ]; then
    "$bin" evaluate --quiet --model "$work/bundle_$rate" $(inputs_noexpr test_$rate) --outcomes "$work/test_$rate/outcomes.tsv" \
      --out "$work/eval_${rate}_noexpr"
  fi
done
# Without expression, the older way: the main network with every expression value missing.
python3 - "$work/bundle_0.55" "$work/bundle_0.55_main_only" <<'PY'
import json, shutil, sys
shutil.copytree(sys.argv[1], sys.argv[2])
m = json.load(open(sys.argv[2] + "/manifest.json"))
m["reduced"] = None
json.dump(m, open(sys.argv[2] + "/manifest.json", "w"), indent=2)
PY
awk 'BEGIN{FS=OFS="\t"} NR == 1 {print; next} {for (i = 2; i <= NF; i++) $i = "NA"; print}' "$work/test_0.55/expression.tsv" > "$work/test_0.55_expression_na.tsv"
"$bin" evaluate --quiet --model "$work/bundle_0.55_main_only" --vcf "$work/test_0.55/cohort.vcf.gz" --expression "$work/test_0.55_expression_na.tsv" \
  --allow-missing-expression --covariates "$work/test_0.55/covariates.tsv" --outcomes "$work/test_0.55/outcomes.tsv" --out "$work/eval_0.55_imputed"
# The fold range (p_responder_lo/hi) against the truth.
"$bin" score --quiet --model "$work/bundle_0.55" $(inputs test_0.55) --out "$work/score_0.55"
"$bin" score --quiet --model "$work/bundle_0.55" $(inputs_noexpr test_0.55) --out "$work/score_0.55_noexpr"
# Another batch: the same test people (seed 4, rate 0.55), expression shifted per gene.
"$bin" simulate --quiet -n "$n_test" --seed 4 --expression-batch-shift "$shift_log2" --out "$work/test_shifted"
for mode in bundle cohort; do
  "$bin" evaluate --quiet --model "$work/bundle_0.55" $(inputs test_shifted) --outcomes "$work/test_shifted/outcomes.tsv" \
    --expression-standardize "$mode" --out "$work/eval_shifted_$mode"
done
"$bin" features --quiet $(inputs test_shifted) --out "$work/test_shifted_features"
"$bin" evaluate --quiet --model "$work/bundle_0.55" $(inputs_noexpr test_shifted) --outcomes "$work/test_shifted/outcomes.tsv" \
  --out "$work/eval_shifted_noexpr"
ln -sfn bundle_0.55 "$work/bundle"
echo "# ketapgx model quality, $(date -u +%Y-%m-%d): train $n_train simulated people (seed 3), test $n_test (seed 4), batch shift $shift_log2 log2 units"
/usr/bin/python3 bench/model_quality.py "$work" "$shift_log2"

#!/usr/bin/env bash
# The measurement behind the responder calibration defaults (platt, no class
# weight): for response rates 0.35, 0.50 and 0.70, train with each of the four
# combinations of calibration (platt | temperature) and responder class weight
# (on | off) on the same simulated people, evaluate on held-out people, and
# print AUROC, ECE, mean p_responder and the observed rate.
#   bench/calibration_choice.sh [BUILD_DIR] [TRAIN] [TEST]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
n_train=${2:-3000}
n_test=${3:-2000}
bin=$build/bin/ketapgx
work=bench/work/calibration_choice
rm -rf "$work"
mkdir -p "$work"
inputs() { echo "--vcf $work/$1/cohort.vcf.gz --expression $work/$1/expression.tsv --covariates $work/$1/covariates.tsv"; }
echo "# rate calibration class-weight AUROC ECE mean_p observed ($n_train training / $n_test test people)"
for rate in 0.35 0.5 0.7; do
  "$bin" simulate --quiet -n "$n_train" --seed 3 --response-rate "$rate" --out "$work/tr$rate"
  "$bin" simulate --quiet -n "$n_test" --seed 4 --response-rate "$rate" --out "$work/te$rate"
  for calibration in platt temperature; do
    for weight in false true; do
      name=${rate}_${calibration}_${weight}
      printf 'calibration: %s\nresponder_class_weight: %s\n' "$calibration" "$weight" > "$work/$name.yaml"
      "$bin" train --quiet $(inputs "tr$rate") --outcomes "$work/tr$rate/outcomes.tsv" --config "$work/$name.yaml" --out "$work/b_$name"
      "$bin" evaluate --quiet --model "$work/b_$name" $(inputs "te$rate") --outcomes "$work/te$rate/outcomes.tsv" --out "$work/ev_$name"
      /usr/bin/python3 - "$work/ev_$name.metrics.json" "$rate $calibration cw=$weight" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))["metrics"]["responder"]
print(sys.argv[2], "AUROC %.4f ECE %.4f meanp %.4f obs %.4f" % (m["auroc"]["value"], m["ece"]["value"], m["mean_predicted"], m["prevalence"]))
PY
    done
  done
done

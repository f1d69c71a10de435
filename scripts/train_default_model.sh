#!/usr/bin/env bash
# Rebuilds the default model bundle in models/default/ (reproducible: fixed seeds).
# Trains on 3,000 simulated people (ketapgx simulate --seed 3), evaluates on 2,000
# others (--seed 4), and appends the held-out metrics and the comparison with the
# truth and with scikit-learn (bench/model_quality.sh) to the model card.
#   scripts/train_default_model.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
bash bench/model_quality.sh "$build" 3000 2000 > bench/work/default_model_quality.txt
cat bench/work/default_model_quality.txt
rm -rf models/default
cp -r bench/work/model_quality/bundle models/default
{
  echo
  echo "## Held-out evaluation (2,000 simulated people, seed 4)"
  echo
  echo '```'
  sed -n '/^Responder/,$p' bench/work/model_quality/eval.metrics.txt
  echo '```'
  echo
  echo "Against the simulation's truth and scikit-learn logistic regression on the same features (bench/model_quality.sh):"
  echo
  echo '```'
  tail -n +2 bench/work/default_model_quality.txt
  echo '```'
  echo
  echo "Rebuilt by \`scripts/train_default_model.sh\`."
} >> models/default/MODEL_CARD.md
echo "wrote models/default"

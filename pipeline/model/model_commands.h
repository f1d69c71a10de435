// `ketapgx train` and `ketapgx evaluate`.
#pragma once

#include <optional>
#include <string>

#include "features/features.h"
#include "ketapgx/models/model_api.h"

namespace ketapgx {

struct TrainOptions {
  FeaturesOptions inputs;          // --vcf, --expression, --covariates, --panel, --gene-sets, ... (its `out` unused)
  std::string outcomes;            // required
  std::string out;                 // required bundle directory (must not exist)
  std::string config;              // YAML with training settings; flags override it
  models::TrainConfig train;       // after config and flags
  bool simulated = false;          // the data are simulated (also detected from a simulation.json beside --outcomes)
};

struct EvaluateOptions {
  FeaturesOptions inputs;
  std::string model;               // required bundle directory
  std::string outcomes;            // required
  std::string out;                 // required prefix: PREFIX.metrics.json, .metrics.txt, .predictions.tsv, .calibration.svg, .decision_curve.svg
  std::string expression_standardize = "bundle";  // bundle | cohort (see score)
  std::string route = "iv_racemic";  // the dose columns of PREFIX.predictions.tsv, as score's
  std::string dose_rules;            // default: configs/dosing.yaml
  int threads() const { return inputs.compute.threads; }
};

// Applies a YAML config's keys (folds, max_epochs, patience, hidden, batch_size,
// learning_rate, weight_decay, dropout, seed, calibration, responder_class_weight)
// to `config`; throws InputError on
// an unknown key or a bad value.
void apply_train_config_file(const std::string& path, models::TrainConfig& config);

void run_train(const TrainOptions& options, const std::string& command_line);
void run_evaluate(const EvaluateOptions& options, const std::string& command_line);

}  // namespace ketapgx

// The model layer's interface, free of LibTorch types: the CLI loads the
// LibTorch implementation (libketapgx_models.so) only for the commands that
// need it (train, evaluate, score), so the others never pay LibTorch's start-up.
//
// The model: a multi-task network (shared trunk; a responder head; a 5-class
// metabolizer head on the pharmacogenetic inputs) trained with stratified
// k-fold cross-validation and early stopping with best-weight restore per task
// (each fold keeps its best-responder and its best-metabolizer weights); the
// responder logits are calibrated on the out-of-fold predictions (Platt
// scaling by default: a slope and an intercept, so any response rate is
// right); the fold models form the ensemble whose spread gives
// p_responder_lo / p_responder_hi. Predictions can carry per-feature
// contributions (exact integrated gradients, see attribution.h) and each
// person's distance from the training data (ood.h).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "ketapgx/models/ood.h"

namespace ketapgx::models {

// The plugin's interface version: the CLI refuses a libketapgx_models.so built
// against another one (checked right after dlopen).
constexpr int kModelApiVersion = 2;

constexpr int kMetabolizerClasses = 5;  // PM, IM, NM, RM, UM
const char* metabolizer_class_name(int k);

struct Dataset {
  std::vector<std::string> feature_names;
  std::size_t n = 0;
  std::vector<float> x;                   // n x features, row-major; NaN = missing
  std::vector<std::int8_t> responder;     // per sample: 0, 1, or -1 unknown
  std::vector<std::int8_t> metabolizer;   // per sample: 0..4, or -1 unknown
  std::size_t n_features() const { return feature_names.size(); }
};

struct TrainConfig {
  int folds = 5;
  int max_epochs = 300;
  int patience = 50;           // epochs without validation improvement before stopping
  int hidden = 32;
  int batch_size = 64;
  double learning_rate = 1e-3;
  double weight_decay = 1e-3;
  double dropout = 0.2;
  std::uint64_t seed = 1;
  // "platt" (slope and intercept on the out-of-fold logits) or "temperature"
  // (slope only, the logit's zero stays where training put it).
  std::string calibration = "platt";
  // Weight responders by non-responders / responders in the responder loss.
  // Off by default: the weight moves every logit by log(weight), which only a
  // calibration with an intercept can take back (bench/model_quality.sh).
  bool responder_class_weight = false;
  bool use_cuda = false;
};

// p_responder = sigmoid(slope * logit + intercept), fitted on out-of-fold logits.
struct Calibration {
  std::string method = "platt";  // "platt" or "temperature" (intercept 0, slope = 1 / temperature)
  double slope = 1.0;
  double intercept = 0.0;
};

// Everything besides the weights that predicting needs; stored in the manifest.
struct ModelParams {
  std::vector<std::string> feature_names;
  std::vector<std::vector<double>> fold_mean, fold_sd;  // [fold][feature], fitted on each fold's training part
  int folds = 0;
  int hidden = 0;
  double dropout = 0;
  Calibration calibration;
  double threshold = 0.5;     // responder = yes at or above
  OodReference ood;           // empty: no out-of-distribution check
};

// One fold's serialised weights, exactly the bytes the bundle loader verified.
struct FoldWeights {
  std::string responder_file, metabolizer_file;  // names, for messages
  std::string responder, metabolizer;            // bytes
};

struct PredictOptions {
  bool contributions = false;  // per-feature contributions to the logit
  int threads = 1;             // for the contributions (results do not depend on it)
};

struct Predictions {
  std::vector<double> p_responder, p_lo, p_hi;  // per sample: ensemble mean, min and max over folds
  std::vector<double> p_class;                  // n x 5: ensemble mean class probabilities
  std::vector<double> logit;                    // per sample: mean over folds of the calibrated responder logit
  double logit_baseline = 0;                    // the same for the training-average person (every feature at its fold mean)
  // n x features, with PredictOptions::contributions: exact integrated
  // gradients of the calibrated logit from the training-average person,
  // averaged over folds; each row sums to logit - logit_baseline.
  std::vector<double> contributions;
  std::vector<double> ood_distance2;            // per sample: squared Mahalanobis distance (empty without a reference)
};

struct WeightFile {
  std::string file;  // plain name inside the bundle directory
  int fold = 0;
  std::string task;  // "responder" or "metabolizer"
};

struct TrainOutcome {
  ModelParams params;
  Predictions out_of_fold;           // each sample predicted by the fold model that did not see it
  std::vector<int> epochs_per_fold;              // epoch of the restored responder-best weights
  std::vector<int> metabolizer_epochs_per_fold;  // ... metabolizer-best weights
  std::vector<WeightFile> weight_files;          // written into the bundle directory
};

using Progress = std::function<void(const std::string&)>;

class ModelBackend {
 public:
  virtual ~ModelBackend() = default;
  virtual std::string torch_version() const = 0;
  virtual bool cuda_available() const = 0;
  // Trains and writes the fold weights into `dir` (which must exist).
  virtual TrainOutcome train(const Dataset& data, const TrainConfig& config, const std::string& dir,
                             const Progress& progress) = 0;
  // Predicts `data` (features in params' order) with the given fold weights.
  // Throws ketapgx::ModelError when the weights do not load.
  virtual Predictions predict(const ModelParams& params, const std::vector<FoldWeights>& weights, const Dataset& data,
                              const PredictOptions& options) = 0;
};

}  // namespace ketapgx::models

// The entry points of libketapgx_models.so (looked up with dlsym).
extern "C" int ketapgx_model_api_version();
extern "C" ketapgx::models::ModelBackend* ketapgx_create_model_backend();

// The model layer's interface, free of LibTorch types: the CLI loads the
// LibTorch implementation (libketapgx_models.so) only for the commands that
// need it (train, evaluate, score), so the others never pay LibTorch's start-up.
//
// The model: a multi-task network (shared trunk; a responder head; a 5-class
// metabolizer head on the pharmacogenetic inputs) trained with stratified
// k-fold cross-validation, early stopping with best-weight restore per task
// (each fold keeps its best-responder and its best-metabolizer weights) and
// class weights; temperature scaling
// on the out-of-fold responder logits; the fold models form the ensemble whose
// spread gives p_responder_lo / p_responder_hi.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ketapgx::models {

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
  bool use_cuda = false;
};

// Everything besides the weights that predicting needs; stored in the manifest.
struct ModelParams {
  std::vector<std::string> feature_names;
  std::vector<std::vector<double>> fold_mean, fold_sd;  // [fold][feature], fitted on each fold's training part
  int folds = 0;
  int hidden = 0;
  double dropout = 0;
  double temperature = 1.0;   // responder logit scaling fitted on out-of-fold predictions
  double threshold = 0.5;     // responder = yes at or above
};

struct Predictions {
  std::vector<float> p_responder, p_lo, p_hi;  // per sample: ensemble mean, min and max over folds
  std::vector<float> p_class;                  // n x 5: ensemble mean class probabilities
};

struct TrainOutcome {
  ModelParams params;
  Predictions out_of_fold;           // each sample predicted by the fold model that did not see it
  std::vector<int> epochs_per_fold;              // epoch of the restored responder-best weights
  std::vector<int> metabolizer_epochs_per_fold;  // ... metabolizer-best weights
  std::vector<std::string> weight_files;  // written into the bundle directory
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
  // Loads the fold weights from `dir` and predicts `data` (features in params' order).
  virtual Predictions predict(const std::string& dir, const ModelParams& params, const Dataset& data) = 0;
};

}  // namespace ketapgx::models

// The entry point of libketapgx_models.so (looked up with dlsym).
extern "C" ketapgx::models::ModelBackend* ketapgx_create_model_backend();

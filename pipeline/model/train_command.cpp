// Runs `ketapgx train`: features -> dataset with outcomes -> LibTorch training
// (loaded on demand) -> a model bundle written to a temporary directory and
// renamed into place only when complete.
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "ketapgx/core/errors.h"
#include "ketapgx_config.h"
#include "model/bundle.h"
#include "model/metrics.h"
#include "model/model_commands.h"
#include "model/model_loader.h"
#include "model/outcomes.h"
#include "model/training_data.h"
#include "output/notice.h"
#include "util/log.h"

namespace ketapgx {

namespace fs = std::filesystem;

void apply_train_config_file(const std::string& path, models::TrainConfig& c) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    throw InputError("--config " + path + ": " + e.what());
  }
  for (const auto& kv : root) {
    const std::string key = kv.first.as<std::string>();
    try {
      if (key == "folds") c.folds = kv.second.as<int>();
      else if (key == "max_epochs") c.max_epochs = kv.second.as<int>();
      else if (key == "patience") c.patience = kv.second.as<int>();
      else if (key == "hidden") c.hidden = kv.second.as<int>();
      else if (key == "batch_size") c.batch_size = kv.second.as<int>();
      else if (key == "learning_rate") c.learning_rate = kv.second.as<double>();
      else if (key == "weight_decay") c.weight_decay = kv.second.as<double>();
      else if (key == "dropout") c.dropout = kv.second.as<double>();
      else if (key == "seed") c.seed = kv.second.as<std::uint64_t>();
      else throw InputError("--config " + path + ": unknown key '" + key + "'");
    } catch (const YAML::Exception&) {
      throw InputError("--config " + path + ": key '" + key + "' has a value of the wrong type");
    }
  }
}

namespace {

// Removes a directory tree on scope exit unless released.
struct DirGuard {
  std::string path;
  ~DirGuard() {
    if (!path.empty()) {
      std::error_code ec;
      fs::remove_all(path, ec);
    }
  }
};

std::string model_card(const nlohmann::ordered_json& m, bool simulated) {
  const auto& r = m.at("cv_metrics").contains("responder") ? m.at("cv_metrics").at("responder") : nlohmann::ordered_json();
  const auto& k = m.at("cv_metrics").contains("metabolizer") ? m.at("cv_metrics").at("metabolizer") : nlohmann::ordered_json();
  auto val = [](const nlohmann::ordered_json& j, const char* key) -> std::string {
    if (j.is_null() || !j.contains(key)) return "n/a";
    const auto& v = j.at(key);
    char buf[96];
    if (v.is_object()) {
      const auto& ci = v.at("ci95");
      if (ci[0].is_null()) std::snprintf(buf, sizeof buf, "%.3f", v.at("value").get<double>());
      else std::snprintf(buf, sizeof buf, "%.3f (95%% CI %.3f-%.3f)", v.at("value").get<double>(), ci[0].get<double>(), ci[1].get<double>());
    } else {
      std::snprintf(buf, sizeof buf, "%s", v.dump().c_str());
    }
    return buf;
  };
  std::string s = "# Model card: " + m.at("model_id").get<std::string>() + "\n\n> " + kResearchUseNotice + "\n\n";
  if (simulated)
    s += "**Trained on SIMULATED data** (`ketapgx simulate`, see docs/simulation.md). Its numbers describe the simulation, "
         "not ketamine response in real people.\n\n";
  s += "## Intended use\n\nResearch: ranking research participants by predicted probability of responding to ketamine or "
       "esketamine, and a predicted drug-metabolism class, as inputs to study design and hypothesis generation.\n\n"
       "## Out of scope\n\nClinical decisions of any kind: diagnosis, treatment choice, dosing of a patient. Populations or "
       "assays unlike the training data.\n\n## Model\n\nA multi-task network (shared trunk of two " +
       std::to_string(m.at("params").at("hidden").get<int>()) + "-unit ReLU layers; a responder head and a 5-class metabolizer "
       "head), trained with " + std::to_string(m.at("params").at("folds").get<int>()) +
       "-fold stratified cross-validation, early stopping with best-weight restore per task and class weights; the fold models form an "
       "ensemble (p_responder_lo/hi are the lowest and highest fold predictions); responder probabilities are calibrated by "
       "temperature scaling on out-of-fold predictions. Features: " +
       std::to_string(m.at("params").at("features").size()) + " (manifest.json, feature_schema).\n\n## Data\n\n" +
       std::to_string(m.at("training_data").at("samples").get<std::size_t>()) + " samples; genome build " +
       m.at("feature_schema").at("genome_build").get<std::string>() + "; input fingerprints in manifest.json.\n\n"
       "## Cross-validated metrics (out-of-fold)\n\n| metric | value |\n|---|---|\n"
       "| responder AUROC | " + val(r, "auroc") + " |\n| responder AUPRC | " + val(r, "auprc") + " |\n| Brier score | " +
       val(r, "brier") + " |\n| ECE | " + val(r, "ece") + " |\n| metabolizer balanced accuracy | " + val(k, "balanced_accuracy") +
       " |\n| metabolizer macro-F1 | " + val(k, "macro_f1") + " |\n\n## Limitations\n\nSmall trials: the literature on "
       "genetic predictors of ketamine response is small and mixed (BDNF Val66Met, glutamate-receptor expression); in vivo "
       "evidence for CYP2B6 effects at antidepressant doses is weak. Predictions inherit every bias of the training cohort.\n";
  return s;
}

}  // namespace

void run_train(const TrainOptions& opt, const std::string& command_line) {
  if (opt.outcomes.empty()) throw UsageError("train: --outcomes FILE is required");
  if (opt.out.empty()) throw UsageError("train: --out DIR is required");
  if (fs::exists(opt.out)) throw UsageError("train: --out " + opt.out + " already exists; remove it or choose another directory");
  const models::TrainConfig& cfg = opt.train;
  if (cfg.folds < 2 || cfg.max_epochs < 1 || cfg.patience < 1 || cfg.hidden < 1 || cfg.batch_size < 1 ||
      !(cfg.learning_rate > 0) || cfg.dropout < 0 || cfg.dropout >= 1)
    throw UsageError("train: folds >= 2, max_epochs, patience, hidden, batch_size >= 1, learning_rate > 0, 0 <= dropout < 1");

  const Outcomes outcomes = read_outcomes(opt.outcomes);
  const FeatureRun run = compute_features(opt.inputs, nullptr);
  const models::Dataset data = make_dataset(run.outcome.matrix, outcomes, /*require_all_outcomes=*/true);
  const bool simulated = opt.simulated || fs::exists(fs::path(opt.outcomes).parent_path() / "simulation.json");

  models::ModelBackend& backend = model_backend();
  models::TrainConfig train_cfg = cfg;
  // The network trains on a GPU when LibTorch has one, unless --backend cpu; only CPU runs are bit-identical.
  train_cfg.use_cuda = opt.inputs.backend != "cpu" && backend.cuda_available();
  log::info(std::string("model device: ") + (train_cfg.use_cuda ? "cuda" : "cpu (LibTorch has no usable GPU, or --backend cpu)"));
  log::info("training on " + std::to_string(data.n) + " samples x " + std::to_string(data.n_features()) + " features, " +
            std::to_string(cfg.folds) + " folds, seed " + std::to_string(cfg.seed) + " (LibTorch " + backend.torch_version() + ")");
  const std::string tmp = opt.out + ".tmp." + std::to_string(::getpid());
  fs::create_directories(tmp);
  DirGuard guard{tmp};
  const models::TrainOutcome result = backend.train(data, train_cfg, tmp, [](const std::string& s) { log::info(s); });

  nlohmann::ordered_json m;
  m["format_version"] = kBundleFormatVersion;
  m["model_id"] = "ketapgx-" + std::string(simulated ? "sim-" : "") + std::to_string(cfg.seed) + "-" +
                  sha256_file(tmp + "/" + result.weight_files.front()).substr(0, 12);
  m["notice"] = kResearchUseNotice;
  m["simulated_data"] = simulated;
  m["tool_version"] = KETAPGX_VERSION;
  m["libtorch_version"] = backend.torch_version();
  m["command_line"] = command_line;
  m["feature_schema"] = {{"genome_build", run.build}, {"panel", run.panel_path}, {"gene_sets", run.gene_sets_path},
                         {"features", data.feature_names}, {"expression_scale", run.have_expression ? run.expression_scale : ""}};
  if (run.have_expression) {
    nlohmann::ordered_json stats = nlohmann::ordered_json::object();
    for (const auto& [gene, ms] : run.outcome.expression_stats.mean_sd) stats[gene] = {{"mean", ms.first}, {"sd", ms.second}};
    m["expression_stats"] = stats;
  } else {
    m["expression_stats"] = nullptr;
  }
  m["params"] = params_to_json(result.params);
  m["hyperparameters"] = {{"folds", cfg.folds},       {"max_epochs", cfg.max_epochs},     {"patience", cfg.patience},
                          {"hidden", cfg.hidden},     {"batch_size", cfg.batch_size},     {"learning_rate", cfg.learning_rate},
                          {"weight_decay", cfg.weight_decay}, {"dropout", cfg.dropout}, {"seed", cfg.seed},
                          {"best_responder_epoch_per_fold", result.epochs_per_fold},
                          {"best_metabolizer_epoch_per_fold", result.metabolizer_epochs_per_fold}};
  nlohmann::ordered_json fingerprint = nlohmann::ordered_json::object();
  for (const auto& [name, path] : std::vector<std::pair<std::string, std::string>>{
           {"vcf", opt.inputs.vcf}, {"expression", opt.inputs.expression}, {"covariates", opt.inputs.covariates}, {"outcomes", opt.outcomes}})
    if (!path.empty() && path != "-") fingerprint[name] = {{"path", path}, {"sha256", sha256_file(path)}};
  m["training_data"] = {{"samples", data.n}, {"fingerprint", fingerprint}};
  std::vector<double> p(result.out_of_fold.p_responder.begin(), result.out_of_fold.p_responder.end());
  std::vector<double> pc(result.out_of_fold.p_class.begin(), result.out_of_fold.p_class.end());
  m["cv_metrics"] = evaluation_metrics(p, data.responder, pc, data.metabolizer, result.params.threshold, 200, cfg.seed);
  nlohmann::ordered_json weights = nlohmann::ordered_json::array();
  for (const auto& f : result.weight_files) weights.push_back({{"file", f}, {"sha256", sha256_file(tmp + "/" + f)}});
  m["weights"] = weights;
  std::ofstream(tmp + "/manifest.json") << m.dump(2) << '\n';
  std::ofstream(tmp + "/MODEL_CARD.md") << model_card(m, simulated);
  if (!std::ofstream(tmp + "/manifest.json", std::ios::app)) throw Error("cannot write the bundle in " + tmp);
  fs::rename(tmp, opt.out);
  guard.path.clear();
  const auto& r = m["cv_metrics"];
  if (r.contains("responder")) log::info("cross-validated responder AUROC " + r["responder"]["auroc"]["value"].dump() +
                                         ", ECE " + r["responder"]["ece"]["value"].dump());
  if (r.contains("metabolizer")) log::info("cross-validated metabolizer balanced accuracy " +
                                           r["metabolizer"]["balanced_accuracy"]["value"].dump());
  log::info("wrote model bundle " + opt.out + (simulated ? " (trained on simulated data)" : ""));
}

}  // namespace ketapgx

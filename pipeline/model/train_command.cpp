// Runs `ketapgx train`: features -> dataset with outcomes -> LibTorch training
// (loaded on demand) -> a model bundle written to a temporary directory and
// renamed into place only when complete.
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <unistd.h>

#include "ketapgx/core/errors.h"
#include "features/feature_matrix.h"
#include "output/output_files.h"
#include "ketapgx_config.h"
#include "model/bundle.h"
#include "model/metrics.h"
#include "model/model_commands.h"
#include "model/model_loader.h"
#include "model/outcomes.h"
#include "model/decision_curve.h"
#include "model/model_card.h"
#include "model/reliability_plot.h"
#include "model/subgroups.h"
#include "model/training_data.h"
#include "output/format.h"
#include "output/notice.h"
#include "util/input_paths.h"
#include "util/log.h"
#include "util/text.h"
#include "util/yaml_values.h"

namespace ketapgx {

namespace fs = std::filesystem;

void apply_train_config_file(const std::string& path, models::TrainConfig& c) {
  const YAML::Node root = yaml::load_file(path, "--config");
  if (!root.IsMap()) throw InputError("--config " + path + ": expected a mapping of training settings (key: value)");
  for (const auto& kv : root) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "?";
    const std::string at = "--config " + path + ", " + key;
    const YAML::Node& v = kv.second;
    if (key == "folds") c.folds = static_cast<int>(yaml::integer(v, at, 2, 100));
    else if (key == "max_epochs") c.max_epochs = static_cast<int>(yaml::integer(v, at, 1, 1000000));
    else if (key == "patience") c.patience = static_cast<int>(yaml::integer(v, at, 1, 1000000));
    else if (key == "hidden") c.hidden = static_cast<int>(yaml::integer(v, at, 1, 4096));
    else if (key == "batch_size") c.batch_size = static_cast<int>(yaml::integer(v, at, 1, 1000000));
    else if (key == "learning_rate") c.learning_rate = yaml::number(v, at, 1e-12, 10);
    else if (key == "weight_decay") c.weight_decay = yaml::number(v, at, 0, 10);
    else if (key == "dropout") c.dropout = yaml::number(v, at, 0, 0.99);
    else if (key == "seed") c.seed = static_cast<std::uint64_t>(yaml::integer(v, at, 0, std::numeric_limits<std::int64_t>::max()));
    else if (key == "calibration") c.calibration = yaml::string_value(v, at);
    else if (key == "responder_class_weight") c.responder_class_weight = yaml::boolean(v, at);
    else
      throw InputError("--config " + path + ": unknown key '" + key + "'; expected folds, max_epochs, patience, hidden, batch_size, "
                       "learning_rate, weight_decay, dropout, seed, calibration or responder_class_weight");
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

// Copies a feature-definition file into the bundle; returns its manifest entry.
nlohmann::ordered_json copy_into_bundle(const std::string& from, const std::string& dir, const char* name) {
  std::error_code ec;
  fs::copy_file(from, dir + "/" + name, fs::copy_options::overwrite_existing, ec);
  if (ec) throw Error("cannot copy " + from + " into the bundle (" + ec.message() + ")");
  return {{"file", name}, {"sha256", sha256_file(dir + "/" + name)}, {"source", from}};
}

// The inputs a network's features come from, as model_inputs names them.
std::string inputs_name(const models::Dataset& d) {
  bool expr = false, cov = false;
  for (const auto& f : d.feature_names) {
    expr = expr || is_expression_feature(f);
    cov = cov || f.rfind("cov:", 0) == 0;
  }
  return std::string("genotypes") + (expr ? "+expression" : "") + (cov ? "+covariates" : "");
}

// `d` without its expression features (the reduced network's training data).
models::Dataset without_expression(const models::Dataset& d) {
  models::Dataset r;
  std::vector<std::size_t> keep;
  for (std::size_t j = 0; j < d.feature_names.size(); ++j)
    if (!is_expression_feature(d.feature_names[j])) {
      keep.push_back(j);
      r.feature_names.push_back(d.feature_names[j]);
    }
  r.n = d.n;
  r.responder = d.responder;
  r.metabolizer = d.metabolizer;
  r.x.reserve(d.n * keep.size());
  for (std::size_t s = 0; s < d.n; ++s)
    for (std::size_t j : keep) r.x.push_back(d.x[s * d.feature_names.size() + j]);
  return r;
}

// feature_schema.pgs: copies of the --pgs scoring files and each matched
// row's training frequency (score and evaluate use them, see bundle.h); null
// without --pgs.
nlohmann::ordered_json pgs_schema(const FeatureRun& run, const PgsOptions& pgs, const std::string& dir) {
  if (run.pgs.files.empty()) return nullptr;
  nlohmann::ordered_json scores = nlohmann::ordered_json::array();
  for (std::size_t k = 0; k < run.pgs.files.size(); ++k) {
    nlohmann::ordered_json e = copy_into_bundle(run.pgs.files[k].path, dir, bundle_pgs_file(k).c_str());
    scores.push_back({{"id", run.pgs.files[k].id}, {"file", e.at("file")}, {"sha256", e.at("sha256")}, {"source", e.at("source")},
                      {"variants", run.pgs.summaries[k].variants}, {"matched", run.pgs.summaries[k].matched}});
  }
  {
    std::ofstream f(dir + "/" + kBundlePgsFrequenciesFile);
    f << "score\tline\teffect_allele_frequency\n";
    for (const PgsFile& file : run.pgs.files) {
      auto it = run.pgs.frequencies.find(file.id);
      if (it == run.pgs.frequencies.end()) continue;
      std::map<long, double> sorted(it->second.begin(), it->second.end());
      for (const auto& [line, p] : sorted) f << file.id << '\t' << line << '\t' << format_double(p, 17) << '\n';
    }
    f.close();
    if (!f) throw Error("cannot write the bundle in " + dir + " (disk full or file system error)");
  }
  return {{"scores", scores},
          {"frequencies", {{"file", kBundlePgsFrequenciesFile}, {"sha256", sha256_file(dir + "/" + kBundlePgsFrequenciesFile)}}},
          {"min_overlap", pgs.min_overlap},
          {"keep_ambiguous", pgs.keep_ambiguous},
          {"keep_multiallelic", pgs.keep_multiallelic},
          {"ignore_strand_flips", pgs.ignore_strand_flips}};
}

}  // namespace

void run_train(const TrainOptions& given, const std::string& command_line) {
  TrainOptions opt = given;
  // 'bundle/' names the same directory as 'bundle': the bundle is built in a
  // sibling 'bundle.tmp.PID' and renamed into place, never inside it.
  while (opt.out.size() > 1 && opt.out.back() == '/') opt.out.pop_back();
  if (opt.outcomes.empty()) throw UsageError("train: --outcomes FILE is required");
  if (opt.out.empty()) throw UsageError("train: --out DIR is required");
  // An empty directory is taken (the rename replaces it); anything else is
  // someone's data.
  if (fs::exists(opt.out) && !(fs::is_directory(opt.out) && fs::is_empty(opt.out)))
    throw UsageError("train: --out " + opt.out + " already exists and is not an empty directory; remove it or choose another directory");
  check_output_location(opt.out, "--out");
  // The panel and gene sets are copied into the bundle after training: a
  // stream would be found empty then, after all the work.
  std::vector<std::pair<const char*, std::string>> copied = {{"--panel", opt.inputs.definitions.panel},
                                                            {"--gene-sets", opt.inputs.definitions.gene_sets}};
  for (const auto& p : opt.inputs.pgs.files) copied.emplace_back("--pgs", p);
  for (const auto& [option, path] : copied)
    if (!path.empty() && is_stream(path))
      throw UsageError(std::string("train: ") + option + " " + path + " is a pipe or standard input, but the bundle keeps a copy of "
                       "it, read after training: give a file");
  const models::TrainConfig& cfg = opt.train;
  // The flags and --config keys are range-checked as they are read; this
  // guards callers that fill TrainConfig themselves, naming the setting.
  auto require = [](bool ok, const char* setting, const char* range) {
    if (!ok) throw UsageError(std::string("train: ") + setting + " must be " + range);
  };
  require(cfg.folds >= 2 && cfg.folds <= 100, "folds", "from 2 to 100");
  require(cfg.max_epochs >= 1, "max_epochs", "1 or more");
  require(cfg.patience >= 1, "patience", "1 or more");
  require(cfg.hidden >= 1 && cfg.hidden <= 4096, "hidden", "from 1 to 4096");
  require(cfg.batch_size >= 1, "batch_size", "1 or more");
  require(cfg.learning_rate >= 1e-12 && cfg.learning_rate <= 10, "learning_rate", "from 1e-12 to 10");
  require(cfg.weight_decay >= 0 && cfg.weight_decay <= 10, "weight_decay", "from 0 to 10");
  require(cfg.dropout >= 0 && cfg.dropout <= 0.99, "dropout", "from 0 to 0.99");
  if (cfg.calibration != "platt" && cfg.calibration != "temperature")
    throw UsageError("train: calibration must be platt or temperature, got '" + cfg.calibration + "'");

  const Outcomes outcomes = read_outcomes(opt.outcomes);
  const FeatureRun run = compute_features(opt.inputs);
  models::Dataset data = make_dataset(run.outcome.matrix, outcomes, /*require_all_outcomes=*/true);
  const std::vector<ExcludedFeature> excluded = drop_uninformative_features(data, run.outcome.expression_genes_ignored);
  if (!excluded.empty()) {
    std::map<std::string, std::vector<std::string>> by_reason;
    for (const auto& e : excluded) by_reason[e.reason].push_back(e.feature);
    std::string list;
    for (const auto& [reason, names] : by_reason) list += (list.empty() ? "" : "; ") + reason + ": " + text::join(names, ", ");
    log::warn(std::to_string(excluded.size()) + " feature(s) left out of the model (recorded in the manifest and model card) - " + list);
  }
  std::size_t n_expr = 0;
  for (const auto& f : data.feature_names) n_expr += is_gene_expression_feature(f);
  if (data.feature_names.empty()) throw InputError("no feature has a value that varies among the training samples; check the inputs");
  if (run.have_expression && n_expr == 0)
    throw InputError("--expression " + opt.inputs.sample_inputs.expression +
                     ": no gene of the gene sets has usable values (absent, all NA or constant); check the gene names "
                     "(symbols or Ensembl IDs), or leave --expression out to train without expression");
  const bool simulated = opt.simulated || fs::exists(fs::path(opt.outcomes).parent_path() / "simulation.json");

  models::ModelBackend& backend = model_backend();
  models::TrainConfig train_cfg = cfg;
  // The network trains on a GPU when LibTorch has one, unless --backend cpu; only CPU runs are bit-identical.
  train_cfg.use_cuda = opt.inputs.compute.backend != "cpu" && backend.cuda_available();
  log::info(std::string("model device: ") + (train_cfg.use_cuda ? "cuda" : "cpu (LibTorch has no usable GPU, or --backend cpu)"));
  log::info("training on " + std::to_string(data.n) + " samples x " + std::to_string(data.n_features()) + " features, " +
            std::to_string(cfg.folds) + " folds, seed " + std::to_string(cfg.seed) + " (LibTorch " + backend.torch_version() + ")");
  // Stratified folds: each validation fold needs a responder and a
  // non-responder, or its early stopping and the out-of-fold calibration
  // have nothing to compare (2 people in 5 folds gave 'AUROC 1.0' and a
  // calibration slope no bundle check accepts).
  {
    std::size_t pos = 0, neg = 0;
    for (auto r : data.responder) {
      pos += r == 1;
      neg += r == 0;  // an unknown label (-1) is neither
    }
    const auto folds = static_cast<std::size_t>(cfg.folds);
    if (pos < folds || neg < folds)
      throw InputError("--outcomes " + opt.outcomes + ": " + std::to_string(pos) + " responder(s) and " + std::to_string(neg) +
                       " non-responder(s) for " + std::to_string(cfg.folds) + " cross-validation folds: every fold needs at least "
                       "one of each, so at least " + std::to_string(cfg.folds) + " of each class; lower --folds (at least 2) or "
                       "train on more people");
  }
  const std::string tmp = opt.out + ".tmp." + std::to_string(::getpid());
  fs::create_directories(tmp);
  DirGuard guard{tmp};
  const models::TrainOutcome result = backend.train(data, train_cfg, tmp, [](const std::string& s) { log::info(s); });
  auto check_finite = [](const models::TrainOutcome& o) {
    for (const auto v : o.out_of_fold.p_responder)
      if (!std::isfinite(static_cast<double>(v)))
        throw InputError("train: the training diverged (non-finite out-of-fold predictions): lower --learning-rate, or check the "
                         "inputs for extreme values");
  };
  check_finite(result);
  // The second network, for cohorts and people without expression: the same
  // outcomes, folds and settings on every other feature, with its own
  // cross-validation and calibration (docs/model_inputs.md says why this
  // design). Its files are the main network's names prefixed "reduced_".
  std::optional<models::TrainOutcome> reduced;
  models::Dataset reduced_data;
  nlohmann::ordered_json reduced_selection = nlohmann::ordered_json::array();
  double reduced_weight_decay = cfg.weight_decay;
  if (n_expr > 0) {
    reduced_data = without_expression(data);
    log::info("training the " + std::string(kInputsNoExpression) + " network (for cohorts and people without expression): " +
              std::to_string(reduced_data.n_features()) + " features");
    // Fewer and weaker inputs can want stronger shrinkage: its weight decay is
    // chosen from the main one and ten times it by out-of-fold log loss on the
    // training data (no held-out data is looked at).
    const double candidates[] = {cfg.weight_decay, cfg.weight_decay > 0 ? 10 * cfg.weight_decay : 1e-2};
    double best_loss = std::numeric_limits<double>::infinity();
    for (std::size_t c = 0; c < 2; ++c) {
      models::TrainConfig rc = train_cfg;
      rc.weight_decay = candidates[c];
      const std::string rdir = tmp + "/reduced" + std::to_string(c);
      fs::create_directories(rdir);
      models::TrainOutcome o = backend.train(reduced_data, rc, rdir, [&](const std::string& s) {
        log::info("[" + std::string(kInputsNoExpression) + ", weight decay " + format_double(rc.weight_decay, 4) + "] " + s);
      });
      check_finite(o);
      double loss = 0;
      std::size_t n_loss = 0;
      for (std::size_t i = 0; i < reduced_data.n; ++i) {
        if (reduced_data.responder[i] < 0) continue;
        const double q = std::min(1 - 1e-12, std::max(1e-12, o.out_of_fold.p_responder[i]));
        loss -= reduced_data.responder[i] ? std::log(q) : std::log(1 - q);
        ++n_loss;
      }
      loss /= static_cast<double>(std::max<std::size_t>(1, n_loss));
      reduced_selection.push_back({{"weight_decay", candidates[c]}, {"out_of_fold_log_loss", loss}});
      if (loss < best_loss) {
        best_loss = loss;
        reduced = std::move(o);
        reduced_weight_decay = candidates[c];
        if (c == 1) fs::remove_all(tmp + "/reduced0");
        if (c == 1) fs::rename(rdir, tmp + "/reduced0");
      }
    }
    log::info(std::string(kInputsNoExpression) + " network: weight decay " + format_double(reduced_weight_decay, 4) +
              " (lower out-of-fold log loss)");
    const std::string rdir = tmp + "/reduced0";
    check_finite(*reduced);
    // A network that did not learn (its calibration no bundle check accepts)
    // is left out with a warning: the main one stands, and a cohort without
    // expression is then refused as before, naming --expression.
    try {
      (void)params_from_json(params_to_json(reduced->params));
      for (auto& w : reduced->weight_files) {
        fs::rename(rdir + "/" + w.file, tmp + "/reduced_" + w.file);
        w.file = "reduced_" + w.file;
      }
    } catch (const ModelError& e) {
      log::warn("the " + std::string(kInputsNoExpression) + " network did not learn a usable model from these data (" + e.what() +
                "); the bundle is written without it, so cohorts without expression cannot be scored with it");
      reduced.reset();
    }
    fs::remove_all(tmp + "/reduced0");
    fs::remove_all(tmp + "/reduced1");
  }
  // Each training person's subgroups (sex, age, CYP2B6 phenotype), in the dataset's order.
  std::vector<std::string> labelled;
  for (const auto& s : run.outcome.matrix.samples)
    if (outcomes.index.count(s)) labelled.push_back(s);
  const Subgroups groups = subgroups_of(run, labelled);
  auto cv_metrics = [&](const models::TrainOutcome& o) {
    std::vector<double> pc(o.out_of_fold.p_class.begin(), o.out_of_fold.p_class.end());
    nlohmann::ordered_json j = evaluation_metrics(o.out_of_fold.p_responder, data.responder, pc, data.metabolizer, o.params.threshold, 200, cfg.seed);
    if (j.contains("responder")) j["responder"]["subgroups"] = all_subgroup_metrics(groups, o.out_of_fold.p_responder, data.responder, 200, cfg.seed);
    return j;
  };

  nlohmann::ordered_json m;
  m["format_version"] = kBundleFormatVersion;
  m["model_id"] = "ketapgx-" + std::string(simulated ? "sim-" : "") + std::to_string(cfg.seed) + "-" +
                  sha256_file(tmp + "/" + result.weight_files.front().file).substr(0, 12);
  m["notice"] = kResearchUseNotice;
  m["simulated_data"] = simulated;
  m["tool_version"] = KETAPGX_VERSION;
  m["model_api_version"] = models::kModelApiVersion;
  m["libtorch_version"] = backend.torch_version();
  m["command_line"] = command_line;
  m["inputs"] = inputs_name(data);
  nlohmann::ordered_json excluded_json = nlohmann::ordered_json::array(), ignored_json = nlohmann::ordered_json::array();
  for (const auto& e : excluded) excluded_json.push_back({{"feature", e.feature}, {"reason", e.reason}});
  std::set<std::string> used_genes;
  for (const auto& f : data.feature_names)
    if (is_gene_expression_feature(f)) used_genes.insert(f.substr(5));
  if (run.have_expression)
    for (const auto& g : gene_set_genes(run.gene_sets))
      if (!used_genes.count(g)) {
        std::string reason = "left out of the model";
        for (const auto& [gene, why] : run.outcome.expression_genes_ignored)
          if (gene == g) reason = why;
        ignored_json.push_back({{"gene", g}, {"reason", reason}});
      }
  m["feature_schema"] = {{"genome_build", run.build},
                         {"panel", copy_into_bundle(run.panel_path, tmp, kBundlePanelFile)},
                         {"gene_sets", copy_into_bundle(run.gene_sets_path, tmp, kBundleGeneSetsFile)},
                         {"features", data.feature_names},
                         {"excluded", excluded_json},
                         {"expression_scale", run.have_expression ? run.expression_scale : ""},
                         {"dosages", opt.inputs.genotypes.dosages},
                         {"star_alleles", {{"assume_reference_at_missing", opt.inputs.pgx.assume_reference_at_missing},
                                           {"combinations", opt.inputs.pgx.combinations}}},
                         {"expression_genes_ignored", ignored_json},
                         {"pgs", pgs_schema(run, opt.inputs.pgs, tmp)}};
  if (!used_genes.empty()) {
    nlohmann::ordered_json stats = nlohmann::ordered_json::object();
    for (const auto& [gene, ms] : run.outcome.expression_stats.mean_sd)
      if (used_genes.count(gene)) stats[gene] = {{"mean", ms.first}, {"sd", ms.second}};
    m["expression_stats"] = stats;
  } else {
    m["expression_stats"] = nullptr;
  }
  m["params"] = params_to_json(result.params);
  m["hyperparameters"] = {{"folds", cfg.folds},       {"max_epochs", cfg.max_epochs},     {"patience", cfg.patience},
                          {"hidden", cfg.hidden},     {"batch_size", cfg.batch_size},     {"learning_rate", cfg.learning_rate},
                          {"weight_decay", cfg.weight_decay}, {"dropout", cfg.dropout}, {"seed", cfg.seed},
                          {"calibration", cfg.calibration}, {"responder_class_weight", cfg.responder_class_weight},
                          {"best_responder_epoch_per_fold", result.epochs_per_fold},
                          {"best_metabolizer_epoch_per_fold", result.metabolizer_epochs_per_fold}};
  nlohmann::ordered_json fingerprint = nlohmann::ordered_json::object();
  for (const auto& [name, path] : std::vector<std::pair<std::string, std::string>>{
           {"vcf", opt.inputs.genotypes.vcf}, {"expression", opt.inputs.sample_inputs.expression},
           {"covariates", opt.inputs.sample_inputs.covariates}, {"outcomes", opt.outcomes}})
    if (!path.empty() && !is_stream(path)) fingerprint[name] = {{"path", path}, {"sha256", sha256_file(path)}};
  m["training_data"] = {{"samples", data.n}, {"fingerprint", fingerprint}};
  m["cv_metrics"] = cv_metrics(result);
  auto weights_json = [&](const models::TrainOutcome& o) {
    nlohmann::ordered_json weights = nlohmann::ordered_json::array();
    for (const auto& w : o.weight_files)
      weights.push_back({{"file", w.file}, {"sha256", sha256_file(tmp + "/" + w.file)}, {"fold", w.fold}, {"task", w.task}});
    return weights;
  };
  m["weights"] = weights_json(result);
  m["reduced"] = nullptr;
  if (reduced)
    m["reduced"] = {{"inputs", kInputsNoExpression},
                    {"params", params_to_json(reduced->params)},
                    {"weights", weights_json(*reduced)},
                    {"cv_metrics", cv_metrics(*reduced)},
                    {"weight_decay", reduced_weight_decay},
                    {"weight_decay_selection", reduced_selection},
                    {"best_responder_epoch_per_fold", reduced->epochs_per_fold},
                    {"best_metabolizer_epoch_per_fold", reduced->metabolizer_epochs_per_fold}};
  {
    std::ofstream mf(tmp + "/manifest.json");
    mf << m.dump(2) << '\n';
    std::ofstream card(tmp + "/MODEL_CARD.md");
    card << model_card(m, simulated);
    // Figures of each network: reliability and decision curve.
    for (const bool red : {false, true}) {
      const nlohmann::ordered_json& cv = red ? m["reduced"] : m;
      if (cv.is_null() || !cv["cv_metrics"].contains("responder")) continue;
      const std::string suffix = red ? "_reduced" : "", what = red ? std::string(" (") + kInputsNoExpression + ")" : "";
      std::ofstream svg(tmp + "/calibration" + suffix + ".svg"), dc(tmp + "/decision_curve" + suffix + ".svg");
      svg << reliability_svg(cv["cv_metrics"]["responder"]["calibration_curve"],
                             "Out-of-fold calibration" + what + ", " + std::to_string(data.n) + " training people");
      dc << decision_curve_svg(cv["cv_metrics"]["responder"]["net_benefit"], "Out-of-fold decision curve" + what);
      svg.close();
      dc.close();
      if (!svg || !dc) throw Error("cannot write the bundle in " + tmp + " (disk full or file system error)");
    }
    mf.close();
    card.close();
    if (!mf || !card) throw Error("cannot write the bundle in " + tmp + " (disk full or file system error)");
  }
  // The bundle must be one that score and evaluate accept: load it as they
  // do. A model that did not learn (a calibration slope below 0: its
  // out-of-fold ranking is inverted; non-finite weights) fails here and no
  // bundle is written.
  try {
    (void)load_bundle(tmp);
  } catch (const ModelError& e) {
    std::string why = e.what();
    if (const auto at = why.find(": manifest.json field "); at != std::string::npos) why = why.substr(at + 22);
    if (const auto cut = why.find("; the bundle is corrupt"); cut != std::string::npos) why.erase(cut);
    throw InputError("train: the model trained on these data is not usable (" + why + "): it did not learn a consistent "
                     "signal from " + std::to_string(data.n) + " people with these settings; train on more people, with more "
                     "epochs (--max-epochs) or fewer folds (--folds)");
  }
  fs::rename(tmp, opt.out);
  guard.path.clear();
  const auto& r = m["cv_metrics"];
  auto metric = [](const nlohmann::ordered_json& v) { return v.is_number() ? format_double(v.get<double>(), 3) : std::string("NA"); };
  if (r.contains("responder")) log::info("cross-validated responder AUROC " + metric(r["responder"]["auroc"]["value"]) +
                                         ", ECE " + metric(r["responder"]["ece"]["value"]));
  if (r.contains("metabolizer")) log::info("cross-validated metabolizer balanced accuracy " +
                                           metric(r["metabolizer"]["balanced_accuracy"]["value"]));
  log::info("wrote model bundle " + opt.out + (simulated ? " (trained on simulated data)" : ""));
}

}  // namespace ketapgx

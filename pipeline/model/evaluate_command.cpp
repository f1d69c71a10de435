// Runs `ketapgx evaluate`: bundle (verified) + features standardised against
// the bundle's statistics -> predictions -> metrics against observed outcomes.
#include <cstdio>

#include "ketapgx/core/errors.h"
#include "ketapgx_config.h"
#include "model/bundle.h"
#include "model/metrics.h"
#include "model/model_commands.h"
#include "model/model_loader.h"
#include "model/outcomes.h"
#include "model/training_data.h"
#include "output/notice.h"
#include "output/provenance.h"
#include "output/output_files.h"
#include "util/log.h"

namespace ketapgx {

namespace {

std::string summary_text(const nlohmann::ordered_json& m, const std::string& model) {
  std::string s = "ketapgx evaluate: model " + model + "\n" + std::string(kResearchUseNotice) + "\n\n";
  char line[200];
  auto metric = [&](const nlohmann::ordered_json& block, const char* key, const char* label) {
    if (!block.contains(key)) return;
    const auto& v = block.at(key);
    if (v.at("value").is_null()) return;
    const auto& ci = v.at("ci95");
    if (ci[0].is_null()) std::snprintf(line, sizeof line, "  %-28s %.4f\n", label, v.at("value").get<double>());
    else std::snprintf(line, sizeof line, "  %-28s %.4f  (95%% CI %.4f - %.4f)\n", label, v.at("value").get<double>(),
                       ci[0].get<double>(), ci[1].get<double>());
    s += line;
  };
  if (m.contains("responder")) {
    const auto& r = m.at("responder");
    s += "Responder (n = " + r.at("n").dump() + "):\n";
    metric(r, "auroc", "AUROC");
    metric(r, "auprc", "AUPRC");
    metric(r, "brier", "Brier score");
    metric(r, "ece", "ECE (10 bins)");
    for (const char* k : {"sensitivity", "specificity", "ppv", "npv"}) {
      if (r.at(k).is_null()) continue;
      std::snprintf(line, sizeof line, "  %-28s %.4f\n", (std::string(k) + " at " + r.at("threshold").dump()).c_str(), r.at(k).get<double>());
      s += line;
    }
  }
  if (m.contains("metabolizer")) {
    const auto& k = m.at("metabolizer");
    s += "Metabolizer class (n = " + k.at("n").dump() + "):\n";
    metric(k, "balanced_accuracy", "balanced accuracy");
    metric(k, "macro_f1", "macro-F1");
    s += "  confusion (rows true, columns predicted PM IM NM RM UM):\n";
    for (const auto& [cls, row] : k.at("confusion_matrix").items()) {
      s += "    " + cls;
      for (const auto& [c2, v] : row.items()) s += "\t" + v.dump();
      s += "\n";
    }
  }
  return s;
}

}  // namespace

void run_evaluate(const EvaluateOptions& opt, const std::string& command_line) {
  if (opt.model.empty()) throw UsageError("evaluate: --model DIR is required");
  if (opt.outcomes.empty()) throw UsageError("evaluate: --outcomes FILE is required");
  if (opt.out.empty()) throw UsageError("evaluate: --out PREFIX is required");
  const Bundle bundle = load_bundle(opt.model);
  const Outcomes outcomes = read_outcomes(opt.outcomes);
  const FeatureRun run = compute_features(opt.inputs, bundle.has_expression ? &bundle.expression_stats : nullptr, /*for_bundle=*/true);
  check_bundle_schema(bundle, run.outcome.matrix.names, run.build);
  const models::Dataset data = make_dataset(run.outcome.matrix, outcomes, /*require_all_outcomes=*/false);
  const models::Predictions pred = model_backend().predict(bundle.dir, bundle.params, data);
  std::vector<double> p(pred.p_responder.begin(), pred.p_responder.end());
  std::vector<double> pc(pred.p_class.begin(), pred.p_class.end());
  nlohmann::ordered_json j = json_provenance("evaluate", command_line);
  j["model"] = {{"dir", bundle.dir}, {"model_id", bundle.manifest.at("model_id")},
                {"simulated_data", bundle.manifest.at("simulated_data")}};
  j["samples"] = data.n;
  j["metrics"] = evaluation_metrics(p, data.responder, pc, data.metabolizer, bundle.params.threshold, 1000, 1);
  const std::string text = summary_text(j["metrics"], bundle.dir);
  OutputSet outputs;
  outputs.open(opt.out + ".metrics.json") << j.dump(2) << '\n';
  outputs.open(opt.out + ".metrics.txt") << text;
  // The per-sample predictions behind the metrics (the same numbers `score` gives).
  std::ostream& pv = outputs.open(opt.out + ".predictions.tsv");
  pv << "sample_id\tp_responder\tobserved_responder\n";
  std::size_t k = 0;
  for (std::size_t s = 0; s < run.outcome.matrix.samples.size(); ++s) {
    if (!outcomes.index.count(run.outcome.matrix.samples[s])) continue;  // make_dataset's order
    pv << run.outcome.matrix.samples[s] << '\t' << pred.p_responder[k] << '\t'
       << (data.responder[k] < 0 ? std::string("NA") : std::to_string(data.responder[k])) << '\n';
    ++k;
  }
  outputs.commit();
  if (log::level() >= log::Level::Info) std::fputs(text.c_str(), stderr);
}

}  // namespace ketapgx

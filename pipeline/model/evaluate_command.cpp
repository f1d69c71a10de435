// Runs `ketapgx evaluate`: bundle (verified) + features standardised against
// the bundle's statistics -> predictions -> metrics against observed outcomes.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <sstream>

#include "ketapgx/core/errors.h"
#include "ketapgx_config.h"
#include "model/bundle.h"
#include "model/bundle_run.h"
#include "model/decision_curve.h"
#include "model/reliability_plot.h"
#include "model/subgroups.h"
#include "model/metrics.h"
#include "model/model_commands.h"
#include "model/model_loader.h"
#include "model/outcomes.h"
#include "model/training_data.h"
#include "output/format.h"
#include "output/notice.h"
#include "output/provenance.h"
#include "score/prediction_rows.h"
#include "util/data_dir.h"
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
    else std::snprintf(line, sizeof line, "  %-28s %.4f  (95%% CI %.4f to %.4f)\n", label, v.at("value").get<double>(),
                       ci[0].get<double>(), ci[1].get<double>());
    s += line;
  };
  if (m.contains("responder")) {
    const auto& r = m.at("responder");
    s += "Responder (n = " + r.at("n").dump() + "):\n";
    if (r.contains("interval_note")) s += "  (" + r.at("interval_note").get<std::string>() + ")\n";
    metric(r, "auroc", "AUROC");
    metric(r, "auprc", "AUPRC");
    metric(r, "brier", "Brier score");
    metric(r, "ece", "ECE (10 bins)");
    metric(r, "calibration_in_the_large", "calibration-in-the-large");
    metric(r, "calibration_intercept", "calibration intercept");
    metric(r, "calibration_slope", "calibration slope");
    std::snprintf(line, sizeof line, "  %-28s %.4f / %.4f\n", "mean predicted / observed", r.at("mean_predicted").get<double>(),
                  r.at("prevalence").get<double>());
    s += line;
    for (const char* k : {"sensitivity", "specificity", "ppv", "npv"}) {
      if (r.at(k).is_null()) continue;
      std::snprintf(line, sizeof line, "  %-28s %.4f\n", (std::string(k) + " at " + r.at("threshold").dump()).c_str(), r.at(k).get<double>());
      s += line;
    }
    s += reliability_table_text(r.at("calibration_curve"));
    if (r.contains("net_benefit")) s += decision_curve_text(r.at("net_benefit"));
    if (r.contains("subgroups")) {
      s += "  subgroups (from " + std::to_string(kMinSubgroupSize) + " people):\n";
      for (const auto& g : r.at("subgroups")) {
        std::snprintf(line, sizeof line, "    %-36s n = %5zu", (g.at("dimension").get<std::string>() + ": " + g.at("group").get<std::string>()).c_str(),
                      g.at("n").get<std::size_t>());
        s += line;
        if (g.contains("skipped")) {
          s += "  not reported (" + g.at("skipped").get<std::string>() + ")\n";
          continue;
        }
        auto v = [](const nlohmann::ordered_json& x) { return x.is_number() ? x.get<double>() : NAN; };
        std::snprintf(line, sizeof line, "  AUROC %.3f  calibration-in-the-large %+.3f  slope %.3f  ECE %.3f\n",
                      v(g.at("auroc").at("value")), v(g.at("calibration_in_the_large")), v(g.at("calibration_slope")), v(g.at("ece")));
        s += line;
      }
    }
  }
  if (m.contains("metabolizer")) {
    const auto& k = m.at("metabolizer");
    s += "Metabolizer class (n = " + k.at("n").dump() + "):\n";
    if (k.contains("interval_note")) s += "  (" + k.at("interval_note").get<std::string>() + ")\n";
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
  check_output_location(opt.out, "--out");
  BundleRunOptions bo;
  bo.standardize = parse_expression_standardize(opt.expression_standardize);
  bo.contributions = true;  // each person's top features, as score writes them
  const DoseRules rules = load_dose_rules(opt.dose_rules.empty() ? data_dir() + "/configs/dosing.yaml" : opt.dose_rules);
  const DoseRoute route = parse_dose_route(opt.route);
  const Bundle bundle = load_bundle(opt.model);
  const Outcomes outcomes = read_outcomes(opt.outcomes);
  const BundleRun br = run_bundle(bundle, opt.inputs, bo);
  const FeatureMatrix& fm = br.features.outcome.matrix;
  // The samples with outcomes, in feature order (as make_dataset takes them).
  const models::Dataset labelled = make_dataset(fm, outcomes, /*require_all_outcomes=*/false, &br.columns);
  std::vector<double> p, pc;
  std::vector<std::string> ids, inputs_of;
  for (std::size_t s = 0; s < fm.samples.size(); ++s) {
    if (!outcomes.index.count(fm.samples[s])) continue;
    ids.push_back(fm.samples[s]);
    inputs_of.push_back(br.model_inputs(s));
    p.push_back(br.predictions.p_responder[s]);
    for (int c = 0; c < models::kMetabolizerClasses; ++c) pc.push_back(br.predictions.p_class[s * models::kMetabolizerClasses + static_cast<std::size_t>(c)]);
  }
  nlohmann::ordered_json j = json_provenance("evaluate", command_line);
  j["model"] = {{"dir", bundle.dir}, {"model_id", bundle.model_id}, {"simulated_data", bundle.simulated}};
  j["expression_standardize"] = expression_standardize_name(bo.standardize);
  j["cohort_checks"] = {{"expression_shift", expression_shift_json(br.expression_shift)},
                        {"expression_shift_rule", expression_shift_rule()},
                        {"expression_genes_checked", br.expression_shift.genes.size()}};
  j["samples"] = labelled.n;
  // Overall (each person as the network that predicted them), then per input
  // set the bundle served here, each with its subgroups.
  const Subgroups groups = subgroups_of(br.features, ids);
  auto metrics_of = [&](const std::vector<std::size_t>& keep) {
    std::vector<double> kp, kpc;
    std::vector<std::int8_t> ky, km;
    Subgroups kg;
    for (std::size_t i : keep) {
      kp.push_back(p[i]);
      for (int c = 0; c < models::kMetabolizerClasses; ++c) kpc.push_back(pc[i * models::kMetabolizerClasses + static_cast<std::size_t>(c)]);
      ky.push_back(labelled.responder[i]);
      km.push_back(labelled.metabolizer[i]);
      kg.sex.push_back(groups.sex[i]);
      kg.age.push_back(groups.age[i]);
      kg.cyp2b6.push_back(groups.cyp2b6[i]);
    }
    nlohmann::ordered_json m = evaluation_metrics(kp, ky, kpc, km, bundle.params.threshold, 1000, 1);
    if (m.contains("responder")) m["responder"]["subgroups"] = all_subgroup_metrics(kg, kp, ky, 1000, 1);
    return m;
  };
  std::vector<std::size_t> all(ids.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  j["metrics"] = metrics_of(all);
  std::map<std::string, std::vector<std::size_t>> by_inputs;
  for (std::size_t i = 0; i < ids.size(); ++i) by_inputs[inputs_of[i]].push_back(i);
  j["by_model_inputs"] = nlohmann::ordered_json::object();
  for (const auto& [inputs, keep] : by_inputs) j["by_model_inputs"][inputs] = {{"samples", keep.size()}, {"metrics", metrics_of(keep)}};
  std::string text = summary_text(j["metrics"], bundle.dir);
  if (by_inputs.size() > 1)
    for (const auto& [inputs, keep] : by_inputs)
      text += "\n-- people predicted from " + inputs + " (" + std::to_string(keep.size()) + "):\n" +
              summary_text(j["by_model_inputs"][inputs]["metrics"], bundle.dir).substr(summary_text(nlohmann::ordered_json::object(), bundle.dir).size());
  else if (!by_inputs.empty())
    text += "\nEvery person was predicted from " + by_inputs.begin()->first + ".\n";
  OutputSet outputs;
  outputs.open(opt.out + ".metrics.json") << j.dump(2) << '\n';
  outputs.open(opt.out + ".metrics.txt") << text;
  if (j["metrics"].contains("responder")) {
    outputs.open(opt.out + ".calibration.svg")
        << reliability_svg(j["metrics"]["responder"]["calibration_curve"],
                           "Calibration of " + bundle.model_id + " on " + std::to_string(labelled.n) + " people");
    outputs.open(opt.out + ".decision_curve.svg")
        << decision_curve_svg(j["metrics"]["responder"]["net_benefit"],
                              "Decision curve of " + bundle.model_id + " on " + std::to_string(labelled.n) + " people");
  }
  // The per-sample predictions behind the metrics (the same numbers `score` gives).
  // score's columns for the labelled people (sorted by sample ID, as score
  // writes them), then what was observed.
  std::atomic<std::int64_t> done{0};
  const std::vector<PredictionRow> rows = prediction_rows(br, rules, route, std::max(1, opt.threads()), done);
  std::map<std::string, std::size_t> labelled_index;  // sample -> position in ids / labelled
  for (std::size_t k = 0; k < ids.size(); ++k) labelled_index.emplace(ids[k], k);
  std::vector<const PredictionRow*> scored;
  for (const auto& r : rows)
    if (labelled_index.count(r.sample_id)) scored.push_back(&r);
  std::sort(scored.begin(), scored.end(), [](const PredictionRow* a, const PredictionRow* b) { return a->sample_id < b->sample_id; });
  std::ostringstream table;
  write_predictions_tsv(table, scored, std::max(1, opt.threads()));
  static const char* kClasses[] = {"PM", "IM", "NM", "RM", "UM"};
  std::ostream& pv = outputs.open(opt.out + ".predictions.tsv");
  std::istringstream lines(table.str());
  std::string line;
  for (std::size_t k = 0; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') {
      pv << line << '\n';
      continue;
    }
    if (line.rfind("sample_id\t", 0) == 0) {
      pv << line << "\tobserved_responder\tobserved_metabolizer_class\n";
      continue;
    }
    const std::size_t i = labelled_index.at(scored[k++]->sample_id);
    const int m = labelled.metabolizer[i];
    pv << line << '\t' << (labelled.responder[i] < 0 ? std::string(kNA) : std::to_string(labelled.responder[i])) << '\t'
       << (m >= 0 && m < 5 ? kClasses[m] : kNA) << '\n';
  }
  outputs.commit();
  if (log::level() >= log::Level::Info) std::fputs(text.c_str(), stderr);
}

}  // namespace ketapgx

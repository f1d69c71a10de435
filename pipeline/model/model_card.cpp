#include "model/model_card.h"

#include <cstdio>

#include "model/bundle.h"
#include "model/decision_curve.h"
#include "model/metrics.h"
#include "model/reliability_plot.h"
#include "output/format.h"
#include "output/notice.h"

namespace ketapgx {

namespace {

std::string metric_text(const nlohmann::ordered_json& j, const char* key) {
  if (j.is_null() || !j.contains(key)) return "n/a";
  const auto& v = j.at(key);
  char buf[96];
  if (v.is_object()) {
    if (v.at("value").is_null()) return "n/a";
    const auto& ci = v.at("ci95");
    if (ci[0].is_null()) std::snprintf(buf, sizeof buf, "%.3f", v.at("value").get<double>());
    else std::snprintf(buf, sizeof buf, "%.3f (95%% CI %.3f to %.3f)", v.at("value").get<double>(), ci[0].get<double>(), ci[1].get<double>());
  } else if (v.is_number()) {
    std::snprintf(buf, sizeof buf, "%.3f", v.get<double>());
  } else {
    std::snprintf(buf, sizeof buf, "%s", v.dump().c_str());
  }
  return buf;
}

std::string subgroup_table(const nlohmann::ordered_json& groups) {
  std::string s = "| subgroup | n | AUROC (95% CI) | calibration-in-the-large | calibration slope | ECE |\n|---|---|---|---|---|---|\n";
  for (const auto& g : groups) {
    s += "| " + g.at("dimension").get<std::string>() + ": " + g.at("group").get<std::string>() + " | " + std::to_string(g.at("n").get<std::size_t>()) + " | ";
    if (g.contains("skipped")) {
      s += "not reported (" + g.at("skipped").get<std::string>() + ") | | | |\n";
      continue;
    }
    s += metric_text(g, "auroc") + " | " + metric_text(g, "calibration_in_the_large") + " | " + metric_text(g, "calibration_slope") + " | " +
         metric_text(g, "ece") + " |\n";
  }
  return s;
}

}  // namespace

std::string performance_markdown(const nlohmann::ordered_json& cv, const std::string& calibration_svg, const std::string& decision_svg) {
  const auto& r = cv.contains("responder") ? cv.at("responder") : nlohmann::ordered_json();
  const auto& k = cv.contains("metabolizer") ? cv.at("metabolizer") : nlohmann::ordered_json();
  std::string s = "| metric | value |\n|---|---|\n"
                  "| responder AUROC (discrimination) | " + metric_text(r, "auroc") + " |\n"
                  "| responder AUPRC | " + metric_text(r, "auprc") + " |\n"
                  "| Brier score | " + metric_text(r, "brier") + " |\n"
                  "| ECE (10 bins) | " + metric_text(r, "ece") + " |\n"
                  "| mean predicted / observed response | " + metric_text(r, "mean_predicted") + " / " + metric_text(r, "prevalence") + " |\n"
                  "| calibration-in-the-large (intercept with slope 1; 0 = right on average) | " + metric_text(r, "calibration_in_the_large") + " |\n"
                  "| calibration intercept | " + metric_text(r, "calibration_intercept") + " |\n"
                  "| calibration slope (1 = right spread; < 1 too extreme) | " + metric_text(r, "calibration_slope") + " |\n"
                  "| metabolizer balanced accuracy | " + metric_text(k, "balanced_accuracy") + " |\n"
                  "| metabolizer macro-F1 | " + metric_text(k, "macro_f1") + " |\n\n";
  if (r.is_null()) return s;
  if (r.contains("interval_note")) s += "(" + r.at("interval_note").get<std::string>() + ")\n\n";
  if (!calibration_svg.empty()) s += "![Reliability of the responder probabilities](" + calibration_svg + ")\n\n";
  s += "```\n" + reliability_table_text(r.at("calibration_curve")) + "```\n\n";
  if (r.contains("net_benefit")) {
    if (!decision_svg.empty()) s += "![Decision curve](" + decision_svg + ")\n\n";
    s += "Net benefit of acting on p_responder at or above each threshold, against treating everyone and no one (decision-curve "
         "analysis):\n\n```\n" + decision_curve_text(r.at("net_benefit")) + "```\n\n";
  }
  if (r.contains("subgroups")) {
    s += "Subgroups (reported from " + std::to_string(kMinSubgroupSize) + " people; intervals by bootstrap):\n\n" +
         subgroup_table(r.at("subgroups")) + "\n";
  }
  return s;
}

std::string model_card(const nlohmann::ordered_json& m, bool simulated) {
  const auto& cv = m.at("cv_metrics");
  const auto& r = cv.contains("responder") ? cv.at("responder") : nlohmann::ordered_json();
  const auto& params = m.at("params");
  const auto& schema = m.at("feature_schema");
  const auto& cal = params.at("calibration");
  const bool has_reduced = m.contains("reduced") && !m.at("reduced").is_null();
  const std::string inputs = m.value("inputs", std::string(kInputsFull));
  const int folds = params.at("folds").get<int>();
  char cal_text[200];
  std::snprintf(cal_text, sizeof cal_text, "%s scaling (slope %.4f, intercept %.4f)",
                cal.at("method").get<std::string>() == "platt" ? "Platt" : "temperature", cal.at("slope").get<double>(),
                cal.at("intercept").get<double>());
  std::string s = "# Model card: " + m.at("model_id").get<std::string>() + "\n\n> " + kResearchUseNotice + "\n\n";
  if (simulated)
    s += "**Trained on SIMULATED data** (`ketapgx simulate`, see docs/simulation.md). Its numbers describe the simulation, "
         "not ketamine response in real people.\n\n";
  s += "## Intended use\n\nResearch: ranking research participants by predicted probability of responding to ketamine or "
       "esketamine, and a predicted drug-metabolism class, as inputs to study design and hypothesis generation.\n\n"
       "## Out of scope\n\nClinical decisions of any kind: diagnosis, treatment choice, dosing of a patient. Populations or "
       "assays unlike the training data (`score` flags people out of the training distribution and expression batches "
       "that differ from it).\n\n## Model\n\nA multi-task network (shared trunk of two " +
       std::to_string(params.at("hidden").get<int>()) + "-unit ReLU layers with a linear skip path; a responder head and a 5-class "
       "metabolizer head on the pharmacogenetic inputs), trained with " + std::to_string(folds) +
       "-fold stratified cross-validation and early stopping with best-weight restore per task" +
       (m.at("hyperparameters").at("responder_class_weight").get<bool>() ? ", a responder class weight" : "") +
       " and balanced metabolizer class weights; the " + std::to_string(folds) + " fold models form an ensemble. Responder "
       "probabilities are calibrated on the out-of-fold logits by " + cal_text + ". Per-person explanations (`top_features` in "
       "`score`) are exact integrated gradients of the calibrated logit from the training-average person (docs/explanations.md).\n\n";
  s += "**Input sets.** The main network reads " + inputs + ".";
  if (has_reduced)
    s += " A second network, trained the same way on every feature but expression (its own cross-validation, calibration and "
         "out-of-distribution reference), reads " + std::string(kInputsNoExpression) + ": `score` and `evaluate` use it for a "
         "cohort scored without `--expression` and for a person with no expression or more than half of the model's expression "
         "genes missing (the other people keep the main network, missing genes at their training mean). Each person's "
         "`model_inputs` says which (docs/model_inputs.md: why two networks)." +
         (m.at("reduced").contains("weight_decay")
              ? " Its weight decay (" + format_double(m.at("reduced").at("weight_decay").get<double>(), 4) +
                    ") was chosen from the main network's and ten times it by out-of-fold log loss on the training data."
              : std::string());
  s += "\n\n## Data\n\n" + std::to_string(m.at("training_data").at("samples").get<std::size_t>()) + " samples (response rate " +
       metric_text(r, "prevalence") + "); genome build " + schema.at("genome_build").get<std::string>() +
       "; panel and gene sets copied into this bundle (`" + std::string(kBundlePanelFile) + "`, `" + kBundleGeneSetsFile +
       "`); input fingerprints in manifest.json. Missing values: genotypes and covariates at their training mean, expression "
       "genes at their training mean or (mostly missing) the second network.\n\n## Features\n\n" +
       std::to_string(params.at("features").size()) + " features used (manifest.json, `feature_schema.features`).";
  s += schema.at("dosages").get<bool>() ? " Genotype features from imputed dosages (FORMAT/DS, `--dosages`)."
                                        : " Genotype features from hard calls (GT).";
  if (schema.contains("pgs") && !schema.at("pgs").is_null()) {
    s += " Published polygenic scores as features (scoring files copied into this bundle, matched as pgsc_calc matches, "
         "training frequencies in `pgs_frequencies.tsv`):";
    for (const auto& sc : schema.at("pgs").at("scores"))
      s += " `pgs:" + sc.at("id").get<std::string>() + "` (" + std::to_string(sc.at("matched").get<std::size_t>()) + " of " +
           std::to_string(sc.at("variants").get<std::size_t>()) + " variants matched)";
    s += ".";
  }
  if (schema.at("expression_scale").get<std::string>().empty()) s += " No expression.";
  else s += " Expression on the " + schema.at("expression_scale").get<std::string>() + " scale.";
  s += "\n";
  if (!schema.at("excluded").empty()) {
    s += "\nLeft out of the model (" + std::to_string(schema.at("excluded").size()) + "):\n\n| feature | reason |\n|---|---|\n";
    for (const auto& e : schema.at("excluded")) s += "| " + e.at("feature").get<std::string>() + " | " + e.at("reason").get<std::string>() + " |\n";
  }
  s += "\n## Cross-validated performance (out-of-fold): " + inputs + "\n\n" +
       performance_markdown(cv, "calibration.svg", r.contains("net_benefit") ? "decision_curve.svg" : "");
  if (has_reduced)
    s += "## Cross-validated performance (out-of-fold): " + std::string(kInputsNoExpression) + "\n\n" +
         performance_markdown(m.at("reduced").at("cv_metrics"), "calibration_reduced.svg", "decision_curve_reduced.svg");
  s += "## Uncertainty: what p_responder_lo / p_responder_hi are\n\nThe lowest and the highest of the " + std::to_string(folds) +
       " fold models' predicted probabilities for the person. They show how much models trained on different parts of the "
       "data disagree about this person; they are not a confidence interval and carry no stated coverage (on simulated cohorts "
       "the true probability lies outside them for many people: bench/model_quality.sh measures how often). `score` flags "
       "`ensemble_disagrees` when they are more than 0.3 apart.\n\n";
  s += "## TRIPOD+AI checklist\n\nWhich items of the TRIPOD+AI reporting guideline (Collins et al., BMJ 2024) this card covers, "
       "and which a study using the model must add.\n\n| item | covered here | the user adds |\n|---|---|---|\n"
       "| title, abstract, background, objectives (1-3) | intended use | the study's own |\n"
       "| source of data, setting, dates (4-5) | " + std::string(simulated ? "simulated cohort (docs/simulation.md)" : "input fingerprints only") +
       " | the real-world data source, recruitment, dates |\n"
       "| participants, eligibility (5) | sample size and response rate | eligibility criteria, treatment received |\n"
       "| outcome definition and timing (6) | responder 0/1 as given in --outcomes | how response was defined and when measured |\n"
       "| predictors (7) | every feature (manifest), how each is computed (README, docs/) | how expression was measured |\n"
       "| sample size (8) | n, events | power considerations |\n"
       "| missing data (9) | imputation rules, second network | missingness in the study |\n"
       "| analysis: model, tuning, calibration (10) | network, cross-validation, early stopping, calibration, hyperparameters | |\n"
       "| performance: discrimination, calibration, clinical utility (12, 23) | AUROC, calibration-in-the-large, intercept, slope, "
       "reliability curve, net benefit, each with bootstrap intervals | external validation on the study's cohort (`ketapgx evaluate`) |\n"
       "| fairness, subgroups (14, 23b) | sex, age 65 and over, CYP2B6 phenotype group (from 100 people) | other groups that matter to the study |\n"
       "| model updating (13) | | recalibration on the study's cohort if needed |\n"
       "| uncertainty of individual predictions | what p_responder_lo/hi are | |\n"
       "| ethics approval, consent, registration (ethics, 26) | | required |\n"
       "| code and model availability (18) | tool version, bundle checksums | where the study's code lives |\n"
       "| interpretation, limitations (27) | limitations below | the study's |\n\n";
  s += "## Limitations\n\nSmall trials: the literature on genetic predictors of ketamine response is small and mixed (BDNF "
       "Val66Met, glutamate-receptor expression); in vivo evidence for CYP2B6 effects at antidepressant doses is weak. "
       "Predictions inherit every bias of the training cohort. Expression measured in another lab, kit or pipeline shifts "
       "the features: `score` checks each gene's level against this model's training statistics and can standardise within "
       "the scored cohort instead (`--expression-standardize cohort`).\n";
  return s;
}

}  // namespace ketapgx

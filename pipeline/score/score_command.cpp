// Runs `ketapgx score`: bundle (verified) -> features (standardised with the
// bundle's statistics) -> predictions -> star-allele calls and dose rules ->
// predictions TSV/JSON, QC tables, HTML report, written together on success.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <string_view>
#include <unordered_map>

#include "dosing/dose_rules.h"
#include "ketapgx/core/errors.h"
#include "model/bundle.h"
#include "model/bundle_run.h"
#include "model/model_loader.h"
#include "output/format.h"
#include "output/notice.h"
#include "output/output_files.h"
#include "output/provenance.h"
#include "output/run_log.h"
#include "qc/qc_tables.h"
#include "samples/sample_alignment.h"
#include "score/prediction_rows.h"
#include "score/predictions.h"
#include "score/report_html.h"
#include "score/score.h"
#include "util/data_dir.h"
#include "util/input_paths.h"
#include "util/keep_until_exit.h"
#include "util/log.h"
#include "util/progress.h"

namespace ketapgx {

void ScoreOptions::validate() const {
  if (!demo && inputs.genotypes.vcf.empty()) throw UsageError("score: --vcf FILE is required (or --demo for the bundled example cohort)");
  if (!demo && out.empty()) throw UsageError("score: --out PREFIX is required");
  parse_dose_route(route);
  parse_expression_standardize(expression_standardize);
}

namespace {

// An input's SHA-256; "" for none and for a stream (standard input, a pipe),
// which was read once by its reader and cannot be read again to hash it.
std::string file_sha(const std::string& path) { return path.empty() || is_stream(path) ? "" : sha256_file(path); }

}  // namespace

void run_score(ScoreOptions o, const std::string& command_line) {
  o.validate();
  const std::string data = data_dir();
  if (o.demo) {
    const std::string ex = data + "/examples/cohort/";
    if (o.inputs.genotypes.vcf.empty()) {
      o.inputs.genotypes.vcf = ex + "cohort.vcf.gz";
      o.inputs.sample_inputs.expression = ex + "expression.tsv";
      o.inputs.sample_inputs.covariates = ex + "covariates.tsv";
    }
    if (o.out.empty()) o.out = "ketapgx-demo";
    log::info("--demo: scoring the bundled example cohort (" + ex + ") with the default model");
  }
  o.inputs.out = o.out;
  check_output_location(o.out, "--out");
  const std::string model_dir = o.model.empty() ? data + "/models/default" : o.model;
  const Bundle bundle = load_bundle(model_dir);
  const DoseRules rules = load_dose_rules(o.dose_rules.empty() ? data + "/configs/dosing.yaml" : o.dose_rules);
  const DoseRoute route = parse_dose_route(o.route);
  BundleRunOptions bo;
  bo.standardize = parse_expression_standardize(o.expression_standardize);
  bo.contributions = true;
  BundleRun br = run_bundle(bundle, o.inputs, bo);  // its stages: reading genotypes, predicting
  // The stages after it, each shown while it runs (util/progress.h).
  // The counter outlives the stage: a stage that ends by an exception still
  // reads it in its destructor's last progress line.
  std::atomic<std::int64_t> people_done{0};
  std::unique_ptr<ProgressStage> stage;
  auto begin_stage = [&](const char* name, std::int64_t total) {
    stage.reset();
    people_done.store(0);
    stage = std::make_unique<ProgressStage>(name, "people", [&people_done, total] {
      ProgressSample ps;
      ps.done = people_done.load(std::memory_order_relaxed);
      ps.total = total;
      return ps;
    });
  };
  const FeatureRun& run = br.features;
  const FeatureMatrix& fm = run.outcome.matrix;
  const models::Dataset& ds = br.data;
  const models::Predictions& pred = br.predictions;
  const std::size_t nf = ds.n_features();
  const SampleInputs& si = run.inputs;
  // Per-person rows.
  std::vector<PredictionRow> rows;
  begin_stage("per-person rows and dose rules", static_cast<std::int64_t>(br.data.n));
  const int threads = std::max(1, o.inputs.compute.threads);
  rows = prediction_rows(br, rules, route, threads, people_done);
  stage.reset();
  std::vector<const PredictionRow*> sorted;
  sorted.reserve(rows.size());
  for (const auto& r : rows) sorted.push_back(&r);
  auto by_id = [](const PredictionRow* a, const PredictionRow* b) { return a->sample_id < b->sample_id; };
  if (!std::is_sorted(sorted.begin(), sorted.end(), by_id)) std::sort(sorted.begin(), sorted.end(), by_id);

  // Outputs.
  OutputSet outputs;
  begin_stage("writing outputs", static_cast<std::int64_t>(sorted.size()));
  auto written = [&people_done](std::size_t done) { people_done.store(static_cast<std::int64_t>(done), std::memory_order_relaxed); };
  write_predictions_tsv(outputs.open(o.out + ".predictions.tsv"), sorted, threads, written);
  nlohmann::ordered_json head = json_provenance("score", command_line);
  nlohmann::ordered_json weights = nlohmann::ordered_json::array();
  for (const auto& w : bundle.manifest.at("weights")) weights.push_back(w);
  head["model"] = {{"dir", bundle.dir},
                   {"model_id", bundle.model_id},
                   {"manifest_sha256", sha256_file(bundle.dir + "/manifest.json")},
                   {"weights", weights},
                   {"simulated_data", bundle.simulated}};
  // What the report's "how to read" needs: the responder threshold, the
  // cross-validated responder metrics of the main network, the model card.
  head["model"]["threshold"] = bundle.params.threshold;
  {
    nlohmann::ordered_json cv = nlohmann::ordered_json::object();
    const auto& m = bundle.manifest;
    if (m.contains("cv_metrics") && m["cv_metrics"].contains("responder")) {
      const auto& r = m["cv_metrics"]["responder"];
      auto value = [&r](const char* k) {
        if (!r.contains(k)) return nlohmann::ordered_json(nullptr);
        return r[k].is_object() ? r[k].value("value", nlohmann::ordered_json(nullptr)) : r[k];
      };
      cv["n"] = value("n");
      cv["auroc"] = value("auroc");
      if (r.contains("auroc") && r["auroc"].is_object() && r["auroc"].contains("ci95")) cv["auroc_ci95"] = r["auroc"]["ci95"];
      cv["calibration_slope"] = value("calibration_slope");
      cv["ece"] = value("ece");
    }
    head["model"]["cross_validated_responder"] = cv;
  }
  head["model"]["model_card"] = std::filesystem::absolute(bundle.dir + "/MODEL_CARD.md").lexically_normal().string();
  const GenotypeSource& gs = o.inputs.genotypes;
  const SampleInputOptions& sio = o.inputs.sample_inputs;
  head["inputs"] = {{"vcf", {{"path", gs.vcf}, {"sha256", file_sha(gs.vcf)}}},
                    {"expression", {{"path", sio.expression}, {"sha256", file_sha(sio.expression)}}},
                    {"covariates", {{"path", sio.covariates}, {"sha256", file_sha(sio.covariates)}}}};
  head["feature_definitions"] = {{"panel", {{"path", run.panel_path}, {"sha256", file_sha(run.panel_path)}}},
                                 {"gene_sets", {{"path", run.gene_sets_path}, {"sha256", file_sha(run.gene_sets_path)}}}};
  if (!run.pgs.files.empty()) {
    nlohmann::ordered_json scores = nlohmann::ordered_json::array();
    for (std::size_t k = 0; k < run.pgs.files.size(); ++k)
      scores.push_back({{"id", run.pgs.files[k].id}, {"path", run.pgs.files[k].path}, {"sha256", file_sha(run.pgs.files[k].path)},
                        {"variants", run.pgs.summaries[k].variants}, {"matched", run.pgs.summaries[k].matched},
                        {"match_rate", run.pgs.summaries[k].match_rate}});
    head["feature_definitions"]["pgs"] = scores;
  }
  head["genome_build"] = {{"used", run.build}, {"source", run.build_source}};
  head["dose_rules"] = {{"path", rules.path}, {"sha256", file_sha(rules.path)}, {"route", o.route}, {"notice", rules.notice}};
  {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& rule : rules.rules)
      list.push_back({{"id", rule.id}, {"flag", rule.flag}, {"evidence", rule.evidence}, {"source", rule.source}});
    head["dose_rules"]["rules"] = list;
  }
  head["feature_engine"] = run.backend;
  const StarAlleleSettings& pgx = o.inputs.pgx;
  head["star_alleles"] = {{"assume_reference_at_missing", pgx.assume_reference_at_missing},
                          {"combinations", pgx.combinations},
                          {"outside_calls", pgx.outside_calls.empty()
                                                ? nlohmann::ordered_json(nullptr)
                                                : nlohmann::ordered_json{{"path", pgx.outside_calls}, {"sha256", file_sha(pgx.outside_calls)}}},
                          {"not_assessed", run.outcome.pgx.not_assessed}};
  nlohmann::ordered_json standardize = {{"mode", expression_standardize_name(bo.standardize)}};
  if (bo.standardize == ExpressionStandardize::Cohort) {
    nlohmann::ordered_json stats = nlohmann::ordered_json::object();
    for (const auto& [gene, ms] : run.outcome.expression_stats.mean_sd) stats[gene] = {{"mean", ms.first}, {"sd", ms.second}};
    standardize["statistics"] = stats;  // the cohort's own, over every sample of --expression
  }
  head["expression_standardize"] = standardize;
  // Cohort-level checks: they depend on the input files only, never on which
  // people were scored, so every shard of a cohort writes the same ones.
  nlohmann::ordered_json checks;
  checks["expression_standardize"] = expression_standardize_name(bo.standardize);
  checks["expression_genes_checked"] = br.expression_shift.genes.size();
  checks["expression_shift"] = expression_shift_json(br.expression_shift);
  checks["expression_shift_rule"] = expression_shift_rule();
  if (!bundle.params.ood.empty())
    checks["out_of_distribution_rule"] = "squared Mahalanobis distance of the person's features from the training data (Ledoit-Wolf "
                                         "shrunk correlation) above " + format_double(bundle.params.ood.threshold, 6) +
                                         ", the " + format_double(100 * bundle.params.ood.quantile, 4) +
                                         "th percentile of the training people's own";
  head["cohort_checks"] = checks;
  // What the per-person numbers are (the uncertainty fields above all).
  head["field_descriptions"] = {
      {"p_responder", "the fold models' mean predicted probability of response (calibrated)"},
      {"p_responder_lo", "the lowest of the fold models' predictions for the person: with p_responder_hi, how much models "
                         "trained on different parts of the data disagree; not a confidence interval, no stated coverage"},
      {"p_responder_hi", "the highest of the fold models' predictions for the person (see p_responder_lo)"},
      {"model_inputs", "which inputs the prediction used: " + std::string(kInputsFull) + ", or " + kInputsNoExpression +
                           " (the bundle's network without expression: for a cohort without --expression and for a person with "
                           "no expression or more than half of the model's expression genes missing)"},
      {"ood_distance2", "squared Mahalanobis distance of the person's features from the training data of the network used"}};
  // Every feature's contribution per person (full precision for research
  // use), written before the JSON so that the JSON can record its SHA-256:
  // merge then knows the file is this run's and not one left by another.
  head["contributions"] = nullptr;
  if (o.contributions) {
    const std::string tmp = outputs.reserve(o.out + ".contributions.tsv");
    {
      std::ofstream c(tmp, std::ios::binary);
      write_contributions_header(c, ds.feature_names);
      for (const PredictionRow* row : sorted) {  // the people in the predictions' order
        const auto s = static_cast<std::size_t>(row - rows.data());
        write_contributions_row(c, fm.samples[s], pred.logit[s], br.logit_baseline[s], &pred.contributions[s * nf], nf);
      }
      c.close();
      if (!c) throw Error("writing " + o.out + ".contributions.tsv failed (disk full or file system error)");
    }
    head["contributions"] = {{"file", std::filesystem::path(o.out + ".contributions.tsv").filename().string()}, {"sha256", sha256_file(tmp)}};
  }
  // Each person's JSON line is formatted in parallel, a batch at a time, and
  // written in order (output/ordered_writer.h).
  write_predictions_json(outputs.open(o.out + ".predictions.json"), head, sorted.size(),
                         [&](std::size_t i, std::string& text) { append_prediction_json(text, *sorted[i]); }, threads, written);
  const std::map<std::string, int> status =
      write_panel_variant_rows([&]() -> std::ostream& {
        std::ostream& v = outputs.open(o.out + ".qc.variants.tsv");
        write_variant_table_header(v);
        return v;
      }(), run.panel, run.outcome.panel_matches, run.outcome.variant_stats);
  const SampleAlignment align = align_samples(fm.samples, si.expression ? &si.expression->samples : nullptr,
                                              si.covariates ? &si.covariates->samples : nullptr);
  SampleTableInputs st;
  st.alignment = &align;
  st.call_rate = &run.outcome.sample_call_rate;
  st.expression = si.expression ? &*si.expression : nullptr;
  st.have_covariates = si.covariates.has_value();
  if (si.expression) {
    for (const auto& g : gene_set_genes(run.gene_sets))
      if (std::find(si.expression->genes.begin(), si.expression->genes.end(), g) == si.expression->genes.end())
        st.genes_absent_from_file.push_back(g);
  }
  const std::int64_t not_everywhere = write_sample_table(outputs.open(o.out + ".qc.samples.tsv"), st);

  ReportData rd;
  rd.notice = kResearchUseNotice;
  rd.dose_notice = rules.notice;
  rd.model_id = bundle.model_id;
  rd.simulated_model = bundle.simulated;
  rd.genome_build = run.build;
  rd.route = o.route;
  rd.rows = sorted;
  rd.panel_status = status;
  rd.samples_not_in_every_input = static_cast<std::size_t>(not_everywhere);
  rd.cohort_checks = head["cohort_checks"];
  rd.star_alleles = head["star_alleles"];
  rd.head = head;
  rd.prefix_name = std::filesystem::path(o.out).filename().string();
  rd.generated = utc_now();
  write_report_html(outputs.open(o.out + ".report.html"), rd);
  outputs.commit();
  stage.reset();

  std::size_t yes = 0;
  for (const auto& r : rows) yes += r.responder;
  log::info("scored " + std::to_string(rows.size()) + " samples: " + std::to_string(yes) + " predicted responders");
  for (const auto& p : outputs.paths()) log::info("wrote " + p);
  log::warn(kResearchUseNotice);
  keep_until_exit(std::move(rows));
  keep_until_exit(std::move(br));
}

}  // namespace ketapgx

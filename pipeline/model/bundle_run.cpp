#include "model/bundle_run.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "ketapgx/core/errors.h"
#include "model/model_loader.h"
#include "model/training_data.h"
#include "output/format.h"
#include "util/log.h"
#include "util/progress.h"

namespace ketapgx {

ExpressionStandardize parse_expression_standardize(const std::string& s) {
  if (s == "bundle") return ExpressionStandardize::Bundle;
  if (s == "cohort") return ExpressionStandardize::Cohort;
  throw UsageError("--expression-standardize: expected bundle or cohort, got '" + s + "'");
}

const char* expression_standardize_name(ExpressionStandardize s) { return s == ExpressionStandardize::Cohort ? "cohort" : "bundle"; }

BundleRun run_bundle(const Bundle& b, const FeaturesOptions& inputs, const BundleRunOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  const bool cohort = o.standardize == ExpressionStandardize::Cohort;
  if (inputs.genotypes.dosages != b.dosages)
    log::warn("--model " + b.dir + " was trained on " + (b.dosages ? "imputed dosages (--dosages)" : "hard calls (GT)") +
              " but this run reads " + (inputs.genotypes.dosages ? "dosages (--dosages)" : "hard calls") +
              ": its genotype features mean something slightly different here; " +
              (b.dosages ? "add --dosages if the VCF has DS" : "leave out --dosages to match the training"));
  if (inputs.pgx.assume_reference_at_missing != b.pgx_assume_reference_at_missing)
    log::warn("--model " + b.dir + " was trained " + (b.pgx_assume_reference_at_missing ? "with" : "without") +
              " --pgx-assume-reference-at-missing but this run is " + (inputs.pgx.assume_reference_at_missing ? "with" : "without") +
              " it: metabolizer features resting on unread positions mean something else here");
  BundleRun r;
  r.features = compute_features(with_bundle_definitions(inputs, b), bundle_feature_settings(b, cohort));
  const FeatureRun& run = r.features;
  GivenInputs given;
  given.expression = !inputs.sample_inputs.expression.empty();
  given.covariates = !inputs.sample_inputs.covariates.empty();
  given.other_definitions = !inputs.definitions.panel.empty() || !inputs.definitions.gene_sets.empty();
  r.columns = bundle_feature_columns(b, run.outcome.matrix, run.build, given);

  if (b.has_expression() && run.have_expression) {
    const std::string& expr = inputs.sample_inputs.expression;
    if (run.expression_scale != b.expression_scale) {
      if (!cohort)
        throw InputError("--model " + b.dir + " was trained on expression as " + b.expression_scale + " but --expression " + expr +
                         " gives " + run.expression_scale + " (--expression-units): give the units the model was trained on, or "
                         "pass --expression-standardize cohort to standardise each gene within this cohort");
      log::warn("--expression " + expr + " is " + run.expression_scale + ", the model was trained on " + b.expression_scale +
                "; --expression-standardize cohort standardises each gene within this cohort, which takes out a per-gene scale");
    }
    if (cohort) {
      for (const auto& [gene, ms] : b.expression_stats.mean_sd) {
        auto it = run.outcome.expression_levels.find(gene);
        const std::size_t n = it == run.outcome.expression_levels.end() ? 0 : it->second.n;
        if (n < kMinCohortForStandardize)
          throw InputError("--expression-standardize cohort: --expression " + expr + " has " + std::to_string(n) +
                           " sample(s) with a value for " + gene + ", at least " + std::to_string(kMinCohortForStandardize) +
                           " are needed: the mean and SD of fewer are too noisy (their standard error, about 1/sqrt(n) SD, "
                           "would move every person's z-score); use --expression-standardize bundle");
      }
    }
    r.expression_shift = check_expression_shift(b, run.outcome.expression_levels);
    if (const std::size_t k = r.expression_shift.flagged()) {
      std::string list;
      std::size_t shown = 0;
      for (const GeneShift& g : r.expression_shift.genes)
        if (g.flagged && shown++ < 10)
          list += std::string(list.empty() ? "" : ", ") + g.gene + " (shift " + (g.shift >= 0 ? "+" : "") + format_double(g.shift, 3) +
                  " SD, SD ratio " + format_double(g.sd_ratio, 3) + ")";
      if (k > shown) list += ", ...";
      std::string advice = cohort ? "each gene is standardised within this cohort (--expression-standardize cohort), which "
                                    "takes the shift out if the cohort is like the training cohort in everything but the batch"
                                  : "predictions may be wrong and miscalibrated for this cohort. If it was measured in another lab, "
                                    "kit or pipeline, rerun with --expression-standardize cohort (at least " +
                                        std::to_string(kMinCohortForStandardize) + " people; it assumes the cohort is like the "
                                        "training cohort in everything but the batch)";
      log::warn("expression of " + std::to_string(k) + " of " + std::to_string(r.expression_shift.genes.size()) +
                " gene(s) the model uses differs from its training data: " + list + "; " + advice +
                ". Listed in predictions.json (cohort_checks.expression_shift) and the report.");
    }
  }

  log::debug("features computed: " + std::to_string(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()) + " s");
  const FeatureMatrix& matrix = run.outcome.matrix;
  r.data = unlabelled_dataset(matrix, r.columns);
  r.data.feature_names = b.params.feature_names;
  const std::size_t n = r.data.n, nf = r.data.n_features();
  r.main_inputs = b.inputs;
  r.reduced_inputs = b.reduced ? b.reduced->inputs : b.inputs;
  // Who gets which network (see bundle_run.h).
  for (std::size_t j = 0; j < nf; ++j)
    if (is_gene_expression_feature(r.data.feature_names[j])) r.gene_expression_columns.push_back(j);
  const std::vector<std::size_t>& expr_cols = r.gene_expression_columns;
  r.reduced.assign(n, 0);
  if (b.reduced) {
    for (std::size_t s = 0; s < n; ++s) {
      std::size_t missing = 0;
      for (std::size_t j : expr_cols) missing += std::isnan(r.data.x[s * nf + j]);
      r.reduced[s] = !expr_cols.empty() && static_cast<double>(missing) > kReducedWhenExpressionMissingAbove * static_cast<double>(expr_cols.size());
    }
  }
  std::vector<std::size_t> rows[2];
  for (std::size_t s = 0; s < n; ++s) rows[r.reduced[s]].push_back(s);
  if (b.reduced)
    log::info("model inputs: " + std::to_string(rows[0].size()) + " people predicted from " + r.main_inputs + ", " +
              std::to_string(rows[1].size()) + " from " + r.reduced_inputs + " (no expression, or more than half of the model's "
              "expression genes missing)");
  // The two networks' inputs: the main one's columns, the reduced one's by name.
  auto subset = [](const models::Dataset& d, const std::vector<std::size_t>& keep) {
    models::Dataset out;
    out.feature_names = d.feature_names;
    out.n = keep.size();
    const std::size_t f = d.n_features();
    out.x.reserve(keep.size() * f);
    for (std::size_t s : keep) out.x.insert(out.x.end(), d.x.begin() + static_cast<std::ptrdiff_t>(s * f), d.x.begin() + static_cast<std::ptrdiff_t>((s + 1) * f));
    out.responder.assign(out.n, -1);
    out.metabolizer.assign(out.n, -1);
    return out;
  };
  models::PredictOptions po;
  po.contributions = o.contributions;
  po.threads = inputs.compute.threads;
  models::Predictions& p = r.predictions;
  p.p_responder.assign(n, 0);
  p.p_lo.assign(n, 0);
  p.p_hi.assign(n, 0);
  p.logit.assign(n, 0);
  p.p_class.assign(n * models::kMetabolizerClasses, 0);
  if (o.contributions && !rows[1].empty()) p.contributions.assign(n * nf, 0.0);  // else the main network's, moved in
  const bool any_ood = !b.params.ood.empty() || (b.reduced && !b.reduced->params.ood.empty());
  if (any_ood) p.ood_distance2.assign(n, NAN);
  r.logit_baseline.assign(n, 0);
  r.threshold.assign(n, b.params.threshold);
  r.ood_threshold.assign(n, NAN);
  for (int which = 0; which < 2; ++which) {
    const std::vector<std::size_t>& people = rows[which];
    if (people.empty()) continue;
    const models::ModelParams& params = which ? b.reduced->params : b.params;
    const std::vector<models::FoldWeights>& weights = which ? b.reduced->weights : b.weights;
    models::Dataset d;
    std::vector<std::size_t> to_main;  // the network's feature j -> column of `data`
    // Everyone on the main network (the usual case): its input is `data` itself
    // and its outputs are the run's (a biobank's copies cost half a second).
    const bool everyone_main = which == 0 && people.size() == n;
    if (which == 0) {
      if (!everyone_main) d = subset(r.data, people);
      for (std::size_t j = 0; j < nf; ++j) to_main.push_back(j);
    } else {
      std::vector<std::size_t> cols;
      for (const auto& name : params.feature_names) {
        const auto it = std::find(matrix.names.begin(), matrix.names.end(), name);
        if (it == matrix.names.end())
          throw ModelError("--model " + b.dir + ": its " + r.reduced_inputs + " network needs feature '" + name +
                           "', which the bundle's own definitions do not give (inconsistent bundle); restore it or retrain it");
        cols.push_back(static_cast<std::size_t>(it - matrix.names.begin()));
        const auto m = std::find(r.data.feature_names.begin(), r.data.feature_names.end(), name);
        to_main.push_back(m == r.data.feature_names.end() ? kAbsentColumn : static_cast<std::size_t>(m - r.data.feature_names.begin()));
      }
      d = subset(unlabelled_dataset(matrix, cols), people);
      d.feature_names = params.feature_names;
    }
    models::Predictions q;
    {
      ProgressStage predicting("predicting (" + std::to_string(weights.size()) + " fold models" +
                               (b.reduced ? ", " + std::string(which ? r.reduced_inputs : r.main_inputs) : std::string()) + ")");
      q = model_backend().predict(params, weights, everyone_main ? r.data : d, po);
    }
    if (everyone_main) {
      if (!std::isfinite(q.logit_baseline))
        throw ModelError("--model " + b.dir + ": the model's baseline logit is not finite; retrain it");
      p.p_responder = std::move(q.p_responder);
      p.p_lo = std::move(q.p_lo);
      p.p_hi = std::move(q.p_hi);
      p.logit = std::move(q.logit);
      p.p_class = std::move(q.p_class);
      if (o.contributions) p.contributions = std::move(q.contributions);
      if (!q.ood_distance2.empty()) p.ood_distance2 = std::move(q.ood_distance2);
      r.logit_baseline.assign(n, q.logit_baseline);
      r.threshold.assign(n, params.threshold);
      if (!params.ood.empty()) r.ood_threshold.assign(n, params.ood.threshold);
      continue;
    }
    const std::size_t qf = d.n_features();
    for (std::size_t i = 0; i < people.size(); ++i) {
      const std::size_t s = people[i];
      p.p_responder[s] = q.p_responder[i];
      p.p_lo[s] = q.p_lo[i];
      p.p_hi[s] = q.p_hi[i];
      p.logit[s] = q.logit[i];
      for (int c = 0; c < models::kMetabolizerClasses; ++c)
        p.p_class[s * models::kMetabolizerClasses + static_cast<std::size_t>(c)] = q.p_class[i * models::kMetabolizerClasses + static_cast<std::size_t>(c)];
      if (o.contributions)
        for (std::size_t j = 0; j < qf; ++j)
          if (to_main[j] != kAbsentColumn) p.contributions[s * nf + to_main[j]] = q.contributions[i * qf + j];
      if (!q.ood_distance2.empty()) p.ood_distance2[s] = q.ood_distance2[i];
      r.logit_baseline[s] = q.logit_baseline;
      r.threshold[s] = params.threshold;
      if (!params.ood.empty()) r.ood_threshold[s] = params.ood.threshold;
      if (!std::isfinite(q.logit_baseline))
        throw ModelError("--model " + b.dir + ": the model's baseline logit is not finite; retrain it");
    }
  }
  p.logit_baseline = rows[0].empty() ? (n ? r.logit_baseline[0] : 0.0) : r.logit_baseline[rows[0].front()];
  // Nothing non-finite or out of range may reach a writer (weights with NaN
  // or infinities pass a checksum that was computed over them).
  for (std::size_t s = 0; s < n; ++s) {
    bool ok = p.p_responder[s] >= 0 && p.p_responder[s] <= 1 && p.p_lo[s] >= 0 && p.p_hi[s] <= 1 && std::isfinite(p.logit[s]);
    for (int c = 0; c < models::kMetabolizerClasses; ++c) {
      const double v = p.p_class[s * models::kMetabolizerClasses + static_cast<std::size_t>(c)];
      ok = ok && v >= 0 && v <= 1;
    }
    if (!p.ood_distance2.empty() && !std::isnan(r.ood_threshold[s])) ok = ok && std::isfinite(p.ood_distance2[s]);
    for (std::size_t j = 0; j < p.contributions.size() / std::max<std::size_t>(1, n) && ok; ++j) ok = std::isfinite(p.contributions[s * nf + j]);
    if (!ok)
      throw ModelError("--model " + b.dir + ": the model gave a non-finite or out-of-range value for sample " + matrix.samples[s] +
                       "; the bundle is corrupt or does not fit these data, retrain it");
  }
  return r;
}

}  // namespace ketapgx

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
  r.data = unlabelled_dataset(run.outcome.matrix, r.columns);
  models::PredictOptions po;
  po.contributions = o.contributions;
  po.threads = inputs.compute.threads;
  {
    ProgressStage predicting("predicting (" + std::to_string(b.weights.size()) + " fold models)");
    r.predictions = model_backend().predict(b.params, b.weights, r.data, po);
  }
  // Nothing non-finite or out of range may reach a writer (weights with NaN
  // or infinities pass a checksum that was computed over them).
  const models::Predictions& p = r.predictions;
  const std::size_t nf = r.data.n_features();
  for (std::size_t s = 0; s < r.data.n; ++s) {
    bool ok = p.p_responder[s] >= 0 && p.p_responder[s] <= 1 && p.p_lo[s] >= 0 && p.p_hi[s] <= 1 && std::isfinite(p.logit[s]);
    for (int c = 0; c < models::kMetabolizerClasses; ++c) {
      const double v = p.p_class[s * models::kMetabolizerClasses + static_cast<std::size_t>(c)];
      ok = ok && v >= 0 && v <= 1;
    }
    if (!p.ood_distance2.empty()) ok = ok && std::isfinite(p.ood_distance2[s]);
    for (std::size_t j = 0; j < p.contributions.size() / std::max<std::size_t>(1, r.data.n) && ok; ++j) ok = std::isfinite(p.contributions[s * nf + j]);
    if (!ok)
      throw ModelError("--model " + b.dir + ": the model gave a non-finite or out-of-range value for sample " +
                       r.features.outcome.matrix.samples[s] + "; the bundle is corrupt or does not fit these data, retrain it");
  }
  if (!std::isfinite(p.logit_baseline)) throw ModelError("--model " + b.dir + ": the model's baseline logit is not finite; retrain it");
  return r;
}

}  // namespace ketapgx

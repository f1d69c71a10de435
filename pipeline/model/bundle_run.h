// The way a verified model bundle meets a cohort, shared by `score` and
// `evaluate`: the bundle's panel and gene sets (unless overridden) -> features
// standardised with the bundle's expression statistics or the cohort's own ->
// the bundle's feature columns by name -> predictions; with the cohort-level
// checks (expression scale, expression shift, cohort size for cohort
// standardisation) on the way.
#pragma once

#include <string>
#include <vector>

#include "features/features.h"
#include "ketapgx/models/model_api.h"
#include "model/bundle.h"
#include "model/cohort_checks.h"

namespace ketapgx {

enum class ExpressionStandardize { Bundle, Cohort };
ExpressionStandardize parse_expression_standardize(const std::string& s);  // bundle | cohort; throws UsageError
const char* expression_standardize_name(ExpressionStandardize s);

struct BundleRunOptions {
  ExpressionStandardize standardize = ExpressionStandardize::Bundle;
  bool contributions = false;  // per-feature contributions (score's top_features)
};

struct BundleRun {
  FeatureRun features;                 // every genotyped sample, every computed feature
  std::vector<std::size_t> columns;    // the bundle's features among them, in the bundle's order
  models::Dataset data;                // those columns, every genotyped sample (the model's input)
  models::Predictions predictions;     // per sample of `data`
  ExpressionShiftCheck expression_shift;
};

BundleRun run_bundle(const Bundle& bundle, const FeaturesOptions& inputs, const BundleRunOptions& options);

}  // namespace ketapgx

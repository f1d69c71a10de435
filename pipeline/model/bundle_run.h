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

// Which network predicts whom (a bundle trained with expression has a second
// network without it, Bundle::reduced): the one without expression for every
// person of a cohort scored without --expression, and for a person with no
// expression row or more than half of the main network's expression genes
// missing; the main network for everyone else (a missing gene then at its
// training mean, flagged expression_genes_missing).
constexpr double kReducedWhenExpressionMissingAbove = 0.5;

struct BundleRun {
  FeatureRun features;                 // every genotyped sample, every computed feature
  std::vector<std::size_t> columns;    // the bundle's features among them, in the bundle's order (kAbsentColumn: none)
  models::Dataset data;                // those columns, every genotyped sample (the main network's input)
  std::vector<std::size_t> gene_expression_columns;  // data's columns that are one gene's expression
  // Per sample of `data`, from the network that predicted the person (the
  // reduced one's contributions spread over `data`'s columns, 0 for expression).
  models::Predictions predictions;
  std::vector<std::uint8_t> reduced;   // per sample: 1 = predicted by the network without expression
  std::vector<double> logit_baseline;  // per sample: that network's training-average logit
  std::vector<double> threshold;       // per sample: that network's responder threshold
  std::vector<double> ood_threshold;   // per sample: its out-of-distribution threshold (NaN: no check)
  std::string main_inputs, reduced_inputs;  // model_inputs of the two networks
  const std::string& model_inputs(std::size_t s) const { return reduced[s] ? reduced_inputs : main_inputs; }
  ExpressionShiftCheck expression_shift;
};

BundleRun run_bundle(const Bundle& bundle, const FeaturesOptions& inputs, const BundleRunOptions& options);

}  // namespace ketapgx

// `ketapgx features`: the named feature matrix the model sees, as a TSV
// (PREFIX.features.tsv) with a JSON description (PREFIX.features.json: the
// columns, the build, the expression reference statistics used).
#pragma once

#include <cstddef>
#include <string>

#include "features/feature_builder.h"
#include "samples/sample_inputs.h"

namespace ketapgx {

struct FeaturesOptions {
  std::string vcf;                 // required
  std::string out;                 // required prefix
  std::string panel;               // "" = bundled panel of the build
  std::string build = "auto";
  std::string gene_sets;           // "" = configs/gene_sets.tsv
  std::string expression;
  std::string expression_layout = "auto";
  std::string expression_units = "auto";
  bool allow_missing_expression = false;
  std::string covariates;
  std::string samples;
  bool force_samples = false;
  bool no_metabolizer = false;     // leave out the star-allele calls
  int threads = 1;
  std::string backend = "auto";
  std::size_t block_mb = 64;

  void validate() const;  // throws UsageError
};

void run_features(const FeaturesOptions& options, const std::string& command_line);

// The feature computation behind `features`, for train/evaluate/score too.
struct FeatureRun {
  FeatureOutcome outcome;
  std::string build;             // genome build used
  std::string build_source;
  std::string panel_path;
  std::string gene_sets_path;
  std::string backend;           // feature engine used
  bool have_expression = false;
  std::string expression_scale;  // "log2(CPM+1)" or "log2(TPM+1)" when expression was given
  Panel panel;                   // the combined panel read (outcome.panel_matches/variant_stats follow it)
  SampleInputs inputs;           // expression and covariates as read
  std::vector<GeneSet> gene_sets;
};
// For a model bundle's use (`for_bundle`): expression standardised against the
// bundle's statistics (`reference`, when it has expression) and missing
// genotypes left NaN for the bundle to impute (FeatureInputs::cohort_imputation).
FeatureRun compute_features(const FeaturesOptions& options, const ExpressionStats* reference, bool for_bundle = false);

}  // namespace ketapgx

// `ketapgx features`: the named feature matrix the model sees, as a TSV
// (PREFIX.features.tsv) with a JSON description (PREFIX.features.json: the
// columns, the build, the expression reference statistics used).
#pragma once

#include <cstddef>
#include <string>

#include "features/feature_builder.h"
#include "features/pgs_features.h"
#include "inputs/input_options.h"
#include "samples/sample_inputs.h"

namespace ketapgx {

struct FeaturesOptions {
  GenotypeSource genotypes;        // --vcf (required), --samples, --force-samples, --build
  SampleInputOptions sample_inputs;  // --expression..., --covariates
  FeatureDefinitions definitions;  // --panel, --gene-sets
  ComputeOptions compute;          // --threads, --backend, --block-mb
  std::string out;                 // required prefix (features)
  bool no_metabolizer = false;     // leave out the star-allele calls
  StarAlleleSettings pgx;          // --pgx-assume-reference-at-missing, --pgx-combinations, --outside-calls
  PgsOptions pgs;                  // --pgs FILE...: published scores as features pgs:<id>

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
  PgsFeatureRun pgs;             // the --pgs scores added as features
};
// How a feature run is tied to a model bundle (all defaults: no bundle).
struct FeatureRunSettings {
  const ExpressionStats* reference = nullptr;  // z-scores against these; null: the cohort's own
  const std::set<std::string>* ignore_expression_genes = nullptr;  // treated as absent
  // Missing genotypes left NaN for the bundle to impute its training mean
  // (FeatureInputs::cohort_imputation false), so every person's features are
  // independent of who else is scored.
  bool impute_from_model = false;
  std::string required_build;   // "" or the build the bundle was trained on
  std::string bundle_dir;       // for the message when the build differs
  const PgsTrainingFrequencies* pgs_training = nullptr;  // the bundle's matched sets of its --pgs scores
};
FeatureRun compute_features(const FeaturesOptions& options, const FeatureRunSettings& settings = {});

}  // namespace ketapgx

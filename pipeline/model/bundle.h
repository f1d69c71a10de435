// Model bundles: a self-contained directory with manifest.json (everything
// besides the weights, with every file's SHA-256), the fold weights, copies of
// the panel and gene sets it was trained with, MODEL_CARD.md and
// calibration.svg. Loading reads each listed file once (plain names inside the
// bundle only, regular files of bounded size), verifies its checksum and keeps
// the verified bytes; the weights handed to the model are those bytes. Scoring
// uses the bundle's own panel and gene sets, so a bundle copied anywhere scores
// the same; the feature schema and build are checked against the data.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "features/features.h"
#include "ketapgx/models/model_api.h"

namespace ketapgx {

constexpr int kBundleFormatVersion = 2;

// The bundle's copies of the training panel and gene sets.
constexpr const char* kBundlePanelFile = "panel.tsv";
constexpr const char* kBundleGeneSetsFile = "gene_sets.tsv";
constexpr const char* kBundlePgsFrequenciesFile = "pgs_frequencies.tsv";
// The bundle's copy of the k-th (0-based) --pgs scoring file.
std::string bundle_pgs_file(std::size_t k);

// The input sets a bundle's networks are trained for, as model_inputs names them.
constexpr const char* kInputsFull = "genotypes+expression+covariates";
constexpr const char* kInputsNoExpression = "genotypes+covariates";

// A second network of a bundle trained with expression: the same outcomes,
// folds and settings on every feature but the expression ones, with its own
// cross-validation, calibration and out-of-distribution reference. Used for a
// cohort without expression and for a person whose expression is missing or
// mostly missing (see bundle_run.h).
struct ReducedModel {
  std::string inputs;                              // kInputsNoExpression
  models::ModelParams params;
  std::vector<models::FoldWeights> weights;
};

struct Bundle {
  std::string dir;
  nlohmann::ordered_json manifest;
  models::ModelParams params;
  std::vector<models::FoldWeights> weights;       // per fold, the verified bytes
  std::string model_id;
  std::string inputs;                             // what the main network reads (model_inputs): e.g. kInputsFull
  std::optional<ReducedModel> reduced;            // absent in bundles trained without expression (and older ones)
  bool simulated = false;
  std::string genome_build;
  std::string panel_path, gene_sets_path;         // the bundle's verified copies
  ExpressionStats expression_stats;               // per expression gene the model uses
  std::string expression_scale;                   // "log2(CPM+1)", "log2(TPM+1)" or "" (no expression)
  std::set<std::string> expression_genes_ignored; // gene-set genes without features (absent or constant in training)
  std::set<std::string> excluded_features;        // computed but left out of the model (no value, constant)
  bool dosages = false;                           // trained on FORMAT/DS dosages (--dosages)
  // Star-allele settings of the training features (absent in older bundles: the defaults).
  bool pgx_assume_reference_at_missing = false;   // --pgx-assume-reference-at-missing
  bool pgx_combinations = false;                  // --pgx-combinations
  // Published scores as features (train --pgs): the bundle's verified copies
  // of the scoring files, how they were matched, and each matched row's
  // training frequency (absent in bundles without them).
  std::vector<std::string> pgs_paths;
  PgsOptions pgs_settings;                        // files: the copies' paths
  PgsTrainingFrequencies pgs_frequencies;
  bool has_expression() const { return !expression_stats.mean_sd.empty(); }
};

// SHA-256, lower-case hex. sha256_file throws Error when unreadable.
std::string sha256_file(const std::string& path);
std::string sha256_bytes(const std::string& bytes);

// True for a name a bundle may list: letters, digits, '.', '_', '-', not
// starting with '.', at most 128 characters (so never a path).
bool is_plain_bundle_file_name(const std::string& name);

// Reads and verifies `dir`; throws ModelError saying what is wrong and what to do.
Bundle load_bundle(const std::string& dir);

// The inputs of a run with a bundle: --panel / --gene-sets default to the
// bundle's copies (the user's only override them; the schema check below
// refuses an override that changes the features).
FeaturesOptions with_bundle_definitions(FeaturesOptions options, const Bundle& bundle);

// Build check, expression genes to leave out, imputation by the model; and
// z-scores against the bundle's statistics unless `cohort_standardize`.
FeatureRunSettings bundle_feature_settings(const Bundle& bundle, bool cohort_standardize);

// The bundle's features taken by name from `matrix` (in the bundle's order).
// Throws ModelError when the data lack a feature the model uses, or have one
// the model neither uses nor left out, or `build` differs.
// Which inputs the user gave: decides whether a missing feature is theirs to
// fix (exit 3) or the bundle's inconsistency (exit 4).
struct GivenInputs {
  bool expression = false, covariates = false;
  bool other_definitions = false;  // --panel or --gene-sets instead of the bundle's own
};
std::vector<std::size_t> bundle_feature_columns(const Bundle& bundle, const FeatureMatrix& matrix, const std::string& build,
                                                const GivenInputs& given);

// The manifest's "params" block <-> ModelParams (range-checked when read:
// throws ModelError naming the field).
nlohmann::ordered_json params_to_json(const models::ModelParams& p);
models::ModelParams params_from_json(const nlohmann::json& j);

}  // namespace ketapgx

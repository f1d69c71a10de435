// Builds the feature matrix from one pass over the genotypes plus expression
// and covariates, every number through the feature engine:
//   dosage:<variant>      ALT dosage of each non-star-allele panel variant (missing: see cohort_imputation)
//   burden:<GENE>         sum of those dosages over the panel variants of each gene-set gene
//   burden_set:<SET>      sum over the set's genes
//   metabolizer:<GENE>    CPIC phenotype as an ordinal (PM 0, IM 1, NM 2, RM 3, UM 4; NA otherwise)
//   expr:<GENE>           z-score of log2(CPM + 1) (counts) or log2(TPM + 1) against reference statistics
//   expr_set:<SET>        mean of the set's gene z-scores
//   cov:age, cov:sex_male, cov:weight_kg, cov:baseline_madrs
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "features/feature_matrix.h"
#include "genotypes/genotype_reader.h"
#include "ketapgx/engine/engine.h"
#include "pgx/pgx_caller.h"
#include "qc/variant_qc.h"
#include "samples/covariates.h"
#include "samples/expression.h"
#include "samples/gene_table.h"
#include "samples/sample_alignment.h"

namespace ketapgx {

// Per-gene reference statistics of the log-scale expression (in-cohort when
// none are given; a model bundle carries its training cohort's).
struct ExpressionStats {
  std::map<std::string, std::pair<double, double>> mean_sd;  // gene -> (mean, sd)
};

// One gene's log-scale expression over every sample of the expression file.
struct GeneLevel {
  std::size_t n = 0;  // samples with a value
  double mean = 0, sd = 0;
};

struct FeatureInputs {
  GenotypeReader* reader = nullptr;      // on the combined panel (panel variants, then pgx->panel() at pgx_offset)
  const Panel* panel = nullptr;          // the combined panel
  PgxCaller* pgx = nullptr;              // star-allele caller (may be null: no metabolizer features)
  std::size_t pgx_offset = 0;
  const std::vector<GeneSet>* gene_sets = nullptr;
  const ExpressionMatrix* expression = nullptr;  // may be null
  const Covariates* covariates = nullptr;        // may be null
  // z-scores against these (a model bundle's), or null: against the cohort's
  // own statistics, taken over every sample of the expression file (so they do
  // not depend on which genotyped people are scored, and sharded runs agree).
  const ExpressionStats* reference = nullptr;
  // Gene-set genes treated as absent from the expression file (NaN, left out
  // of set means): a bundle's genes that were absent or constant in training.
  const std::set<std::string>* ignore_expression_genes = nullptr;
  // Missing genotypes in dosage and burden features: 2 x in-cohort allele
  // frequency (true: `features`, `train`), or NaN so that a model bundle imputes
  // its training mean (false: `score`, `evaluate`), which keeps every person's
  // features independent of who else is scored (sharded runs stay identical).
  bool cohort_imputation = true;
};

struct FeatureOutcome {
  FeatureMatrix matrix;
  ExpressionStats expression_stats;  // the statistics used (genes not ignored)
  std::map<std::string, GeneLevel> expression_levels;  // per gene-set gene in the file: the cohort's own level
  // Gene-set genes without expression features here, with the reason ("absent
  // from the expression file", "no value in the expression file", "constant in
  // the expression file", or "left out by the model").
  std::vector<std::pair<std::string, std::string>> expression_genes_ignored;
  PgxResults pgx;                    // the star-allele calls made on the way
  // QC of the same pass, for the QC tables of `score`:
  std::vector<PanelMatch> panel_matches;         // per variant of the combined panel
  std::vector<VariantCallStats> variant_stats;   // per variant of the combined panel
  std::vector<double> sample_call_rate;          // per genotype sample, over the rows read
};

FeatureOutcome build_features(FeatureEngine& engine, const FeatureInputs& in);

// The panel a feature run reads: `panel`'s variants that are not star-allele
// positions, then the caller's defining alleles (whose offset is returned).
Panel combined_panel(const Panel& panel, const PgxCaller* pgx, std::size_t* pgx_offset);

}  // namespace ketapgx

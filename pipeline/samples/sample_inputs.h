// Loads the per-sample inputs beside the genotypes, the same way for every
// command: covariates first (their IDs help orient the expression matrix),
// then expression restricted to the genes that will be used.
#pragma once

#include <future>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "samples/covariates.h"
#include "samples/expression.h"
#include "samples/gene_table.h"

namespace ketapgx {

struct SampleInputOptions {
  std::string expression;  // path or ""
  std::string expression_layout = "auto";
  std::string expression_units = "auto";
  bool allow_missing_expression = false;
  std::string covariates;  // path or ""

  void validate() const;   // layout and units parse; throws UsageError
};

struct SampleInputs {
  std::optional<Covariates> covariates;
  std::optional<ExpressionMatrix> expression;
};

// Starts reading --covariates (when given and threads >= 2) on a thread of
// its own, while the caller opens the VCF; load_sample_inputs takes the result
// (its error, if any, is thrown there, after the caller's own). An invalid
// future otherwise.
std::future<Covariates> read_covariates_ahead(const SampleInputOptions& options, int threads);

// `genotype_samples` orient the expression matrix; `keep_genes` are the genes
// kept from it; `threads` parse its values (the same inputs for any number).
// `covariates_ahead`: read_covariates_ahead's future, used when valid.
SampleInputs load_sample_inputs(const SampleInputOptions& options, const std::vector<std::string>& genotype_samples,
                                const GeneTable& genes, const std::vector<std::string>& keep_genes, int threads = 1,
                                std::future<Covariates>* covariates_ahead = nullptr);

}  // namespace ketapgx

// `ketapgx features`: the named feature matrix the model sees, as a TSV
// (PREFIX.features.tsv) with a JSON description (PREFIX.features.json: the
// columns, the build, the expression reference statistics used).
#pragma once

#include <cstddef>
#include <string>

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

}  // namespace ketapgx

// The named feature matrix the model sees: samples x features, NaN = missing.
#pragma once

#include <cmath>
#include <ostream>
#include <string>
#include <vector>

namespace ketapgx {

struct FeatureMatrix {
  std::vector<std::string> samples;
  std::vector<std::string> names;  // "<kind>:<name>", e.g. "expr:GRM2", "burden_set:NMDA"
  std::vector<double> values;      // samples.size() x names.size(), row-major

  FeatureMatrix() = default;
  FeatureMatrix(std::vector<std::string> sample_ids, std::vector<std::string> feature_names)
      : samples(std::move(sample_ids)), names(std::move(feature_names)), values(samples.size() * names.size(), NAN) {}

  double& at(std::size_t s, std::size_t f) { return values[s * names.size() + f]; }
  double at(std::size_t s, std::size_t f) const { return values[s * names.size() + f]; }
  // Index of the column called `name` (throws std::out_of_range when absent).
  std::size_t column(const std::string& name) const;
};

// Whether a feature is one gene's expression (expr:GRM2), not a gene set's.
inline bool is_gene_expression_feature(const std::string& name) { return name.rfind("expr:", 0) == 0; }

// Whether a feature comes from expression: a gene's (expr:GRM2) or a gene
// set's mean (expr_set:NMDA).
inline bool is_expression_feature(const std::string& name) {
  return is_gene_expression_feature(name) || name.rfind("expr_set:", 0) == 0;
}

// TSV: sample_id then one column per feature, rows sorted by sample ID, NA for missing.
void write_feature_tsv(std::ostream& out, const FeatureMatrix& m);

}  // namespace ketapgx

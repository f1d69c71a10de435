// One sample order for everything downstream: the genotype samples (after
// --samples), with each other input's rows mapped onto it, plus the union of
// all inputs for reporting who is missing where.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ketapgx {

struct SampleAlignment {
  std::vector<std::string> order;           // genotype samples, the order of every matrix downstream
  std::vector<std::int64_t> expression_row; // per sample of `order`: row in the expression matrix, -1 if absent
  std::vector<std::int64_t> covariate_row;  // ... in the covariates table, -1 if absent

  struct Presence {
    std::string sample_id;
    bool in_vcf, in_expression, in_covariates;
    std::int64_t vcf_row = -1;         // index in `order`, -1 if not in the VCF
    std::int64_t expression_row = -1;  // row in the expression matrix, -1 if absent
  };
  std::vector<Presence> all;                // union of all inputs, sorted by sample ID
};

// Each ID's row in `ids` for every ID of `order` (-1 where absent; the first
// of a repeated ID). An input listing the same IDs in the same order (the usual
// case) maps row for row without a lookup; returns whether it did. `ids` null:
// every row -1.
bool map_rows(const std::vector<std::string>& order, const std::vector<std::string>* ids, std::vector<std::int64_t>& row);

// `expression` / `covariates` are null when that input was not given.
SampleAlignment align_samples(const std::vector<std::string>& genotype_samples,
                              const std::vector<std::string>* expression_samples,
                              const std::vector<std::string>* covariate_samples);

}  // namespace ketapgx

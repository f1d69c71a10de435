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

// `expression` / `covariates` are null when that input was not given.
SampleAlignment align_samples(const std::vector<std::string>& genotype_samples,
                              const std::vector<std::string>* expression_samples,
                              const std::vector<std::string>* covariate_samples);

}  // namespace ketapgx

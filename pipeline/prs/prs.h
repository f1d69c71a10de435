// `ketapgx prs`: weighted allele-dosage scores with PLINK 2 --score semantics.
// Writes PREFIX.sscore (#IID ALLELE_CT NAMED_ALLELE_DOSAGE_SUM <NAME>_AVG...
// <NAME>_SUM...) in VCF sample order, as plink2 with cols=+scoresums.
#pragma once

#include <cstddef>
#include <string>

#include "inputs/input_options.h"

namespace ketapgx {

struct PrsOptions {
  GenotypeSource genotypes;  // --vcf (required), --samples, --force-samples, --dosages (plink2: dosage=DS)
  ComputeOptions compute;    // --threads, --backend, --block-mb
  std::string weights;    // required
  std::string out;        // required prefix
  std::string read_freq;  // PLINK 2 .afreq file: allele frequencies for imputation/centring instead of in-sample ones
  bool no_mean_imputation = false;
  bool center = false;
  bool variance_standardize = false;
  void validate() const;  // throws UsageError
};

void run_prs(const PrsOptions& options, const std::string& command_line);

}  // namespace ketapgx

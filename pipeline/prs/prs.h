// `ketapgx prs`: weighted allele-dosage scores with PLINK 2 --score semantics.
// Writes PREFIX.sscore (#IID ALLELE_CT NAMED_ALLELE_DOSAGE_SUM <NAME>_AVG...
// <NAME>_SUM...) in VCF sample order, as plink2 with cols=+scoresums.
#pragma once

#include <cstddef>
#include <string>

namespace ketapgx {

struct PrsOptions {
  std::string vcf;        // required; "-" for stdin
  std::string weights;    // required
  std::string out;        // required prefix
  std::string samples;    // --samples FILE
  bool force_samples = false;
  std::string read_freq;  // PLINK 2 .afreq file: allele frequencies for imputation/centring instead of in-sample ones
  bool no_mean_imputation = false;
  bool center = false;
  bool variance_standardize = false;
  bool dosages = false;   // use FORMAT/DS where present (plink2: --vcf ... dosage=DS)
  int threads = 1;
  std::string backend = "auto";
  std::size_t block_mb = 64;

  void validate() const;  // throws UsageError
};

void run_prs(const PrsOptions& options, const std::string& command_line);

}  // namespace ketapgx

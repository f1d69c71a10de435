// `ketapgx prs`: weighted allele-dosage scores with PLINK 2 --score semantics.
// Writes PREFIX.sscore (#IID ALLELE_CT NAMED_ALLELE_DOSAGE_SUM <NAME>_AVG...
// <NAME>_SUM...) in VCF sample order, as plink2 with cols=+scoresums.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "inputs/input_options.h"
#include "util/log.h"

namespace ketapgx {

struct PrsOptions {
  GenotypeSource genotypes;  // --vcf (required), --samples, --force-samples, --build, --dosages (plink2: dosage=DS)
  ComputeOptions compute;    // --threads, --backend, --block-mb
  PgsOptions pgs;            // --pgs and its options (instead of --weights)
  std::string weights;    // --weights (or --pgs)
  std::string weights_cols;        // --weights-cols ID,ALLELE,SCORE... (plink2's column numbers)
  bool weights_no_header = false;  // --weights-no-header
  std::string out;        // required prefix
  std::string read_freq;  // PLINK 2 .afreq file: allele frequencies for imputation/centring instead of in-sample ones
  bool no_mean_imputation = false;
  bool center = false;
  bool variance_standardize = false;
  void validate() const;  // throws UsageError
};

void run_prs(const PrsOptions& options, const std::string& command_line);

// `prs --pgs`: writes PREFIX.pgs.tsv (IID PGS SUM DENOM AVG ALLELE_CT, one row
// per person and passing score), PREFIX.pgs_match.tsv (every scoring-file
// row: how it matched or why not) and PREFIX.pgs_summary.tsv (per score).
// `started` and `capture` (the run's messages so far) make PREFIX.log.
void run_pgs(const PrsOptions& options, const std::string& command_line, const std::string& started, const log::Capture& capture);

}  // namespace ketapgx

// `ketapgx call`: star-allele diplotypes and metabolizer phenotypes for
// CYP2B6, CYP3A5 and CYP3A4 (any gene with tables in configs/pgx/), for every
// sample of a VCF/BCF. Writes PREFIX.pgx.tsv and PREFIX.pgx.json.
#pragma once

#include <string>
#include <vector>

#include "inputs/input_options.h"

namespace ketapgx {

struct CallOptions {
  GenotypeSource genotypes;            // --vcf (required), --samples, --force-samples, --build
  ComputeOptions compute;              // --threads, --block-mb (no feature engine)
  std::string out;                     // required output prefix
  std::vector<std::string> genes;      // empty: every gene of configs/pgx/genes.tsv
  std::string definitions;             // "" = <data>/configs/pgx
  bool unsafe_absent_as_reference = false;
  StarAlleleSettings pgx;              // --pgx-assume-reference-at-missing, --pgx-combinations, --outside-calls
  void validate() const;  // throws UsageError
};

void run_call(const CallOptions& options, const std::string& command_line);

}  // namespace ketapgx

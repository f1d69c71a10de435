// `ketapgx call`: star-allele diplotypes and metabolizer phenotypes for
// CYP2B6, CYP3A5 and CYP3A4 (any gene with tables in configs/pgx/), for every
// sample of a VCF/BCF. Writes PREFIX.pgx.tsv and PREFIX.pgx.json.
#pragma once

#include <string>
#include <vector>

namespace ketapgx {

struct CallOptions {
  std::string vcf;                     // required; "-" for stdin
  std::string out;                     // required output prefix
  std::vector<std::string> genes;      // empty: every gene of configs/pgx/genes.tsv
  std::string definitions;             // "" = <data>/configs/pgx
  std::string build = "auto";
  std::string samples;                 // --samples FILE
  bool force_samples = false;
  bool unsafe_absent_as_reference = false;
  int threads = 1;

  void validate() const;  // throws UsageError
};

void run_call(const CallOptions& options, const std::string& command_line);

}  // namespace ketapgx

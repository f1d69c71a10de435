// `ketapgx qc`: what the pipeline will see in a cohort's inputs, before any
// scoring. Writes PREFIX.qc.variants.tsv, PREFIX.qc.samples.tsv and PREFIX.qc.json.
#pragma once

#include <string>

namespace ketapgx {

struct QcOptions {
  std::string vcf;                    // required; "-" for stdin
  std::string panel;                  // "" = bundled panel of the build
  std::string build = "auto";         // auto | GRCh37 | GRCh38
  std::string expression;             // optional
  std::string expression_layout = "auto";
  std::string expression_units = "auto";
  bool allow_missing_expression = false;
  std::string covariates;             // optional
  std::string gene_sets;              // "" = configs/gene_sets.tsv
  std::string samples;                // --samples FILE, optional
  bool force_samples = false;
  bool all_variants = false;          // every record instead of the panel
  bool dosages = false;               // read FORMAT/DS
  std::string out;                    // required output prefix
  int threads = 1;
  std::string backend = "auto";
  std::size_t block_mb = 64;

  // Checks values that need no I/O; throws UsageError.
  void validate() const;
};

// Runs qc; throws on error (no output file is left behind then).
void run_qc(const QcOptions& options, const std::string& command_line);

}  // namespace ketapgx

// `ketapgx qc`: what the pipeline will see in a cohort's inputs, before any
// scoring. Writes PREFIX.qc.variants.tsv, PREFIX.qc.samples.tsv and PREFIX.qc.json.
#pragma once

#include <string>

#include "inputs/input_options.h"
#include "samples/sample_inputs.h"

namespace ketapgx {

struct QcOptions {
  GenotypeSource genotypes;           // --vcf (required), --samples, --force-samples, --build, --dosages
  SampleInputOptions sample_inputs;   // --expression..., --covariates (optional)
  FeatureDefinitions definitions;     // --panel ("" = bundled panel of the build), --gene-sets
  ComputeOptions compute;             // --threads, --backend, --block-mb
  bool all_variants = false;          // every record instead of the panel
  std::string out;                    // required output prefix

  // Checks values that need no I/O; throws UsageError.
  void validate() const;
};

// Runs qc; throws on error (no output file is left behind then).
void run_qc(const QcOptions& options, const std::string& command_line);

}  // namespace ketapgx

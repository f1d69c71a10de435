// The two QC tables of the SPEC (PREFIX.qc.variants.tsv, PREFIX.qc.samples.tsv),
// written by `qc` and, later, by `score`.
#pragma once

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "genotypes/genotype_reader.h"
#include "genotypes/panel.h"
#include "qc/variant_qc.h"
#include "samples/expression.h"
#include "samples/sample_alignment.h"

namespace ketapgx {

void write_variant_table_header(std::ostream& out);
void write_sample_table_header(std::ostream& out);

// The statistic columns of a variant row, as written (`merge` rewrites them from summed counts).
std::string call_rate_text(const VariantCallStats& stats);
std::string alt_freq_text(const VariantCallStats& stats);
std::string count_columns(const VariantCallStats& stats);  // n_samples, called_samples, called_alleles, alt_alleles

// One row of `qc --all-variants` (every record's ALT alleles, streamed).
void write_record_variant_row(std::ostream& out, const BlockRow& row, const VariantCallStats& stats);

// Every panel variant in panel order; returns the number of variants per status.
std::map<std::string, int> write_panel_variant_rows(std::ostream& out, const Panel& panel,
                                                    const std::vector<PanelMatch>& matches,
                                                    const std::vector<VariantCallStats>& stats);

struct SampleTableInputs {
  const SampleAlignment* alignment = nullptr;
  const std::vector<double>* call_rate = nullptr;   // indexed like alignment->order; NaN when nothing was read
  const ExpressionMatrix* expression = nullptr;     // null when no expression was given
  std::vector<std::string> genes_absent_from_file;  // expected genes the expression file lacks
  bool have_covariates = false;
};

// One row per sample of any input, sorted by ID; returns how many samples are
// missing from at least one of the inputs given.
std::int64_t write_sample_table(std::ostream& out, const SampleTableInputs& in);

}  // namespace ketapgx

// PREFIX.report.html: one self-contained page (inline CSS and SVG, no script,
// nothing fetched from the network) with the cohort summary, the distribution
// of p_responder, the metabolizer classes (and their cross-table with the
// CYP2B6 CPIC phenotype), QC, the cohort checks (expression shift, people out
// of the training distribution), a per-sample table with each person's top
// features, and the research-use notice.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "score/predictions.h"

namespace ketapgx {

struct ReportData {
  std::string notice;
  std::string dose_notice;
  std::string model_id;
  bool simulated_model = false;
  std::string genome_build;
  std::string route;
  std::vector<const PredictionRow*> rows;   // sorted by sample ID
  std::map<std::string, int> panel_status;  // panel variants per QC status
  std::size_t samples_not_in_every_input = 0;
  // predictions.json's cohort_checks (expression_standardize, expression_shift,
  // expression_shift_rule, expression_genes_checked, out_of_distribution_rule).
  nlohmann::ordered_json cohort_checks;
  // predictions.json's star_alleles (settings, outside-call file, not_assessed statements).
  nlohmann::ordered_json star_alleles;
  std::size_t table_limit = 2000;           // rows of the per-sample table (the TSV has them all)
};

void write_report_html(std::ostream& out, const ReportData& data);

}  // namespace ketapgx

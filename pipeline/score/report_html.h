// PREFIX.report.html: one self-contained page (inline CSS and SVG, no script,
// nothing fetched from the network) with the cohort summary, the distribution
// of p_responder, the metabolizer classes, QC, a per-sample table and the
// research-use notice.
#pragma once

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
  std::size_t table_limit = 2000;           // rows of the per-sample table (the TSV has them all)
};

void write_report_html(std::ostream& out, const ReportData& data);

}  // namespace ketapgx

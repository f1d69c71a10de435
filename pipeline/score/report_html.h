// PREFIX.report.html: one self-contained page (inline CSS, SVG and a small
// script; nothing fetched from the network; everything reads the same with
// scripts off) with the research-use notice (at the top and again at the end),
// how to read the numbers (threshold, interval, the model's cross-validated
// performance), the cohort summary, the distribution of p_responder, the
// metabolizer classes (and their cross-table with the CYP2B6 CPIC phenotype),
// star-allele call quality, the dose rules that fired with their evidence, QC,
// the cohort checks (expression shift, people out of the training
// distribution), a sortable and filterable per-sample table (each dose with its
// route, times and notes, each call with what it rests on) and a provenance
// block. Everything that names this run (command line, date, output file names)
// sits in the provenance section or in class="run-file" spans, so a merged
// report equals an unsharded one outside them.
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
  // predictions.json's opening: command_line, model (cross_validated_responder,
  // threshold, model_card), inputs, feature_definitions, dose_rules (rules with
  // their evidence), merged_from.
  nlohmann::ordered_json head;
  std::string prefix_name;                  // the output prefix's file name ("cohort" for results/cohort)
  std::string generated;                    // UTC time the report was written
  std::size_t table_limit = 2000;           // rows of the per-sample table (the TSV has them all)
};

void write_report_html(std::ostream& out, const ReportData& data);

}  // namespace ketapgx

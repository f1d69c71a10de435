// One person's result in `score`, and the predictions writers (TSV and JSON).
#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <cmath>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "dosing/dose_rules.h"

namespace ketapgx {

struct PredictionRow {
  std::string sample_id;
  double p_responder = 0, p_lo = 0, p_hi = 0;
  bool responder = false;
  std::string metabolizer_class;   // predicted (argmax of p_class)
  std::array<double, 5> p_class{};  // PM, IM, NM, RM, UM
  std::array<std::string, 3> diplotype, phenotype;  // CYP2B6, CYP3A5, CYP3A4 (star-allele calls)
  std::array<std::string, 3> call_quality;          // what each call rests on (DiplotypeCall::call_quality; JSON only)
  DoseSuggestion dose;
  std::vector<std::string> qc_flags;
  // Why this person: the features that moved the (ensemble mean, calibrated)
  // responder logit most from the training-average person, largest |value| first.
  std::vector<std::pair<std::string, double>> top_features;
  double logit = 0, logit_baseline = 0;
  double ood_distance2 = NAN;  // squared Mahalanobis distance from the training data (NaN: not checked)
  std::string model_inputs;    // which inputs the prediction used (genotypes+expression+covariates, genotypes+covariates)
};

// How many features top_features keeps.
constexpr std::size_t kTopFeatures = 3;

// Rounds every number in `r` to the digits predictions.tsv keeps, so the TSV,
// the JSON and the report all show one value, and `merge` (which reads the
// TSV back) draws the very report an unsharded run draws.
void round_as_written(PredictionRow& r);

// Sorted by sample ID, header line, the SPEC's columns then dose_observation_minutes, dose_notes,
// top_features ("expr:GRM2:+0.412;cov:age:-0.101;...", logit units, 3 decimals) and model_inputs.
// Lines are formatted on `threads` threads (the same bytes for any number).
// progress(done), when given, hears how many people are written so far.
void write_predictions_tsv(std::ostream& out, std::vector<const PredictionRow*> rows, int threads = 1,
                           const std::function<void(std::size_t)>& progress = {});
// `v` in nlohmann::json(v).dump()'s layout (its fixed/exponent rule, ".0" on
// integers, "null" when not finite) with the shortest digits that read back
// as `v` (nlohmann's Grisu2 is a digit longer on rare values), appended to `out`.
void append_json_number(std::string& out, double v);

// One JSON object per person, for the "samples" array of predictions.json
// (appended to `out`, or returned).
void append_prediction_json(std::string& out, const PredictionRow& r);
std::string prediction_json(const PredictionRow& r);

// predictions.json: the provenance object `head` with a "samples" array
// streamed one person per line (`append_person(i, text)` appends one compact
// JSON object, i < n; called on `threads` threads at once, see write_ordered).
void write_predictions_json(std::ostream& out, const nlohmann::ordered_json& head, std::size_t n,
                            const std::function<void(std::size_t, std::string&)>& append_person, int threads = 1,
                            const std::function<void(std::size_t)>& progress = {});

// A predictions.json read back (for `merge`): the provenance parsed, each
// person's line kept as text with its sample ID (parsing 100,000 people as
// JSON objects costs seconds and gigabytes for nothing). Throws InputError
// naming the file when it is not in write_predictions_json's layout.
struct PredictionsJson {
  nlohmann::ordered_json head;
  std::vector<std::pair<std::string, std::string>> people;  // (sample_id, the person's JSON object)
};
PredictionsJson read_predictions_json(const std::string& path);

// PREFIX.contributions.tsv (score --contributions): sample_id, logit,
// baseline_logit, then every model feature's contribution (10 significant
// digits); each row's contributions sum to logit - baseline_logit.
void write_contributions_header(std::ostream& out, const std::vector<std::string>& features);
void write_contributions_row(std::ostream& out, const std::string& sample, double logit, double baseline, const double* c,
                             std::size_t n);

// The top_features cell of a row and back.
std::string top_features_text(const std::vector<std::pair<std::string, double>>& top);
std::vector<std::pair<std::string, double>> parse_top_features(const std::string& text);

// A row of predictions.tsv read back (for `merge`'s report); `columns` is the
// header. Every number is checked (finite; probabilities in [0, 1]); throws
// InputError starting with `where` (the file and sample) naming the column.
PredictionRow parse_prediction_row(const std::vector<std::string>& columns, const std::vector<std::string>& fields,
                                   const std::string& where);

}  // namespace ketapgx

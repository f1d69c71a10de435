// Evaluation metrics for the two tasks, with bootstrap 95% intervals.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <vector>

namespace ketapgx {

double auroc(const std::vector<double>& p, const std::vector<int>& y);          // Mann-Whitney, ties count half
double auprc(const std::vector<double>& p, const std::vector<int>& y);          // average precision
double brier(const std::vector<double>& p, const std::vector<int>& y);
double expected_calibration_error(const std::vector<double>& p, const std::vector<int>& y, int bins = 10);
double balanced_accuracy(const std::vector<int>& truth, const std::vector<int>& predicted, int classes);
double macro_f1(const std::vector<int>& truth, const std::vector<int>& predicted, int classes);

// Bootstrap 95% intervals are given only with at least this many responders
// and non-responders (metabolizer metrics: twice as many labelled people);
// otherwise ci95 is [null, null] and interval_note says why.
constexpr std::size_t kMinPerClassForInterval = 10;

// Everything `evaluate` reports, as JSON. Samples with an unknown label (-1)
// are left out of the task they lack. `p_class` is n x 5.
nlohmann::ordered_json evaluation_metrics(const std::vector<double>& p_responder, const std::vector<std::int8_t>& responder,
                                          const std::vector<double>& p_class, const std::vector<std::int8_t>& metabolizer,
                                          double threshold, int bootstrap_replicates, std::uint64_t seed);

}  // namespace ketapgx

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

// Logistic recalibration of predictions `p` against outcomes `y` (the usual
// measures of a prediction model's calibration): calibration-in-the-large
// is the intercept a of logit P(y) = a + logit(p) (the slope fixed at 1: 0 when
// the mean predicted risk is right); the calibration intercept and slope are
// those of logit P(y) = a + b logit(p) (b < 1: predictions too extreme). NaN
// when they cannot be fitted (one class, or predictions all alike).
struct CalibrationFit {
  double in_the_large = NAN, intercept = NAN, slope = NAN;
};
CalibrationFit calibration_fit(const std::vector<double>& p, const std::vector<int>& y);

// Net benefit of acting on p >= t (decision-curve analysis, Vickers & Elkin
// 2006): TP/n - FP/n * t / (1 - t); treating everyone: prevalence -
// (1 - prevalence) * t / (1 - t); treating no one: 0.
double net_benefit(const std::vector<double>& p, const std::vector<int>& y, double t);
double net_benefit_treat_all(const std::vector<int>& y, double t);
// The thresholds reported: 0.20, 0.25, ..., 0.80.
std::vector<double> decision_thresholds();

// Responder metrics of a subgroup are reported only from this many people.
constexpr std::size_t kMinSubgroupSize = 100;

// Per subgroup (group[i] names person i's group; "" = in none): n, AUROC with
// its bootstrap interval, calibration-in-the-large, calibration slope and ECE;
// a group under kMinSubgroupSize people (or without both classes) gets only
// its n and why it was skipped. `dimension` names the grouping ("sex").
nlohmann::ordered_json subgroup_metrics(const std::string& dimension, const std::vector<std::string>& group,
                                        const std::vector<double>& p, const std::vector<std::int8_t>& responder,
                                        int bootstrap_replicates, std::uint64_t seed);

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

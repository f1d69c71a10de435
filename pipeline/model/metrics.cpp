#include "model/metrics.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <random>

namespace ketapgx {

double auroc(const std::vector<double>& p, const std::vector<int>& y) {
  std::vector<std::size_t> idx(p.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return p[a] < p[b]; });
  double rank_sum = 0, pos = 0;
  for (std::size_t i = 0; i < idx.size();) {
    std::size_t j = i;
    while (j < idx.size() && p[idx[j]] == p[idx[i]]) ++j;
    const double avg_rank = (static_cast<double>(i) + static_cast<double>(j) + 1) / 2;  // 1-based
    for (std::size_t k = i; k < j; ++k)
      if (y[idx[k]]) {
        rank_sum += avg_rank;
        ++pos;
      }
    i = j;
  }
  const double neg = static_cast<double>(p.size()) - pos;
  if (pos == 0 || neg == 0) return NAN;
  return (rank_sum - pos * (pos + 1) / 2) / (pos * neg);
}

double auprc(const std::vector<double>& p, const std::vector<int>& y) {
  std::vector<std::size_t> idx(p.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return p[a] > p[b]; });
  const double pos = static_cast<double>(std::count(y.begin(), y.end(), 1));
  if (pos == 0) return NAN;
  double tp = 0, ap = 0;
  for (std::size_t i = 0; i < idx.size();) {
    std::size_t j = i;
    double tp_here = 0;
    while (j < idx.size() && p[idx[j]] == p[idx[i]]) tp_here += y[idx[j++]];
    tp += tp_here;
    ap += tp_here / pos * (tp / static_cast<double>(j));  // recall step x precision at this threshold
    i = j;
  }
  return ap;
}

double brier(const std::vector<double>& p, const std::vector<int>& y) {
  double s = 0;
  for (std::size_t i = 0; i < p.size(); ++i) s += (p[i] - y[i]) * (p[i] - y[i]);
  return p.empty() ? NAN : s / static_cast<double>(p.size());
}

double expected_calibration_error(const std::vector<double>& p, const std::vector<int>& y, int bins) {
  std::vector<double> sum_p(bins, 0), sum_y(bins, 0), count(bins, 0);
  for (std::size_t i = 0; i < p.size(); ++i) {
    const int b = std::min(bins - 1, static_cast<int>(p[i] * bins));
    sum_p[b] += p[i];
    sum_y[b] += y[i];
    ++count[b];
  }
  double e = 0;
  for (int b = 0; b < bins; ++b)
    if (count[b] > 0) e += count[b] / static_cast<double>(p.size()) * std::fabs(sum_p[b] / count[b] - sum_y[b] / count[b]);
  return p.empty() ? NAN : e;
}

namespace {
std::vector<std::vector<double>> confusion(const std::vector<int>& t, const std::vector<int>& pr, int classes) {
  std::vector<std::vector<double>> c(classes, std::vector<double>(classes, 0));
  for (std::size_t i = 0; i < t.size(); ++i) c[t[i]][pr[i]] += 1;
  return c;
}
}  // namespace

double balanced_accuracy(const std::vector<int>& t, const std::vector<int>& pr, int classes) {
  const auto c = confusion(t, pr, classes);
  double sum = 0;
  int present = 0;
  for (int k = 0; k < classes; ++k) {
    const double row = std::accumulate(c[k].begin(), c[k].end(), 0.0);
    if (row == 0) continue;
    sum += c[k][k] / row;
    ++present;
  }
  return present ? sum / present : NAN;
}

double macro_f1(const std::vector<int>& t, const std::vector<int>& pr, int classes) {
  const auto c = confusion(t, pr, classes);
  double sum = 0;
  int present = 0;
  for (int k = 0; k < classes; ++k) {
    double row = 0, col = 0;
    for (int j = 0; j < classes; ++j) {
      row += c[k][j];
      col += c[j][k];
    }
    if (row == 0) continue;
    sum += row + col > 0 ? 2 * c[k][k] / (row + col) : 0;
    ++present;
  }
  return present ? sum / present : NAN;
}

namespace {

double clamp_p(double p) { return std::min(1 - 1e-9, std::max(1e-9, p)); }
double logit_of(double p) {
  p = clamp_p(p);
  return std::log(p / (1 - p));
}

}  // namespace

CalibrationFit calibration_fit(const std::vector<double>& p, const std::vector<int>& y) {
  CalibrationFit f;
  const std::size_t n = p.size();
  if (n == 0) return f;
  const auto pos = static_cast<std::size_t>(std::count(y.begin(), y.end(), 1));
  if (pos == 0 || pos == n) return f;
  std::vector<double> z(n);
  for (std::size_t i = 0; i < n; ++i) z[i] = logit_of(p[i]);
  // In the large: Newton on a alone, offset z.
  double a = 0;
  for (int it = 0; it < 100; ++it) {
    double g = 0, hess = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double q = 1 / (1 + std::exp(-(a + z[i])));
      g += y[i] - q;
      hess += q * (1 - q);
    }
    if (hess <= 0) return f;
    const double step = g / hess;
    a += step;
    if (std::fabs(step) < 1e-12) break;
  }
  f.in_the_large = a;
  // Intercept and slope: Newton on (a, b), started at (0, 1).
  double a2 = 0, b = 1;
  bool ok = false;
  for (int it = 0; it < 200; ++it) {
    double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double q = 1 / (1 + std::exp(-(a2 + b * z[i])));
      const double r = y[i] - q, w = q * (1 - q);
      ga += r;
      gb += r * z[i];
      haa += w;
      hab += w * z[i];
      hbb += w * z[i] * z[i];
    }
    const double det = haa * hbb - hab * hab;
    if (!(det > 1e-12 * (haa * hbb + 1e-300))) break;  // z all alike
    const double da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
    a2 += da;
    b += db;
    if (!std::isfinite(a2) || !std::isfinite(b)) break;
    if (std::fabs(da) < 1e-10 && std::fabs(db) < 1e-10) {
      ok = true;
      break;
    }
  }
  if (ok) {
    f.intercept = a2;
    f.slope = b;
  }
  return f;
}

double net_benefit(const std::vector<double>& p, const std::vector<int>& y, double t) {
  if (p.empty()) return NAN;
  double tp = 0, fp = 0;
  for (std::size_t i = 0; i < p.size(); ++i)
    if (p[i] >= t) (y[i] ? tp : fp) += 1;
  const double n = static_cast<double>(p.size());
  return tp / n - fp / n * t / (1 - t);
}

double net_benefit_treat_all(const std::vector<int>& y, double t) {
  if (y.empty()) return NAN;
  const double prev = static_cast<double>(std::count(y.begin(), y.end(), 1)) / static_cast<double>(y.size());
  return prev - (1 - prev) * t / (1 - t);
}

std::vector<double> decision_thresholds() {
  std::vector<double> t;
  for (int k = 0; k <= 12; ++k) t.push_back((20 + 5 * k) / 100.0);  // the nearest double to each decimal (0.2 + 0.05k is not)
  return t;
}

nlohmann::ordered_json evaluation_metrics(const std::vector<double>& p_resp, const std::vector<std::int8_t>& responder,
                                          const std::vector<double>& p_class, const std::vector<std::int8_t>& metab,
                                          double threshold, int replicates, std::uint64_t seed) {
  nlohmann::ordered_json out;
  // Responder.
  std::vector<double> p;
  std::vector<int> y;
  for (std::size_t i = 0; i < responder.size(); ++i)
    if (responder[i] >= 0) {
      p.push_back(p_resp[i]);
      y.push_back(responder[i]);
    }
  // Metabolizer.
  std::vector<int> t, pr;
  for (std::size_t i = 0; i < metab.size(); ++i) {
    if (metab[i] < 0) continue;
    const double* row = p_class.data() + i * 5;
    t.push_back(metab[i]);
    pr.push_back(static_cast<int>(std::max_element(row, row + 5) - row));
  }
  std::mt19937_64 rng(seed);
  auto interval = [&](std::size_t n, auto&& stat) {
    std::vector<double> v;
    std::vector<std::size_t> pick(n);
    for (int r = 0; r < replicates && n > 0; ++r) {
      for (auto& k : pick) k = rng() % n;
      const double s = stat(pick);
      if (!std::isnan(s)) v.push_back(s);
    }
    if (v.size() < 10) return nlohmann::ordered_json::array({nullptr, nullptr});
    std::sort(v.begin(), v.end());
    return nlohmann::ordered_json::array({v[static_cast<std::size_t>(0.025 * (v.size() - 1))], v[static_cast<std::size_t>(0.975 * (v.size() - 1))]});
  };
  auto resample = [&](const std::vector<std::size_t>& pick, std::vector<double>& pp, std::vector<int>& yy) {
    pp.clear();
    yy.clear();
    for (std::size_t k : pick) {
      pp.push_back(p[k]);
      yy.push_back(y[k]);
    }
  };
  if (!y.empty()) {
    nlohmann::ordered_json r;
    r["n"] = y.size();
    r["prevalence"] = std::accumulate(y.begin(), y.end(), 0.0) / static_cast<double>(y.size());
    r["mean_predicted"] = std::accumulate(p.begin(), p.end(), 0.0) / static_cast<double>(p.size());
    std::vector<double> pp;
    std::vector<int> yy;
    // A bootstrap interval from a handful of people of one class says
    // nothing (2 people: 'AUROC 1.0 (95% CI 1.0-1.0)'): none below
    // kMinPerClassForInterval responders or non-responders.
    const auto n_pos = static_cast<std::size_t>(std::count(y.begin(), y.end(), 1));
    const bool intervals = std::min(n_pos, y.size() - n_pos) >= kMinPerClassForInterval;
    if (!intervals)
      r["interval_note"] = "no 95% intervals: fewer than " + std::to_string(kMinPerClassForInterval) + " responders or non-responders (" +
                           std::to_string(n_pos) + " and " + std::to_string(y.size() - n_pos) + ")";
    auto with = [&](double (*f)(const std::vector<double>&, const std::vector<int>&)) {
      if (!intervals) return nlohmann::ordered_json::array({nullptr, nullptr});
      return interval(y.size(), [&](const std::vector<std::size_t>& pick) { resample(pick, pp, yy); return f(pp, yy); });
    };
    auto ece10 = [](const std::vector<double>& a, const std::vector<int>& b) { return expected_calibration_error(a, b, 10); };
    r["auroc"] = {{"value", auroc(p, y)}, {"ci95", with(auroc)}};
    r["auprc"] = {{"value", auprc(p, y)}, {"ci95", with(auprc)}};
    r["brier"] = {{"value", brier(p, y)}, {"ci95", with(brier)}};
    r["ece"] = {{"value", expected_calibration_error(p, y, 10)}, {"ci95", with(ece10)}};
    // Calibration as a prediction-model report gives it (TRIPOD+AI item 23).
    const CalibrationFit cf = calibration_fit(p, y);
    auto fit_stat = [&](double CalibrationFit::*field) {
      if (!intervals) return nlohmann::ordered_json::array({nullptr, nullptr});
      return interval(y.size(), [&](const std::vector<std::size_t>& pick) { resample(pick, pp, yy); return calibration_fit(pp, yy).*field; });
    };
    auto value = [](double v) { return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr); };
    r["calibration_in_the_large"] = {{"value", value(cf.in_the_large)}, {"ci95", fit_stat(&CalibrationFit::in_the_large)}};
    r["calibration_intercept"] = {{"value", value(cf.intercept)}, {"ci95", fit_stat(&CalibrationFit::intercept)}};
    r["calibration_slope"] = {{"value", value(cf.slope)}, {"ci95", fit_stat(&CalibrationFit::slope)}};
    nlohmann::ordered_json nb = nlohmann::ordered_json::array();
    for (double t : decision_thresholds())
      nb.push_back({{"threshold", t}, {"model", net_benefit(p, y, t)}, {"treat_all", net_benefit_treat_all(y, t)}, {"treat_none", 0.0}});
    r["net_benefit"] = nb;
    double tp = 0, fp = 0, tn = 0, fn = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
      const bool yes = p[i] >= threshold;
      if (yes && y[i]) ++tp;
      else if (yes) ++fp;
      else if (y[i]) ++fn;
      else ++tn;
    }
    auto ratio = [](double a, double b) { return b > 0 ? nlohmann::ordered_json(a / b) : nlohmann::ordered_json(nullptr); };
    r["threshold"] = threshold;
    r["sensitivity"] = ratio(tp, tp + fn);
    r["specificity"] = ratio(tn, tn + fp);
    r["ppv"] = ratio(tp, tp + fp);
    r["npv"] = ratio(tn, tn + fn);
    nlohmann::ordered_json curve = nlohmann::ordered_json::array();
    for (int b = 0; b < 10; ++b) {
      double sp = 0, sy = 0, c = 0;
      for (std::size_t i = 0; i < p.size(); ++i)
        if (std::min(9, static_cast<int>(p[i] * 10)) == b) {
          sp += p[i];
          sy += y[i];
          ++c;
        }
      if (c > 0) curve.push_back({{"bin", b}, {"mean_predicted", sp / c}, {"observed", sy / c}, {"n", c}});
    }
    r["calibration_curve"] = curve;
    out["responder"] = r;
  }
  if (!t.empty()) {
    nlohmann::ordered_json m;
    m["n"] = t.size();
    const bool intervals = t.size() >= 2 * kMinPerClassForInterval;
    if (!intervals)
      m["interval_note"] = "no 95% intervals: fewer than " + std::to_string(2 * kMinPerClassForInterval) + " people with a known class";
    auto pick_stat = [&](double (*f)(const std::vector<int>&, const std::vector<int>&, int)) {
      if (!intervals) return nlohmann::ordered_json::array({nullptr, nullptr});
      return interval(t.size(), [&](const std::vector<std::size_t>& pick) {
        std::vector<int> tt, pp;
        for (std::size_t k : pick) {
          tt.push_back(t[k]);
          pp.push_back(pr[k]);
        }
        return f(tt, pp, 5);
      });
    };
    m["balanced_accuracy"] = {{"value", balanced_accuracy(t, pr, 5)}, {"ci95", pick_stat(balanced_accuracy)}};
    m["macro_f1"] = {{"value", macro_f1(t, pr, 5)}, {"ci95", pick_stat(macro_f1)}};
    static const char* names[] = {"PM", "IM", "NM", "RM", "UM"};
    std::vector<std::vector<int>> c(5, std::vector<int>(5, 0));
    for (std::size_t i = 0; i < t.size(); ++i) ++c[t[i]][pr[i]];
    nlohmann::ordered_json recall = nlohmann::ordered_json::object(), conf = nlohmann::ordered_json::object();
    for (int k = 0; k < 5; ++k) {
      const int row = std::accumulate(c[k].begin(), c[k].end(), 0);
      recall[names[k]] = row ? nlohmann::ordered_json(static_cast<double>(c[k][k]) / row) : nlohmann::ordered_json(nullptr);
      nlohmann::ordered_json r = nlohmann::ordered_json::object();
      for (int j = 0; j < 5; ++j) r[names[j]] = c[k][j];
      conf[names[k]] = r;
    }
    m["per_class_recall"] = recall;
    m["confusion_matrix"] = conf;  // rows: true class, columns: predicted
    out["metabolizer"] = m;
  }
  return out;
}

nlohmann::ordered_json subgroup_metrics(const std::string& dimension, const std::vector<std::string>& group,
                                        const std::vector<double>& p, const std::vector<std::int8_t>& responder,
                                        int replicates, std::uint64_t seed) {
  std::map<std::string, std::pair<std::vector<double>, std::vector<int>>> by;
  for (std::size_t i = 0; i < p.size(); ++i)
    if (!group[i].empty() && responder[i] >= 0) {
      by[group[i]].first.push_back(p[i]);
      by[group[i]].second.push_back(responder[i]);
    }
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& [name, py] : by) {
    const auto& [gp, gy] = py;
    nlohmann::ordered_json g = {{"dimension", dimension}, {"group", name}, {"n", gp.size()}};
    const auto pos = static_cast<std::size_t>(std::count(gy.begin(), gy.end(), 1));
    if (gp.size() < kMinSubgroupSize || pos == 0 || pos == gp.size()) {
      g["skipped"] = gp.size() < kMinSubgroupSize ? "fewer than " + std::to_string(kMinSubgroupSize) + " people"
                                                  : std::string("one outcome class only");
      out.push_back(g);
      continue;
    }
    std::mt19937_64 rng(seed);
    std::vector<double> v;
    std::vector<double> bp;
    std::vector<int> by_;
    for (int r = 0; r < replicates; ++r) {
      bp.clear();
      by_.clear();
      for (std::size_t k = 0; k < gp.size(); ++k) {
        const std::size_t j = rng() % gp.size();
        bp.push_back(gp[j]);
        by_.push_back(gy[j]);
      }
      const double a = auroc(bp, by_);
      if (!std::isnan(a)) v.push_back(a);
    }
    std::sort(v.begin(), v.end());
    const CalibrationFit cf = calibration_fit(gp, gy);
    auto value = [](double x) { return std::isfinite(x) ? nlohmann::ordered_json(x) : nlohmann::ordered_json(nullptr); };
    g["prevalence"] = static_cast<double>(pos) / static_cast<double>(gp.size());
    g["auroc"] = {{"value", value(auroc(gp, gy))},
                  {"ci95", v.size() < 10 ? nlohmann::ordered_json::array({nullptr, nullptr})
                                         : nlohmann::ordered_json::array({v[static_cast<std::size_t>(0.025 * (v.size() - 1))],
                                                                          v[static_cast<std::size_t>(0.975 * (v.size() - 1))]})}};
    g["calibration_in_the_large"] = value(cf.in_the_large);
    g["calibration_slope"] = value(cf.slope);
    g["ece"] = value(expected_calibration_error(gp, gy, 10));
    out.push_back(g);
  }
  return out;
}

}  // namespace ketapgx

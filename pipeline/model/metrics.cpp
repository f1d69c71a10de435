#include "model/metrics.h"

#include <algorithm>
#include <cmath>
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

}  // namespace ketapgx

// The prediction-model report's numbers (issue 22): calibration-in-the-large,
// intercept and slope against cases whose answer is known; net benefit
// against a hand-computed example; subgroups under the minimum skipped.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "model/metrics.h"

namespace ketapgx {
namespace {

TEST(CalibrationFit, KnownAnswers) {
  // Outcomes drawn from the predictions themselves: in the large 0, slope 1.
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(0, 1);
  std::normal_distribution<double> z(0, 1.2);
  std::vector<double> p, p_extreme, p_shifted;
  std::vector<int> y;
  for (int i = 0; i < 40000; ++i) {
    const double logit = z(rng);
    const double q = 1 / (1 + std::exp(-logit));
    p.push_back(q);
    p_extreme.push_back(1 / (1 + std::exp(-2 * logit)));      // logits twice too large: slope 0.5
    p_shifted.push_back(1 / (1 + std::exp(-(logit + 0.4))));  // 0.4 too high on the logit scale: in the large -0.4
    y.push_back(u(rng) < q);
  }
  const CalibrationFit a = calibration_fit(p, y), b = calibration_fit(p_extreme, y), c = calibration_fit(p_shifted, y);
  EXPECT_NEAR(a.in_the_large, 0.0, 0.05);
  EXPECT_NEAR(a.slope, 1.0, 0.05);
  EXPECT_NEAR(a.intercept, 0.0, 0.05);
  EXPECT_NEAR(b.slope, 0.5, 0.03);
  EXPECT_NEAR(c.in_the_large, -0.4, 0.05);
  EXPECT_NEAR(c.slope, 1.0, 0.05);
  // One class, or predictions all alike: nothing to fit.
  EXPECT_TRUE(std::isnan(calibration_fit({0.2, 0.3}, {1, 1}).slope));
  EXPECT_TRUE(std::isnan(calibration_fit({0.4, 0.4, 0.4}, {0, 1, 0}).slope));
  EXPECT_FALSE(std::isnan(calibration_fit({0.4, 0.4, 0.4}, {0, 1, 0}).in_the_large));
}

TEST(NetBenefit, HandComputedExample) {
  // 10 people: 4 responders. p >= 0.3: people 0-5 (TP: 0, 1, 2; FP: 3, 4, 5).
  const std::vector<double> p = {0.9, 0.8, 0.7, 0.6, 0.5, 0.3, 0.2, 0.2, 0.1, 0.1};
  const std::vector<int> y = {1, 1, 1, 0, 0, 0, 1, 0, 0, 0};
  // NB(0.3) = 3/10 - 3/10 * 0.3/0.7 = 0.3 - 0.128571... = 0.171428...
  EXPECT_NEAR(net_benefit(p, y, 0.3), 0.3 - 0.3 * 0.3 / 0.7, 1e-12);
  // Treat all at 0.3: 0.4 - 0.6 * 0.3/0.7.
  EXPECT_NEAR(net_benefit_treat_all(y, 0.3), 0.4 - 0.6 * 0.3 / 0.7, 1e-12);
  // p >= 0.75: TP 2, FP 0 -> 0.2.
  EXPECT_NEAR(net_benefit(p, y, 0.75), 0.2, 1e-12);
  const auto t = decision_thresholds();
  ASSERT_EQ(t.size(), 13u);
  EXPECT_NEAR(t.front(), 0.20, 1e-12);
  EXPECT_NEAR(t.back(), 0.80, 1e-12);
  // In the report: one row per threshold, treat none 0.
  std::vector<std::int8_t> yy(y.begin(), y.end());
  const auto m = evaluation_metrics(p, yy, std::vector<double>(50, 0.2), std::vector<std::int8_t>(10, -1), 0.5, 50, 1);
  const auto& nb = m.at("responder").at("net_benefit");
  ASSERT_EQ(nb.size(), 13u);
  EXPECT_NEAR(nb[2].at("threshold").get<double>(), 0.30, 1e-12);
  EXPECT_NEAR(nb[2].at("model").get<double>(), 0.3 - 0.3 * 0.3 / 0.7, 1e-12);
  EXPECT_EQ(nb[2].at("treat_none").get<double>(), 0.0);
}

TEST(SubgroupMetrics, GroupsUnderTheMinimumAreSkipped) {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<double> p;
  std::vector<std::int8_t> y;
  std::vector<std::string> g;
  for (int i = 0; i < 260; ++i) {
    p.push_back(u(rng));
    y.push_back(u(rng) < p.back());
    g.push_back(i < 150 ? "big" : i < 250 ? "exactly 100" : "small");
  }
  g[0] = "";  // in no group
  const auto out = subgroup_metrics("test", g, p, y, 100, 1);
  ASSERT_EQ(out.size(), 3u);
  std::map<std::string, nlohmann::ordered_json> by;
  for (const auto& e : out) by[e.at("group").get<std::string>()] = e;
  EXPECT_EQ(by.at("big").at("n").get<std::size_t>(), 149u);
  EXPECT_FALSE(by.at("big").contains("skipped"));
  EXPECT_TRUE(by.at("big").at("auroc").at("value").is_number());
  EXPECT_EQ(by.at("exactly 100").at("n").get<std::size_t>(), 100u);
  EXPECT_FALSE(by.at("exactly 100").contains("skipped"));
  EXPECT_EQ(by.at("small").at("n").get<std::size_t>(), 10u);
  EXPECT_EQ(by.at("small").at("skipped").get<std::string>(), "fewer than 100 people");
  EXPECT_FALSE(by.at("small").contains("auroc"));
}

}  // namespace
}  // namespace ketapgx

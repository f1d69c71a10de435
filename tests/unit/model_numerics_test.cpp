// The model layer's plain numerics: exact integrated gradients (completeness
// and agreement with a fine Riemann sum), the out-of-distribution reference
// (Mahalanobis distance, Ledoit-Wolf shrinkage, threshold) and calibration
// (Platt recovers an intercept that temperature scaling cannot).
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "ketapgx/models/attribution.h"
#include "ketapgx/models/calibration.h"
#include "ketapgx/models/ood.h"

namespace ketapgx::models {
namespace {

ReluNet random_net(std::size_t in, std::size_t h, std::mt19937_64& rng) {
  std::normal_distribution<double> n(0, 0.6);
  ReluNet net;
  net.inputs = in;
  net.hidden = h;
  for (std::size_t i = 0; i < h * in; ++i) net.w1.push_back(n(rng));
  for (std::size_t i = 0; i < h; ++i) net.b1.push_back(n(rng));
  for (std::size_t i = 0; i < h * h; ++i) net.w2.push_back(n(rng));
  for (std::size_t i = 0; i < h; ++i) net.b2.push_back(n(rng));
  for (std::size_t i = 0; i < h; ++i) net.w3.push_back(n(rng));
  net.b3 = n(rng);
  for (std::size_t i = 0; i < in; ++i) net.wl.push_back(n(rng));
  return net;
}

// dz/dx at x, by back-propagating through the active units.
std::vector<double> gradient(const ReluNet& net, const std::vector<double>& x) {
  const std::size_t in = net.inputs, h = net.hidden;
  std::vector<double> a1(h), h1(h), g1(h, 0.0), g(in);
  for (std::size_t i = 0; i < h; ++i) {
    double s = net.b1[i];
    for (std::size_t j = 0; j < in; ++j) s += net.w1[i * in + j] * x[j];
    a1[i] = s;
    h1[i] = s > 0 ? s : 0;
  }
  for (std::size_t i = 0; i < h; ++i) {
    double s = net.b2[i];
    for (std::size_t k = 0; k < h; ++k) s += net.w2[i * h + k] * h1[k];
    if (s <= 0) continue;
    for (std::size_t k = 0; k < h; ++k)
      if (a1[k] > 0) g1[k] += net.w3[i] * net.w2[i * h + k];
  }
  for (std::size_t j = 0; j < in; ++j) {
    g[j] = net.wl[j];
    for (std::size_t i = 0; i < h; ++i) g[j] += net.w1[i * in + j] * g1[i];
  }
  return g;
}

TEST(IntegratedGradients, ContributionsAddUpToTheLogitDifference) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> n(0, 1.5);
  for (auto [in, h] : {std::pair<std::size_t, std::size_t>{1, 1}, {3, 2}, {10, 8}, {72, 32}, {40, 64}}) {
    const ReluNet net = random_net(in, h, rng);
    const std::vector<double> zero(in, 0.0);
    for (int rep = 0; rep < 50; ++rep) {
      std::vector<double> x(in);
      for (auto& v : x) v = n(rng);
      std::vector<double> ig(in, 0.0);
      add_integrated_gradients(net, x.data(), 1.0, ig.data());
      double sum = 0;
      for (double v : ig) sum += v;
      const double diff = relu_net_logit(net, x.data()) - relu_net_logit(net, zero.data());
      EXPECT_NEAR(sum, diff, 1e-9 * (1 + std::fabs(diff))) << in << "x" << h << " rep " << rep;
    }
  }
}

TEST(IntegratedGradients, EqualsAFineRiemannSum) {
  std::mt19937_64 rng(11);
  std::normal_distribution<double> n(0, 1.5);
  const ReluNet net = random_net(12, 16, rng);
  for (int rep = 0; rep < 5; ++rep) {
    std::vector<double> x(12);
    for (auto& v : x) v = n(rng);
    std::vector<double> exact(12, 0.0), riemann(12, 0.0);
    add_integrated_gradients(net, x.data(), 1.0, exact.data());
    const int steps = 20000;
    std::vector<double> xt(12);
    for (int s = 0; s < steps; ++s) {
      const double t = (s + 0.5) / steps;
      for (std::size_t j = 0; j < 12; ++j) xt[j] = t * x[j];
      const auto g = gradient(net, xt);
      for (std::size_t j = 0; j < 12; ++j) riemann[j] += x[j] * g[j] / steps;
    }
    for (std::size_t j = 0; j < 12; ++j) EXPECT_NEAR(exact[j], riemann[j], 2e-3) << "feature " << j;
  }
}

TEST(IntegratedGradients, LinearPathAndUnusedFeatures) {
  std::mt19937_64 rng(3);
  ReluNet net = random_net(5, 4, rng);
  // Feature 2 reaches nothing: its contribution is exactly 0.
  for (std::size_t i = 0; i < 4; ++i) net.w1[i * 5 + 2] = 0;
  net.wl[2] = 0;
  std::vector<double> x = {0.3, -1.2, 5.0, 0.7, 2.0};
  std::vector<double> ig(5, 0.0);
  add_integrated_gradients(net, x.data(), 2.0, ig.data());
  EXPECT_EQ(ig[2], 0.0);
  // With the hidden path switched off only the skip path remains: w_j x_j, scaled.
  std::fill(net.w3.begin(), net.w3.end(), 0.0);
  std::fill(ig.begin(), ig.end(), 0.0);
  add_integrated_gradients(net, x.data(), 2.0, ig.data());
  for (std::size_t j = 0; j < 5; ++j) EXPECT_NEAR(ig[j], 2.0 * net.wl[j] * x[j], 1e-12);
}

TEST(OodReference, InvertsAndMeasuresMahalanobisDistance) {
  std::vector<double> a = {4, 2, 0.6, 2, 2, 0.4, 0.6, 0.4, 1};
  const std::vector<double> orig = a;
  ASSERT_TRUE(invert_spd(a, 3));
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) {
      double s = 0;
      for (int k = 0; k < 3; ++k) s += orig[i * 3 + k] * a[k * 3 + j];
      EXPECT_NEAR(s, i == j ? 1.0 : 0.0, 1e-12);
    }
  std::vector<double> not_pd = {1, 2, 2, 1};
  EXPECT_FALSE(invert_spd(not_pd, 2));
}

TEST(OodReference, ThresholdAndFarPeople) {
  // Two correlated Gaussian features, a copy of the first (exactly collinear), and a constant.
  std::mt19937_64 rng(5);
  std::normal_distribution<double> n(0, 1);
  const std::size_t rows = 20000, f = 4;
  std::vector<float> x;
  std::vector<int> folds;
  for (std::size_t i = 0; i < rows; ++i) {
    const double a = n(rng), b = 0.8 * a + 0.6 * n(rng);
    x.insert(x.end(), {static_cast<float>(10 + 2 * a), static_cast<float>(b), static_cast<float>(10 + 2 * a), 3.0f});
    folds.push_back(static_cast<int>(i % 5));
  }
  x[7 * f + 1] = NAN;  // a missing value counts as the mean
  const OodReference ref = fit_ood_reference(x, rows, f, 0.999, &folds);
  EXPECT_NEAR(ref.mean[0], 10, 0.05);
  EXPECT_EQ(ref.sd[3], 1.0);  // constant: never moves the distance
  EXPECT_GT(ref.shrinkage, 0);
  EXPECT_LT(ref.shrinkage, 0.05);
  // Two informative dimensions (the copy adds none): chi-square(2) 99.9% = 13.8.
  EXPECT_NEAR(ref.threshold, 13.8, 2.5);
  std::vector<double> z(f);
  const float typical[] = {10, 0, 10, 3}, unusual_pair[] = {14, -1.6f, 14, 3}, far[] = {30, 0, 30, 3};
  ood_standardize(ref, typical, f, z.data());
  EXPECT_LT(ood_distance2(ref, z.data()), 1);
  // Each value only 2 SD out, but against the correlation: far in Mahalanobis terms.
  ood_standardize(ref, unusual_pair, f, z.data());
  EXPECT_GT(ood_distance2(ref, z.data()), ref.threshold);
  ood_standardize(ref, far, f, z.data());
  EXPECT_GT(ood_distance2(ref, z.data()), ref.threshold);
  // About 0.1% of new people from the same distribution exceed the threshold.
  std::size_t over = 0;
  for (std::size_t i = 0; i < rows; ++i) {
    const double a = n(rng), b = 0.8 * a + 0.6 * n(rng);
    const float row[] = {static_cast<float>(10 + 2 * a), static_cast<float>(b), static_cast<float>(10 + 2 * a), 3.0f};
    ood_standardize(ref, row, f, z.data());
    over += ood_distance2(ref, z.data()) > ref.threshold;
  }
  EXPECT_LT(over, rows * 0.004);
}

TEST(Calibration, PlattRecoversAnInterceptTemperatureCannot) {
  // True probabilities sigmoid(0.7 z - 0.8): every logit sits too high by 0.8
  // (what a class weight does), and too steep.
  std::mt19937_64 rng(9);
  std::normal_distribution<double> n(0, 1.5);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<double> z;
  std::vector<std::int8_t> y;
  for (int i = 0; i < 20000; ++i) {
    z.push_back(n(rng));
    y.push_back(u(rng) < 1 / (1 + std::exp(-(0.7 * z.back() - 0.8))));
  }
  y[3] = -1;  // unknown labels are left out
  const Calibration p = fit_platt(z, y);
  EXPECT_EQ(p.method, "platt");
  EXPECT_NEAR(p.slope, 0.7, 0.05);
  EXPECT_NEAR(p.intercept, -0.8, 0.05);
  const Calibration t = fit_temperature(z, y);
  EXPECT_EQ(t.intercept, 0.0);
  double mean_p = 0, mean_t = 0, rate = 0;
  std::size_t k = 0;
  for (std::size_t i = 0; i < z.size(); ++i) {
    if (y[i] < 0) continue;
    mean_p += 1 / (1 + std::exp(-calibrated_logit(p, z[i])));
    mean_t += 1 / (1 + std::exp(-calibrated_logit(t, z[i])));
    rate += y[i];
    ++k;
  }
  EXPECT_NEAR(mean_p / k, rate / k, 0.005);   // calibrated in the large
  EXPECT_GT(std::fabs(mean_t / k - rate / k), 0.05);  // temperature alone leaves the shift
}

}  // namespace
}  // namespace ketapgx::models

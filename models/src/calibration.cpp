#include "ketapgx/models/calibration.h"

#include <cmath>

namespace ketapgx::models {
namespace {

// log(1 + exp(v)) without overflow.
double softplus(double v) { return v > 0 ? v + std::log1p(std::exp(-v)) : std::log1p(std::exp(v)); }

double nll(const std::vector<double>& z, const std::vector<std::int8_t>& y, double a, double b) {
  double s = 0;
  for (std::size_t i = 0; i < z.size(); ++i) {
    if (y[i] < 0) continue;
    const double v = a * z[i] + b;
    s += y[i] ? softplus(-v) : softplus(v);
  }
  return s;
}

}  // namespace

Calibration fit_platt(const std::vector<double>& z, const std::vector<std::int8_t>& y) {
  // Newton's method on (a, b) with step halving; the log loss is convex.
  double a = 1, b = 0;
  double f = nll(z, y, a, b);
  for (int it = 0; it < 100; ++it) {
    double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
    for (std::size_t i = 0; i < z.size(); ++i) {
      if (y[i] < 0) continue;
      const double p = 1 / (1 + std::exp(-(a * z[i] + b)));
      const double r = p - y[i], w = p * (1 - p);
      ga += r * z[i];
      gb += r;
      haa += w * z[i] * z[i];
      hab += w * z[i];
      hbb += w;
    }
    haa += 1e-9;  // keeps the system solvable when every logit is the same
    hbb += 1e-9;
    const double det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    double da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
    double step = 1;
    double fn = nll(z, y, a - da, b - db);
    while (fn > f && step > 1e-6) {
      step /= 2;
      fn = nll(z, y, a - step * da, b - step * db);
    }
    if (fn > f) break;
    a -= step * da;
    b -= step * db;
    const bool done = f - fn < 1e-12 * (1 + std::fabs(f));
    f = fn;
    if (done) break;
  }
  Calibration c;
  c.method = "platt";
  c.slope = a;
  c.intercept = b;
  return c;
}

Calibration fit_temperature(const std::vector<double>& z, const std::vector<std::int8_t>& y) {
  // Golden-section search on log T over [0.05, 20].
  auto loss = [&](double log_t) { return nll(z, y, std::exp(-log_t), 0.0); };
  double lo = std::log(0.05), hi = std::log(20.0);
  const double g = (std::sqrt(5.0) - 1) / 2;
  for (int it = 0; it < 80; ++it) {
    const double c = hi - g * (hi - lo), d = lo + g * (hi - lo);
    if (loss(c) < loss(d)) hi = d;
    else lo = c;
  }
  Calibration c;
  c.method = "temperature";
  c.slope = std::exp(-(lo + hi) / 2);
  c.intercept = 0;
  return c;
}

}  // namespace ketapgx::models

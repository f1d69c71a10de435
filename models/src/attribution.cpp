#include "ketapgx/models/attribution.h"

#include <algorithm>

namespace ketapgx::models {

double relu_net_logit(const ReluNet& net, const double* x) {
  const std::size_t in = net.inputs, h = net.hidden;
  std::vector<double> h1(h);
  for (std::size_t i = 0; i < h; ++i) {
    double s = net.b1[i];
    for (std::size_t j = 0; j < in; ++j) s += net.w1[i * in + j] * x[j];
    h1[i] = s > 0 ? s : 0;
  }
  double z = net.b3;
  for (std::size_t i = 0; i < h; ++i) {
    double s = net.b2[i];
    for (std::size_t k = 0; k < h; ++k) s += net.w2[i * h + k] * h1[k];
    if (s > 0) z += net.w3[i] * s;
  }
  for (std::size_t j = 0; j < in; ++j) z += net.wl[j] * x[j];
  return z;
}

// Walks t from 0 to 1 piece by piece. On a piece where the first layer's
// active set is m1 and the second's m2, dz/dx = W1^T diag(m1) W2^T diag(m2) w3 + wl.
// Let r = W2^T diag(m2) w3; then the integral of the gradient is
// W1^T v + wl with v = sum over pieces of length * diag(m1) r. The active sets
// change one unit at a time, so alpha, beta (the second layer's pre-activation
// a2(t) = t alpha + beta on a first-layer piece) and r are updated by one
// column or row per switch instead of being recomputed.
void add_integrated_gradients(const ReluNet& net, const double* x, double scale, double* out) {
  const std::size_t in = net.inputs, h = net.hidden;
  std::vector<double> u(h);
  for (std::size_t i = 0; i < h; ++i) {
    double s = 0;
    for (std::size_t j = 0; j < in; ++j) s += net.w1[i * in + j] * x[j];
    u[i] = s;
  }
  std::vector<double> cuts{0.0, 1.0};
  for (std::size_t i = 0; i < h; ++i)
    if (u[i] != 0) {
      const double t = -net.b1[i] / u[i];
      if (t > 0 && t < 1) cuts.push_back(t);
    }
  std::sort(cuts.begin(), cuts.end());

  std::vector<double> alpha(h, 0.0), beta(net.b2), r(h, 0.0), v(h, 0.0), sub;
  std::vector<char> m1(h, 0), m2(h, 0);
  for (std::size_t c = 0; c + 1 < cuts.size(); ++c) {
    const double s = cuts[c], e = cuts[c + 1];
    if (!(e > s)) continue;
    const double mid = (s + e) / 2;
    for (std::size_t k = 0; k < h; ++k) {
      const char on = mid * u[k] + net.b1[k] > 0;
      if (on == m1[k]) continue;
      m1[k] = on;
      const double su = on ? u[k] : -u[k], sb = on ? net.b1[k] : -net.b1[k];
      for (std::size_t i = 0; i < h; ++i) {
        alpha[i] += net.w2[i * h + k] * su;
        beta[i] += net.w2[i * h + k] * sb;
      }
    }
    sub.assign({s, e});
    for (std::size_t i = 0; i < h; ++i)
      if (alpha[i] != 0) {
        const double t = -beta[i] / alpha[i];
        if (t > s && t < e) sub.push_back(t);
      }
    std::sort(sub.begin(), sub.end());
    for (std::size_t k = 0; k + 1 < sub.size(); ++k) {
      const double ss = sub[k], ee = sub[k + 1];
      if (!(ee > ss)) continue;
      const double mm = (ss + ee) / 2;
      for (std::size_t i = 0; i < h; ++i) {
        const char on = mm * alpha[i] + beta[i] > 0;
        if (on == m2[i]) continue;
        m2[i] = on;
        const double g = on ? net.w3[i] : -net.w3[i];
        for (std::size_t kk = 0; kk < h; ++kk) r[kk] += net.w2[i * h + kk] * g;
      }
      const double len = ee - ss;
      for (std::size_t kk = 0; kk < h; ++kk)
        if (m1[kk]) v[kk] += len * r[kk];
    }
  }
  for (std::size_t j = 0; j < in; ++j) {
    double g = net.wl[j];
    for (std::size_t i = 0; i < h; ++i) g += net.w1[i * in + j] * v[i];
    out[j] += scale * x[j] * g;
  }
}

}  // namespace ketapgx::models

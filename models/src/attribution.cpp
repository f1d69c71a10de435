#include "ketapgx/models/attribution.h"

#include <algorithm>
#include <cstdint>

namespace ketapgx::models {

void prepare_relu_net(ReluNet& net) {
  const std::size_t h = net.hidden;
  net.w2t.resize(h * h);
  for (std::size_t i = 0; i < h; ++i)
    for (std::size_t k = 0; k < h; ++k) net.w2t[k * h + i] = net.w2[i * h + k];
  net.w1t.resize(net.inputs * h);
  for (std::size_t i = 0; i < h; ++i)
    for (std::size_t j = 0; j < net.inputs; ++j) net.w1t[j * h + i] = net.w1[i * net.inputs + j];
}

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
// W1^T v + wl with v = sum over pieces of length * diag(m1) r.
// - A first-layer unit k switches once at most, at t = -b1_k / u_k, on when
//   u_k > 0; between those cuts its state is fixed, and the second layer's
//   pre-activation is linear: a2(t) = t alpha + beta, with alpha and beta
//   updated by one column of W2 per switch.
// - On a first-layer piece [s, e] each second-layer unit switches once at most
//   (where a2 crosses 0); r changes by d_c = +-w3_i W2[i, :] there, so the
//   integral of r over the piece is r(s) (e - s) + sum_c d_c (e - t_c): one
//   update per switch, in any order.
//
// Built twice, for AVX2 and for any x86-64, the copy chosen at load time: the
// loops over the hidden units are element-wise (no reductions reordered, and
// AVX2 alone has no fused multiply-add to contract into), so both copies give
// bit-identical numbers; AVX2 halves the time (the largest share of a
// 500,000-person score).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("avx2", "default")))
#endif
void add_integrated_gradients(const ReluNet& net, const double* x, double scale, double* out, IgWorkspace& ws) {
  const std::size_t in = net.inputs, h = net.hidden;
  const double* w2t = net.w2t.data();
  if (net.w2t.size() != h * h) {  // W2's columns, contiguous
    ws.w2t.resize(h * h);
    for (std::size_t i = 0; i < h; ++i)
      for (std::size_t k = 0; k < h; ++k) ws.w2t[k * h + i] = net.w2[i * h + k];
    w2t = ws.w2t.data();
  }
  // Raw pointers into the workspace: the compiler then keeps them in registers.
  ws.u.assign(h, 0.0);
  ws.alpha.assign(h, 0.0);
  ws.beta.assign(net.b2.begin(), net.b2.end());
  ws.r.assign(h, 0.0);
  ws.v.assign(h, 0.0);
  ws.sub.assign(h, 0.0);
  ws.m1.assign(h, 0);
  ws.m2.assign(h, 0);
  double* __restrict u = ws.u.data();
  double* __restrict alpha = ws.alpha.data();
  double* __restrict beta = ws.beta.data();
  double* __restrict r = ws.r.data();
  double* __restrict v = ws.v.data();
  double* __restrict seg = ws.sub.data();
  char* __restrict m1 = ws.m1.data();
  char* __restrict m2 = ws.m2.data();
  ws.start_on.assign(h, 0);
  ws.change.assign(h, 0);
  char* __restrict start_on = ws.start_on.data();
  char* __restrict change = ws.change.data();
  const double* w1 = net.w1.data();
  const double* w2 = net.w2.data();
  const double* b1 = net.b1.data();
  const double* w3 = net.w3.data();
  // u = W1 x: each unit's sum adds its inputs in order, as a dot product
  // would, but the units run side by side (over W1's columns), so the adds
  // fill the vector lanes instead of waiting on one another.
  const double* w1t = net.w1t.data();
  if (net.w1t.size() != in * h) {
    ws.w1t.resize(in * h);
    for (std::size_t i = 0; i < h; ++i)
      for (std::size_t j = 0; j < in; ++j) ws.w1t[j * h + i] = net.w1[i * in + j];
    w1t = ws.w1t.data();
  }
  for (std::size_t j = 0; j < in; ++j) {
    const double* col = w1t + j * h;
    const double xj = x[j];
    for (std::size_t i = 0; i < h; ++i) u[i] += col[i] * xj;
  }
  auto flip1 = [&](std::size_t k, char on) {  // m1[k] := on; alpha and beta follow
    m1[k] = on;
    const double su = on ? u[k] : -u[k], sb = on ? b1[k] : -b1[k];
    const double* col = w2t + k * h;
    for (std::size_t i = 0; i < h; ++i) {
      alpha[i] += col[i] * su;
      beta[i] += col[i] * sb;
    }
  };
  auto flip2 = [&](std::size_t i, char on, double weight) {  // m2[i] := on; r and its integral follow
    m2[i] = on;
    const double g = on ? w3[i] : -w3[i];
    if (g == 0) return;
    const double* row = w2 + i * h;
    const double gw = g * weight;
    for (std::size_t k = 0; k < h; ++k) {
      r[k] += row[k] * g;
      seg[k] += row[k] * gw;
    }
  };
  // First-layer cuts inside (0, 1), with the unit that switches there.
  std::vector<std::pair<double, std::size_t>>& cuts = ws.crossings;
  cuts.clear();
  for (std::size_t k = 0; k < h; ++k) {
    if (b1[k] > 0 || (b1[k] == 0 && u[k] > 0)) flip1(k, 1);  // the state just after t = 0
    if (u[k] != 0) {
      const double t = -b1[k] / u[k];
      if (t > 0 && t < 1) cuts.emplace_back(t, k);
    }
  }
  std::sort(cuts.begin(), cuts.end());
  double s = 0;
  for (std::size_t c = 0; c <= cuts.size(); ++c) {
    const double e = c < cuts.size() ? cuts[c].first : 1.0;
    const double len = e - s;
    if (len > 0) {
      for (std::size_t k = 0; k < h; ++k) seg[k] = r[k] * len;
      // Branch-free pass (vectorisable): each unit's state just after s and
      // whether it switches inside the piece; then the few switches.
      for (std::size_t i = 0; i < h; ++i) {
        const double as = s * alpha[i] + beta[i], ae = e * alpha[i] + beta[i];
        const char on = (as > 0) | ((as == 0) & (alpha[i] > 0));
        start_on[i] = on;
        change[i] = static_cast<char>((on != m2[i]) | ((on != (ae > 0)) & (alpha[i] != 0)) << 1);
      }
      // The few units that change, in order, found eight flags at a time
      // (a test and branch per unit cost more than the flips).
      for (std::size_t i0 = 0; i0 < h; i0 += 8) {
        const std::size_t nb = std::min<std::size_t>(8, h - i0);
        std::uint64_t word = 0;
        for (std::size_t b = 0; b < nb; ++b) word |= static_cast<std::uint64_t>(static_cast<unsigned char>(change[i0 + b])) << (8 * b);
        while (word) {
          const auto b = static_cast<std::size_t>(__builtin_ctzll(word) / 8);
          word &= ~(std::uint64_t{0xff} << (8 * b));
          const std::size_t i = i0 + b;
          if (change[i] & 1) flip2(i, start_on[i], len);
          if (change[i] & 2) {  // switches inside the piece
            const double t = std::min(e, std::max(s, -beta[i] / alpha[i]));
            flip2(i, !start_on[i], e - t);
          }
        }
      }
      for (std::size_t k = 0; k < h; ++k) v[k] += m1[k] ? seg[k] : 0.0;
    }
    if (c < cuts.size()) {
      const std::size_t k = cuts[c].second;
      const char on = u[k] > 0;  // a1 rising through 0 switches the unit on
      if (on != m1[k]) flip1(k, on);
      s = e;
    }
  }
  for (std::size_t j = 0; j < in; ++j) out[j] += scale * x[j] * net.wl[j];
  for (std::size_t i = 0; i < h; ++i) {
    if (v[i] == 0) continue;
    const double* w = w1 + i * in;
    const double vi = scale * v[i];
    for (std::size_t j = 0; j < in; ++j) out[j] += vi * w[j] * x[j];
  }
}

void add_integrated_gradients(const ReluNet& net, const double* x, double scale, double* out) {
  IgWorkspace ws;
  add_integrated_gradients(net, x, scale, out, ws);
}

}  // namespace ketapgx::models

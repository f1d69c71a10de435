// Why this person: exact integrated gradients of the responder logit.
//
// The responder logit of one fold model is a piecewise-linear function of the
// standardised inputs x (two ReLU layers plus a linear skip path):
//   z(x) = w3 . relu(W2 relu(W1 x + b1) + b2) + b3 + wl . x
// Integrated gradients from the baseline 0 (every feature at the fold's
// training mean: the training-average person) along the straight line to x
// gives each feature x_j * integral of dz/dx_j. Along that line the gradient is
// constant between the points where a ReLU switches, so the integral is a
// finite sum over those pieces: exact, not a Riemann approximation, and the
// contributions add up to z(x) - z(0) (completeness) to rounding error.
// Plain C++: used by the LibTorch backend on weights copied out of the fold
// models, and tested without it.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace ketapgx::models {

struct ReluNet {
  std::size_t inputs = 0, hidden = 0;
  std::vector<double> w1, b1;  // hidden x inputs, hidden
  std::vector<double> w2, b2;  // hidden x hidden, hidden
  std::vector<double> w3;      // hidden (responder head)
  double b3 = 0;
  std::vector<double> wl;      // inputs (linear skip path)
  std::vector<double> w2t;     // W2 transposed (fill with prepare_relu_net; computed per call when empty)
  std::vector<double> w1t;     // W1 transposed, inputs x hidden (likewise)
};

// Fills net.w2t and net.w1t (faster calls).
void prepare_relu_net(ReluNet& net);

// Scratch space of add_integrated_gradients, reused across calls (one per thread).
struct IgWorkspace {
  std::vector<double> u, alpha, beta, r, v, cuts, sub, w2t, w1t;
  std::vector<char> m1, m2, start_on, change;
  std::vector<std::pair<double, std::size_t>> crossings;
};

// z(x).
double relu_net_logit(const ReluNet& net, const double* x);

// Adds scale * (exact integrated gradient of z from 0 to x) to out[0..inputs).
void add_integrated_gradients(const ReluNet& net, const double* x, double scale, double* out, IgWorkspace& ws);
void add_integrated_gradients(const ReluNet& net, const double* x, double scale, double* out);

}  // namespace ketapgx::models

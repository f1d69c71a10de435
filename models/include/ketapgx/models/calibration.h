// Calibration of the responder logits on out-of-fold predictions.
//   Platt scaling: p = sigmoid(a * z + b), a and b by maximum likelihood
//     (Newton's method). The intercept b matters whenever the training loss
//     moved every logit (a class weight does) or the folds' logits are biased.
//   Temperature scaling: p = sigmoid(z / T) (b = 0), for comparison.
// Plain C++: used by the LibTorch backend and tested without it.
#pragma once

#include <cstdint>
#include <vector>

#include "ketapgx/models/model_api.h"

namespace ketapgx::models {

// Samples with y < 0 are left out.
Calibration fit_platt(const std::vector<double>& logits, const std::vector<std::int8_t>& y);
Calibration fit_temperature(const std::vector<double>& logits, const std::vector<std::int8_t>& y);

inline double calibrated_logit(const Calibration& c, double z) { return c.slope * z + c.intercept; }

}  // namespace ketapgx::models

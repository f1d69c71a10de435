// Per-element expression formulas shared by the CPU and CUDA backends.
#pragma once

#include <cmath>

#include "ketapgx/core/hd.h"

namespace ketapgx {

// log2(x / library * 1e6 + 1) (counts) or log2(x + 1) (TPM); NaN stays NaN,
// and a count with no library (0) gives NaN.
KETAPGX_HD double expression_log_value(double x, double library, bool cpm) {
  if (x != x) return x;
  if (cpm) {
    if (!(library > 0)) return NAN;
    x = x / library * 1e6;
  }
  return log2(x + 1.0);
}

KETAPGX_HD double standardize_value(double x, double mean, double sd) {
  if (x != x) return x;
  return sd > 0 ? (x - mean) / sd : 0.0;
}

}  // namespace ketapgx

#include "ketapgx/models/ood.h"

#include <algorithm>
#include <cmath>

namespace ketapgx::models {

bool invert_spd(std::vector<double>& a, std::size_t f) {
  // Cholesky a = L L^T (L in the lower triangle), then a^-1 = L^-T L^-1.
  std::vector<double> l(f * f, 0.0);
  for (std::size_t i = 0; i < f; ++i) {
    for (std::size_t j = 0; j <= i; ++j) {
      double s = a[i * f + j];
      for (std::size_t k = 0; k < j; ++k) s -= l[i * f + k] * l[j * f + k];
      if (i == j) {
        if (!(s > 0)) return false;
        l[i * f + i] = std::sqrt(s);
      } else {
        l[i * f + j] = s / l[j * f + j];
      }
    }
  }
  // L^-1 (lower triangular), column by column.
  std::vector<double> li(f * f, 0.0);
  for (std::size_t c = 0; c < f; ++c) {
    li[c * f + c] = 1.0 / l[c * f + c];
    for (std::size_t i = c + 1; i < f; ++i) {
      double s = 0;
      for (std::size_t k = c; k < i; ++k) s += l[i * f + k] * li[k * f + c];
      li[i * f + c] = -s / l[i * f + i];
    }
  }
  for (std::size_t i = 0; i < f; ++i)
    for (std::size_t j = 0; j <= i; ++j) {
      double s = 0;
      for (std::size_t k = i; k < f; ++k) s += li[k * f + i] * li[k * f + j];
      a[i * f + j] = a[j * f + i] = s;
    }
  return true;
}

void ood_standardize(const OodReference& ref, const float* row, std::size_t f, double* z) {
  for (std::size_t j = 0; j < f; ++j) z[j] = std::isnan(row[j]) ? 0.0 : (row[j] - ref.mean[j]) / ref.sd[j];
}

double ood_distance2(const OodReference& ref, const double* z) {
  const std::size_t f = ref.mean.size();
  double d = 0;
  for (std::size_t i = 0; i < f; ++i) {
    double s = 0;
    for (std::size_t j = 0; j < f; ++j) s += ref.precision[i * f + j] * z[j];
    d += z[i] * s;
  }
  return d;
}

namespace {

// The reference (mean, sd, precision) of rows `rows` of x; threshold left 0.
OodReference fit_reference(const std::vector<float>& x, const std::vector<std::size_t>& rows, std::size_t f) {
  const std::size_t n = rows.size();
  OodReference ref;
  ref.mean.assign(f, 0.0);
  ref.sd.assign(f, 1.0);
  for (std::size_t j = 0; j < f; ++j) {
    double sum = 0, sq = 0;
    std::size_t k = 0;
    for (std::size_t i : rows)
      if (const float v = x[i * f + j]; !std::isnan(v)) {
        sum += v;
        ++k;
      }
    const double m = k ? sum / static_cast<double>(k) : 0.0;
    for (std::size_t i : rows)
      if (const float v = x[i * f + j]; !std::isnan(v)) sq += (v - m) * (v - m);
    const double sd = k > 1 ? std::sqrt(sq / static_cast<double>(k - 1)) : 0.0;
    ref.mean[j] = m;
    ref.sd[j] = sd > 1e-12 ? sd : 1.0;
  }
  // Sample covariance of the standardised features (a correlation matrix up to missing values).
  std::vector<double> z(n * f), s(f * f, 0.0), norm4(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) ood_standardize(ref, &x[rows[i] * f], f, &z[i * f]);
  for (std::size_t i = 0; i < n; ++i) {
    const double* zi = &z[i * f];
    double sq = 0;
    for (std::size_t a = 0; a < f; ++a) {
      sq += zi[a] * zi[a];
      for (std::size_t b = 0; b <= a; ++b) s[a * f + b] += zi[a] * zi[b];
    }
    norm4[i] = sq * sq;
  }
  const double dn = static_cast<double>(std::max<std::size_t>(1, n));
  for (std::size_t a = 0; a < f; ++a)
    for (std::size_t b = 0; b <= a; ++b) s[b * f + a] = s[a * f + b] = s[a * f + b] / dn;
  // Ledoit & Wolf (2004): shrink towards mu * I with the intensity that
  // minimises the expected Frobenius loss: min(b2, d2) / d2, where
  // d2 = ||S - mu I||^2 and b2 = (sum_k ||x_k x_k^T||^2 - n ||S||^2) / n^2.
  double mu = 0, s_norm2 = 0, d2 = 0;
  for (std::size_t a = 0; a < f; ++a) mu += s[a * f + a];
  mu /= static_cast<double>(std::max<std::size_t>(1, f));
  for (std::size_t a = 0; a < f; ++a)
    for (std::size_t b = 0; b < f; ++b) {
      const double v = s[a * f + b];
      s_norm2 += v * v;
      const double dv = v - (a == b ? mu : 0.0);
      d2 += dv * dv;
    }
  double sum_norm4 = 0;
  for (double v : norm4) sum_norm4 += v;
  const double b2 = std::max(0.0, (sum_norm4 - dn * s_norm2) / (dn * dn));
  ref.shrinkage = d2 > 0 ? std::min(b2, d2) / d2 : 1.0;
  // Always keep a little shrinkage: exactly collinear features (a burden equal
  // to its one dosage) must not make the matrix singular.
  ref.shrinkage = std::max(ref.shrinkage, 1e-3);
  for (std::size_t a = 0; a < f; ++a)
    for (std::size_t b = 0; b < f; ++b)
      s[a * f + b] = (1 - ref.shrinkage) * s[a * f + b] + (a == b ? ref.shrinkage * (mu > 0 ? mu : 1.0) : 0.0);
  if (!invert_spd(s, f)) {  // cannot happen with shrinkage > 0 and mu > 0; fall back to the identity
    s.assign(f * f, 0.0);
    for (std::size_t a = 0; a < f; ++a) s[a * f + a] = 1.0;
  }
  ref.precision = std::move(s);
  return ref;
}

}  // namespace

OodReference fit_ood_reference(const std::vector<float>& x, std::size_t n, std::size_t f, double quantile,
                               const std::vector<int>* folds) {
  std::vector<std::size_t> all(n);
  for (std::size_t i = 0; i < n; ++i) all[i] = i;
  OodReference ref = fit_reference(x, all, f);
  ref.quantile = quantile;
  std::vector<double> d, z(f);
  if (folds) {
    const int k_max = n ? *std::max_element(folds->begin(), folds->end()) : -1;
    for (int k = 0; k <= k_max; ++k) {
      std::vector<std::size_t> in, out;
      for (std::size_t i = 0; i < n; ++i) ((*folds)[i] == k ? out : in).push_back(i);
      if (in.size() < 2 || out.empty()) continue;
      const OodReference part = fit_reference(x, in, f);
      for (std::size_t i : out) {
        ood_standardize(part, &x[i * f], f, z.data());
        d.push_back(ood_distance2(part, z.data()));
      }
    }
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      ood_standardize(ref, &x[i * f], f, z.data());
      d.push_back(ood_distance2(ref, z.data()));
    }
  }
  std::sort(d.begin(), d.end());
  if (!d.empty()) {
    // Linear interpolation between order statistics (numpy's default).
    const double pos = quantile * static_cast<double>(d.size() - 1);
    const std::size_t lo = static_cast<std::size_t>(pos);
    const std::size_t hi = std::min(d.size() - 1, lo + 1);
    ref.threshold = d[lo] + (pos - static_cast<double>(lo)) * (d[hi] - d[lo]);
  }
  return ref;
}

}  // namespace ketapgx::models

// Out-of-distribution check: how far a person's features lie from the
// training data, as a Mahalanobis distance under a Ledoit-Wolf shrunk
// correlation matrix of the training features (shrinkage keeps the inverse
// stable when features are collinear, as burdens and set means are). A person
// is out of distribution beyond the 99.9th percentile of the training people's
// own distances. Plain C++ (no LibTorch): fitted at training, evaluated at
// prediction (where LibTorch's BLAS does the products).
#pragma once

#include <cstddef>
#include <vector>

namespace ketapgx::models {

struct OodReference {
  std::vector<double> mean, sd;      // per feature, over every training sample (missing values left out)
  std::vector<double> precision;     // features x features, row-major: inverse of the shrunk correlation matrix
  double shrinkage = 0;              // Ledoit-Wolf intensity towards the identity, in [0, 1]
  double quantile = 0.999;           // of the training distances that sets the threshold
  double threshold = 0;              // squared distance at that quantile
  bool empty() const { return mean.empty(); }
};

// Fits the reference on `x` (n x f row-major, NaN = missing: imputed with the
// mean, i.e. contributes 0). Constant features get sd 1 (they never move the
// distance). With `folds` (a fold per row, as in cross-validation) the
// threshold is the quantile of out-of-fold distances: each fold's people
// measured against a reference fitted without them, as a new cohort would be
// (in-sample distances are smaller, and would flag too many new people).
OodReference fit_ood_reference(const std::vector<float>& x, std::size_t n, std::size_t f, double quantile = 0.999,
                               const std::vector<int>* folds = nullptr);

// Standardised features of one row (missing -> 0), as the reference sees them.
void ood_standardize(const OodReference& ref, const float* row, std::size_t f, double* z);

// Squared distance of one standardised row (f values).
double ood_distance2(const OodReference& ref, const double* z);

// Cholesky inverse of a symmetric positive-definite matrix (row-major, f x f).
// Returns false when it is not positive definite.
bool invert_spd(std::vector<double>& a, std::size_t f);

}  // namespace ketapgx::models

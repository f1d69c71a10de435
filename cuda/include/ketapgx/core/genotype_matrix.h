// A non-owning view of one block of genotypes as the feature engine sees it:
// rows (variant alleles) x samples, row-major, plus optional dosages.
#pragma once

#include <cstddef>
#include <cstdint>

#include "ketapgx/core/genotype_code.h"

namespace ketapgx {

struct GenotypeMatrixView {
  const GenotypeCode* codes = nullptr;  // n_rows * n_samples, row r at codes + r * n_samples
  const float* dosages = nullptr;       // same shape, or nullptr; NaN where missing
  std::size_t n_rows = 0;
  std::size_t n_samples = 0;
};

}  // namespace ketapgx

// Dosages as the feature engine reads them (GenotypeMatrixView::dosages): per
// row and sample, the dosage of the allele the row counts (its ALT, or REF on
// a row whose allele index is 0), NaN where missing. The reader quantises
// them to multiples of 1/16384, as PLINK 2 stores dosages, so sums of them are
// exact integer sums on both backends and `prs --dosages` equals plink2's.
#pragma once

#include <cmath>
#include <cstdint>

#include "ketapgx/core/genotype_code.h"
#include "ketapgx/core/hd.h"

namespace ketapgx {

constexpr double kDosageUnits = 16384.0;  // PLINK 2's dosage resolution (2^14 per allele)

// Rounds a dosage to the nearest 1/16384.
inline float quantize_dosage(double d) { return static_cast<float>(std::nearbyint(d * kDosageUnits) / kDosageUnits); }

// A quantised dosage in units of 1/16384 (exact).
KETAPGX_HD long long dosage_units(float d) { return static_cast<long long>(static_cast<double>(d) * kDosageUnits); }

// What a dosage contributes, given the row's hard-call table (contributions of
// 0, 1, 2 copies and of a missing call, see ScoreBlock): the missing entry, or
// the table's line through its points: through 0 and 1 copies for a dosage up
// to 1, through 1 and 2 copies above it. A linear table (additive scores,
// centred ones: the two steps equal up to rounding) takes the line through 0
// and 1 everywhere, so its value does not depend on which side of 1 the dosage
// lies; dominant (0, w, w) and recessive (0, 0, w) tables bend at 1 copy, as
// PLINK 2's min(d, 1) and max(d - 1, 0). Plain multiply and add (no fused
// multiply-add on the device), so both backends give the same bits.
KETAPGX_HD double dosage_contribution(const double* table4, float d) {
  if (d != d) return table4[kDosageMissing];
  const double step1 = table4[1] - table4[0], step2 = table4[2] - table4[1];
  const double diff = step2 - step1, scale = (step1 < 0 ? -step1 : step1) + (step2 < 0 ? -step2 : step2);
  const bool bends = (diff < 0 ? -diff : diff) > 1e-9 * scale;
#if defined(__CUDA_ARCH__)
  if (bends && d > 1.0f) return __dadd_rn(table4[1], __dmul_rn(static_cast<double>(d) - 1.0, __dsub_rn(table4[2], table4[1])));
  return __dadd_rn(table4[0], __dmul_rn(static_cast<double>(d), __dsub_rn(table4[1], table4[0])));
#else
  if (bends && d > 1.0f) return table4[1] + (static_cast<double>(d) - 1.0) * (table4[2] - table4[1]);
  return table4[0] + static_cast<double>(d) * (table4[1] - table4[0]);
#endif
}

}  // namespace ketapgx

#include "qc/variant_qc.h"

namespace ketapgx {

std::vector<VariantCallStats> block_variant_stats(FeatureEngine& engine, const GenotypeBlock& block) {
  std::vector<VariantCounts> counts(block.rows.size());
  engine.variant_counts(block.view(), counts.data());
  std::vector<VariantCallStats> out(block.rows.size());
  for (std::size_t r = 0; r < counts.size(); ++r) {
    out[r].n_samples = static_cast<std::int64_t>(block.n_samples);
    out[r].counts = counts[r];
    out[r].present = true;
  }
  return out;
}

}  // namespace ketapgx

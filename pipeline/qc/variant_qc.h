// Accumulates per-variant and per-sample call statistics over genotype blocks,
// through the feature engine.
#pragma once

#include <cstdint>
#include <vector>

#include "genotypes/genotype_block.h"
#include "ketapgx/engine/engine.h"

namespace ketapgx {

struct VariantCallStats {
  std::int64_t n_samples = 0;
  VariantCounts counts;
  bool present = false;

  double call_rate() const { return n_samples ? static_cast<double>(counts.called_samples) / static_cast<double>(n_samples) : 0.0; }
  // ALT allele frequency among called alleles; negative when no allele is called.
  double alt_freq() const {
    return counts.called_alleles ? static_cast<double>(counts.alt_alleles) / static_cast<double>(counts.called_alleles) : -1.0;
  }
};

class SampleCallStats {
 public:
  explicit SampleCallStats(std::size_t n_samples) : called_(n_samples, 0) {}
  void add_block(FeatureEngine& engine, const GenotypeBlock& block) {
    engine.accumulate_sample_calls(block.view(), called_.data());
    rows_ += static_cast<std::int64_t>(block.rows.size());
  }
  std::int64_t rows() const { return rows_; }
  std::int64_t called(std::size_t s) const { return called_[s]; }
  double call_rate(std::size_t s) const { return rows_ ? static_cast<double>(called_[s]) / static_cast<double>(rows_) : 0.0; }

 private:
  std::vector<std::int64_t> called_;
  std::int64_t rows_ = 0;
};

// Per-row statistics of one block.
std::vector<VariantCallStats> block_variant_stats(FeatureEngine& engine, const GenotypeBlock& block);

}  // namespace ketapgx

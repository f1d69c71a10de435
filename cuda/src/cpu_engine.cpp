// The CPU reference backend: plain loops over the shared per-element formulas.
// It is the specification the CUDA backend is tested against.
#include <vector>

#include "backends.h"
#include "ketapgx/core/genotype_code.h"

namespace ketapgx::detail {
namespace {

class CpuEngine final : public FeatureEngine {
 public:
  Backend backend() const override { return Backend::Cpu; }

  void variant_counts(const GenotypeMatrixView& block, VariantCounts* out) override {
    for (std::size_t r = 0; r < block.n_rows; ++r) {
      const GenotypeCode* row = block.codes + r * block.n_samples;
      VariantCounts c;
      for (std::size_t s = 0; s < block.n_samples; ++s) {
        const GenotypeCode g = row[s];
        c.called_samples += gt_is_missing(g) ? 0 : 1;
        c.called_alleles += gt_called_alleles(g);
        c.alt_alleles += gt_alt_alleles(g);
        c.ref_alleles += gt_ref_alleles(g);
      }
      out[r] = c;
    }
  }

  void accumulate_sample_calls(const GenotypeMatrixView& block, std::int64_t* called) override {
    for (std::size_t r = 0; r < block.n_rows; ++r) {
      const GenotypeCode* row = block.codes + r * block.n_samples;
      for (std::size_t s = 0; s < block.n_samples; ++s) called[s] += gt_is_missing(row[s]) ? 0 : 1;
    }
  }

  void accumulate_scores(const GenotypeMatrixView& block, const ScoreBlock& score, ScoreSums& sums) override {
    const std::size_t k_n = score.n_scores;
    for (std::size_t r = 0; r < block.n_rows; ++r) {
      const GenotypeCode* row = block.codes + r * block.n_samples;
      const bool ref_named = score.ref_named[r] != 0;
      const bool counts = score.counts_alleles[r] != 0;
      const double* table = score.contributions + r * k_n * 4;
      for (std::size_t s = 0; s < block.n_samples; ++s) {
        const int d = gt_dosage_class(row[s], ref_named);
        if (counts && d != kDosageMissing) sums.allele_ct[s] += gt_ploidy(row[s]);
        double* out = sums.score_sums + s * k_n;
        for (std::size_t k = 0; k < k_n; ++k) out[k] += table[k * 4 + static_cast<std::size_t>(d)];
      }
    }
  }
};

}  // namespace

std::unique_ptr<FeatureEngine> make_cpu_engine() { return std::make_unique<CpuEngine>(); }

}  // namespace ketapgx::detail

// The CPU reference backend: plain loops over the shared per-element formulas.
// It is the specification the CUDA backend is tested against.
#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "backends.h"
#include "ketapgx/core/dosage.h"
#include "ketapgx/core/expression.h"
#include "ketapgx/core/genotype_code.h"

namespace ketapgx::detail {
namespace {

// Per genotype code, its four counts packed in 16-bit lanes (called sample,
// AN, AC, REF count), so a row's counts are one table look-up and one add per
// genotype; lanes are flushed before they could overflow.
struct PackedCounts {
  std::uint64_t lane[256];
  PackedCounts() {
    for (int g = 0; g < 256; ++g) {
      const auto c = static_cast<GenotypeCode>(g);
      lane[g] = static_cast<std::uint64_t>(gt_is_missing(c) ? 0 : 1) |
                static_cast<std::uint64_t>(gt_called_alleles(c)) << 16 |
                static_cast<std::uint64_t>(gt_alt_alleles(c)) << 32 |
                static_cast<std::uint64_t>(gt_ref_alleles(c)) << 48;
    }
  }
};
const PackedCounts& packed_counts() {
  static const PackedCounts table;
  return table;
}

// Plain loops over the shared per-element formulas. Rows (counts) or samples
// (sums) are split across threads; each output is still summed in one fixed
// order, so the thread count never changes a result.
class CpuEngine final : public FeatureEngine {
 public:
  explicit CpuEngine(int threads) : threads_(threads < 1 ? 1 : threads) {}

  Backend backend() const override { return Backend::Cpu; }

  void variant_counts(const GenotypeMatrixView& block, VariantCounts* out) override {
    const std::ptrdiff_t rows = static_cast<std::ptrdiff_t>(block.n_rows);
#pragma omp parallel for schedule(static) num_threads(threads_) if (threads_ > 1 && rows > 1)
    for (std::ptrdiff_t ri = 0; ri < rows; ++ri) {
      const std::size_t r = static_cast<std::size_t>(ri);
      const GenotypeCode* row = block.codes + r * block.n_samples;
      const std::uint64_t* lut = packed_counts().lane;
      VariantCounts c;
      auto flush = [&c](std::uint64_t acc) {
        c.called_samples += static_cast<std::int64_t>(acc & 0xFFFF);
        c.called_alleles += static_cast<std::int64_t>(acc >> 16 & 0xFFFF);
        c.alt_alleles += static_cast<std::int64_t>(acc >> 32 & 0xFFFF);
        c.ref_alleles += static_cast<std::int64_t>(acc >> 48);
      };
      for (std::size_t begin = 0; begin < block.n_samples; begin += 16384) {  // 2 x 16384 < 2^16
        const std::size_t end = std::min(block.n_samples, begin + 16384);
        std::uint64_t acc = 0;
        for (std::size_t s = begin; s < end; ++s) acc += lut[row[s]];
        flush(acc);
      }
      out[r] = c;
    }
  }

  void dosage_counts(const GenotypeMatrixView& block, DosageCounts* out) override {
    const std::ptrdiff_t rows = static_cast<std::ptrdiff_t>(block.n_rows);
#pragma omp parallel for schedule(static) num_threads(threads_) if (threads_ > 1 && rows > 1)
    for (std::ptrdiff_t ri = 0; ri < rows; ++ri) {
      const std::size_t r = static_cast<std::size_t>(ri);
      const float* d = block.dosages + r * block.n_samples;
      const GenotypeCode* codes = block.codes + r * block.n_samples;
      DosageCounts c;
      for (std::size_t s = 0; s < block.n_samples; ++s) {
        if (d[s] != d[s]) continue;
        c.dosage_units += dosage_units(d[s]);
        c.called_alleles += gt_ploidy(codes[s]);
        ++c.called_samples;
      }
      out[r] = c;
    }
  }

  void accumulate_sample_calls(const GenotypeMatrixView& block, std::int64_t* called) override {
    // Chunks of samples across threads (integer counts: any split gives the same result).
    constexpr std::size_t kChunk = 4096;
    const std::ptrdiff_t chunks = static_cast<std::ptrdiff_t>((block.n_samples + kChunk - 1) / kChunk);
#pragma omp parallel for schedule(static) num_threads(threads_) if (threads_ > 1 && chunks > 1)
    for (std::ptrdiff_t c = 0; c < chunks; ++c) {
      const std::size_t begin = static_cast<std::size_t>(c) * kChunk, end = std::min(block.n_samples, begin + kChunk);
      for (std::size_t r = 0; r < block.n_rows; ++r) {
        const GenotypeCode* row = block.codes + r * block.n_samples;
        for (std::size_t s = begin; s < end; ++s) called[s] += gt_is_missing(row[s]) ? 0 : 1;
      }
    }
  }

  // Samples [begin, end) of accumulate_scores, rows in order.
  static void score_samples(const GenotypeMatrixView& block, const ScoreBlock& score, ScoreSums& sums,
                            std::size_t begin, std::size_t end) {
    // Dosage class and called ploidy of every code, for ALT- and REF-named rows.
    static const auto classes = [] {
      std::array<std::array<std::uint8_t, 256>, 2> cls{};
      for (int g = 0; g < 256; ++g)
        for (int ref = 0; ref < 2; ++ref) cls[ref][g] = static_cast<std::uint8_t>(gt_dosage_class(static_cast<GenotypeCode>(g), ref != 0));
      return cls;
    }();
    const std::size_t k_n = score.n_scores;
    if (block.dosages) {
      for (std::size_t r = 0; r < block.n_rows; ++r) {
        const GenotypeCode* row = block.codes + r * block.n_samples;
        const float* dos = block.dosages + r * block.n_samples;
        const double* table = score.contributions + r * k_n * 4;
        if (score.counts_alleles[r]) {
          for (std::size_t s = begin; s < end; ++s)
            if (dos[s] == dos[s]) sums.allele_ct[s] += gt_ploidy(row[s]);
        }
        for (std::size_t s = begin; s < end; ++s) {
          double* out = sums.score_sums + s * k_n;
          for (std::size_t k = 0; k < k_n; ++k) out[k] += dosage_contribution(table + k * 4, dos[s]);
        }
      }
      return;
    }
    for (std::size_t r = 0; r < block.n_rows; ++r) {
      const GenotypeCode* row = block.codes + r * block.n_samples;
      const std::uint8_t* cls = classes[score.ref_named[r] != 0 ? 1 : 0].data();
      const double* table = score.contributions + r * k_n * 4;
      if (score.counts_alleles[r]) {
        for (std::size_t s = begin; s < end; ++s)
          if (!gt_is_missing(row[s])) sums.allele_ct[s] += gt_ploidy(row[s]);
      }
      for (std::size_t s = begin; s < end; ++s) {
        const std::size_t d = cls[row[s]];
        double* out = sums.score_sums + s * k_n;
        for (std::size_t k = 0; k < k_n; ++k) out[k] += table[k * 4 + d];
      }
    }
  }

  void accumulate_scores(const GenotypeMatrixView& block, const ScoreBlock& score, ScoreSums& sums) override {
    // Chunks of samples small enough that their sums stay in cache across rows.
    constexpr std::size_t kChunk = 2048;
    const std::ptrdiff_t chunks = static_cast<std::ptrdiff_t>((block.n_samples + kChunk - 1) / kChunk);
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads_) if (threads_ > 1 && chunks > 1)
    for (std::ptrdiff_t c = 0; c < chunks; ++c) {
      const std::size_t begin = static_cast<std::size_t>(c) * kChunk;
      score_samples(block, score, sums, begin, std::min(block.n_samples, begin + kChunk));
    }
  }

  void accumulate_segments(const GenotypeMatrixView& block, const SegmentBlock& seg, double* sums) override {
    const std::ptrdiff_t n = static_cast<std::ptrdiff_t>(block.n_samples);
#pragma omp parallel for schedule(static) num_threads(threads_) if (threads_ > 1 && n > 4096)
    for (std::ptrdiff_t si = 0; si < n; ++si) {
      const std::size_t s = static_cast<std::size_t>(si);
      double* out = sums + s * seg.n_segments;
      for (std::size_t r = 0; r < block.n_rows; ++r) {
        if (seg.segment[r] < 0) continue;
        if (block.dosages) {
          out[seg.segment[r]] += dosage_contribution(seg.contributions + r * 4, block.dosages[r * block.n_samples + s]);
          continue;
        }
        const int d = gt_dosage_class(block.codes[r * block.n_samples + s], seg.ref_named[r] != 0);
        out[seg.segment[r]] += seg.contributions[r * 4 + static_cast<std::size_t>(d)];
      }
    }
  }

  void expression_log(double* values, std::size_t n_samples, std::size_t n_genes, const double* library_size,
                      ExpressionScale scale) override {
    const bool cpm = scale == ExpressionScale::LogCpm;
    for (std::size_t s = 0; s < n_samples; ++s)
      for (std::size_t g = 0; g < n_genes; ++g)
        values[s * n_genes + g] = expression_log_value(values[s * n_genes + g], cpm ? library_size[s] : 0.0, cpm);
  }

  void standardize_columns(double* values, std::size_t n_samples, std::size_t n_genes, const double* mean,
                           const double* sd) override {
    for (std::size_t s = 0; s < n_samples; ++s)
      for (std::size_t g = 0; g < n_genes; ++g)
        values[s * n_genes + g] = standardize_value(values[s * n_genes + g], mean[g], sd[g]);
  }

  void segment_means(const double* values, std::size_t n_samples, std::size_t n_genes, const std::int32_t* segment,
                     std::size_t n_segments, double* out) override {
    std::vector<double> sum(n_segments);
    std::vector<int> count(n_segments);
    for (std::size_t s = 0; s < n_samples; ++s) {
      std::fill(sum.begin(), sum.end(), 0.0);
      std::fill(count.begin(), count.end(), 0);
      for (std::size_t g = 0; g < n_genes; ++g) {
        const double x = values[s * n_genes + g];
        if (segment[g] < 0 || x != x) continue;
        sum[static_cast<std::size_t>(segment[g])] += x;
        ++count[static_cast<std::size_t>(segment[g])];
      }
      for (std::size_t k = 0; k < n_segments; ++k) out[s * n_segments + k] = count[k] ? sum[k] / count[k] : NAN;
    }
  }

 private:
  int threads_;
};

}  // namespace

std::unique_ptr<FeatureEngine> make_cpu_engine(int threads) { return std::make_unique<CpuEngine>(threads); }

}  // namespace ketapgx::detail

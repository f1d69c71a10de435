// The CPU reference backend: plain loops over the shared per-element formulas.
// It is the specification the CUDA backend is tested against.
#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "backends.h"
#include "worker_pool.h"
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

// The score sweep's inner loops are unit-stride over scores; on x86-64 GCC
// also builds an AVX2 clone of it, chosen at load time on CPUs that have it.
// Either gives the same bits: IEEE adds and multiplies in the same order, no
// fused multiply-add (-ffp-contract=off for this file, see CMakeLists.txt).
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define KETAPGX_VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define KETAPGX_VECTOR_CLONES
#endif

// Lines of the dosage table (see CpuEngine::transpose_table).
enum DosageLine : std::size_t { kMissing, kLowBase, kLowSlope, kHighBase, kHighOffset, kHighSlope, kDosageLines };

// Samples [begin, end) of accumulate_scores, rows in order (each sample's sums
// are added row by row, as on the GPU, whatever the chunking).
KETAPGX_VECTOR_CLONES void score_samples(const GenotypeMatrixView& block, const ScoreBlock& score, const double* lines,
                                         ScoreSums& sums, std::size_t begin, std::size_t end) {
  // Dosage class of every code, for ALT- and REF-named rows.
  static const auto classes = [] {
    std::array<std::array<std::uint8_t, 256>, 2> cls{};
    for (int g = 0; g < 256; ++g)
      for (int ref = 0; ref < 2; ++ref) cls[ref][g] = static_cast<std::uint8_t>(gt_dosage_class(static_cast<GenotypeCode>(g), ref != 0));
    return cls;
  }();
  // Called alleles of every code (0 for a missing call): a branch-free count.
  static const auto called_ploidy = [] {
    std::array<std::int64_t, 256> p{};
    for (int g = 0; g < 256; ++g) p[g] = gt_is_missing(static_cast<GenotypeCode>(g)) ? 0 : gt_ploidy(static_cast<GenotypeCode>(g));
    return p;
  }();
  const std::size_t k_n = score.n_scores;
  if (block.dosages) {
    for (std::size_t r = 0; r < block.n_rows; ++r) {
      const GenotypeCode* row = block.codes + r * block.n_samples;
      const float* dos = block.dosages + r * block.n_samples;
      if (score.counts_alleles[r]) {
        for (std::size_t s = begin; s < end; ++s)
          if (dos[s] == dos[s]) sums.allele_ct[s] += gt_ploidy(row[s]);
      }
      if (k_n == 0) continue;
      const double* line = lines + r * kDosageLines * k_n;
      const double* __restrict miss = line + kMissing * k_n;
      const double* __restrict lb = line + kLowBase * k_n;
      const double* __restrict ls = line + kLowSlope * k_n;
      const double* __restrict hb = line + kHighBase * k_n;
      const double* __restrict ho = line + kHighOffset * k_n;
      const double* __restrict hs = line + kHighSlope * k_n;
      for (std::size_t s = begin; s < end; ++s) {
        double* __restrict out = sums.score_sums + s * k_n;
        const float d = dos[s];
        const double dd = static_cast<double>(d);
        if (d != d) {
          for (std::size_t k = 0; k < k_n; ++k) out[k] += miss[k];
        } else if (d > 1.0f) {
          for (std::size_t k = 0; k < k_n; ++k) out[k] += hb[k] + (dd - ho[k]) * hs[k];
        } else {
          for (std::size_t k = 0; k < k_n; ++k) out[k] += lb[k] + dd * ls[k];
        }
      }
    }
    return;
  }
  for (std::size_t r = 0; r < block.n_rows; ++r) {
    const GenotypeCode* row = block.codes + r * block.n_samples;
    if (score.counts_alleles[r]) {
      for (std::size_t s = begin; s < end; ++s) sums.allele_ct[s] += called_ploidy[row[s]];
    }
  }
  if (k_n == 0) return;
  // Rows eight at a time: each sample's sums are loaded once, the eight rows'
  // contributions added in row order in registers, and stored once (the
  // order of additions is that of one row at a time).
  constexpr std::size_t kRowGroup = 8;
  std::size_t r = 0;
  for (; k_n > 1 && r + kRowGroup <= block.n_rows; r += kRowGroup) {
    const GenotypeCode* row[kRowGroup];
    const std::uint8_t* cls[kRowGroup];
    const double* line[kRowGroup];
    for (std::size_t j = 0; j < kRowGroup; ++j) {
      row[j] = block.codes + (r + j) * block.n_samples;
      cls[j] = classes[score.ref_named[r + j] != 0 ? 1 : 0].data();
      line[j] = lines + (r + j) * 4 * k_n;
    }
    if (k_n == 2) {  // one score and its allele-dosage sum (prs --weights with one column): two registers
      for (std::size_t s = begin; s < end; ++s) {
#if defined(__SSE2__)
        // Both sums of the sample in one register: one add per row.
        __m128d a = _mm_loadu_pd(sums.score_sums + 2 * s);
        for (std::size_t j = 0; j < kRowGroup; ++j) a = _mm_add_pd(a, _mm_loadu_pd(line[j] + cls[j][row[j][s]] * 2));
        _mm_storeu_pd(sums.score_sums + 2 * s, a);
#else
        double a0 = sums.score_sums[2 * s], a1 = sums.score_sums[2 * s + 1];
        for (std::size_t j = 0; j < kRowGroup; ++j) {
          const double* t = line[j] + cls[j][row[j][s]] * 2;
          a0 += t[0];
          a1 += t[1];
        }
        sums.score_sums[2 * s] = a0;
        sums.score_sums[2 * s + 1] = a1;
#endif
      }
      continue;
    }
    for (std::size_t s = begin; s < end; ++s) {
      double* __restrict out = sums.score_sums + s * k_n;
      const double* __restrict t0 = line[0] + cls[0][row[0][s]] * k_n;
      const double* __restrict t1 = line[1] + cls[1][row[1][s]] * k_n;
      const double* __restrict t2 = line[2] + cls[2][row[2][s]] * k_n;
      const double* __restrict t3 = line[3] + cls[3][row[3][s]] * k_n;
      const double* __restrict t4 = line[4] + cls[4][row[4][s]] * k_n;
      const double* __restrict t5 = line[5] + cls[5][row[5][s]] * k_n;
      const double* __restrict t6 = line[6] + cls[6][row[6][s]] * k_n;
      const double* __restrict t7 = line[7] + cls[7][row[7][s]] * k_n;
      for (std::size_t k = 0; k < k_n; ++k) {
        double a = out[k];
        a += t0[k];
        a += t1[k];
        a += t2[k];
        a += t3[k];
        a += t4[k];
        a += t5[k];
        a += t6[k];
        a += t7[k];
        out[k] = a;
      }
    }
  }
  for (; r < block.n_rows; ++r) {
    const GenotypeCode* row = block.codes + r * block.n_samples;
    const std::uint8_t* cls = classes[score.ref_named[r] != 0 ? 1 : 0].data();
    const double* line = lines + r * 4 * k_n;
    if (k_n == 1) {  // one score: a scalar add per sample, no loop set-up
      for (std::size_t s = begin; s < end; ++s) sums.score_sums[s] += line[cls[row[s]]];
      continue;
    }
    for (std::size_t s = begin; s < end; ++s) {
      double* __restrict out = sums.score_sums + s * k_n;
      const double* __restrict t = line + cls[row[s]] * k_n;
      for (std::size_t k = 0; k < k_n; ++k) out[k] += t[k];
    }
  }
}

// Plain loops over the shared per-element formulas. Rows (counts) or samples
// (sums) are split across the worker pool's threads; each output is still
// summed in one fixed order, so the thread count never changes a result.
class CpuEngine final : public FeatureEngine {
 public:
  explicit CpuEngine(int threads) : threads_(threads < 1 ? 1 : threads), pool_(threads_) {}

  Backend backend() const override { return Backend::Cpu; }

  void variant_counts(const GenotypeMatrixView& block, VariantCounts* out) override {
    for_rows(block.n_rows, [&](std::size_t r) {
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
    });
  }

  void dosage_counts(const GenotypeMatrixView& block, DosageCounts* out) override {
    for_rows(block.n_rows, [&](std::size_t r) {
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
    });
  }

  void accumulate_sample_calls(const GenotypeMatrixView& block, std::int64_t* called) override {
    // Chunks of samples across threads (integer counts: any split gives the same result).
    constexpr std::size_t kChunk = 4096;
    pool_.run((block.n_samples + kChunk - 1) / kChunk, [&](std::size_t c) {
      const std::size_t begin = c * kChunk, end = std::min(block.n_samples, begin + kChunk);
      for (std::size_t r = 0; r < block.n_rows; ++r) {
        const GenotypeCode* row = block.codes + r * block.n_samples;
        for (std::size_t s = begin; s < end; ++s) called[s] += gt_is_missing(row[s]) ? 0 : 1;
      }
    });
  }

  // accumulate_scores works on the block's contribution table laid out per row
  // as dosage class x score (contiguous over scores), so that a sample's update
  // for every score is one unit-stride loop the compiler vectorises; the
  // caller's layout (score x class) would read it with a stride of four.
  // Hard calls: 4 lines per row (classes 0, 1, 2, missing). Dosages: 5 lines per
  // row holding dosage_contribution() split into its branches: the missing
  // value, the line through 0 and 1 copies (base, slope) and the line used
  // above 1 copy (base, offset, slope: the 1-to-2 line where the table bends,
  // else the 0-to-1 line again, offset 0). Each value is computed with the
  // same operations as dosage_contribution(), so the sums keep their bits.

  static void transpose_table(const ScoreBlock& score, std::size_t rows, bool dosages, std::vector<double>& out) {
    const std::size_t k_n = score.n_scores;
    const std::size_t lines = dosages ? static_cast<std::size_t>(kDosageLines) : 4;
    out.resize(rows * lines * k_n);
    for (std::size_t r = 0; r < rows; ++r) {
      double* line = out.data() + r * lines * k_n;
      for (std::size_t k = 0; k < k_n; ++k) {
        const double* t = score.contributions + (r * k_n + k) * 4;
        if (!dosages) {
          for (std::size_t d = 0; d < 4; ++d) line[d * k_n + k] = t[d];
          continue;
        }
        const double step1 = t[1] - t[0], step2 = t[2] - t[1];
        const double diff = step2 - step1, scale = (step1 < 0 ? -step1 : step1) + (step2 < 0 ? -step2 : step2);
        const bool bends = (diff < 0 ? -diff : diff) > 1e-9 * scale;  // as dosage_contribution()
        line[kMissing * k_n + k] = t[kDosageMissing];
        line[kLowBase * k_n + k] = t[0];
        line[kLowSlope * k_n + k] = t[1] - t[0];
        line[kHighBase * k_n + k] = bends ? t[1] : t[0];
        line[kHighOffset * k_n + k] = bends ? 1.0 : 0.0;  // d - 0.0 is d exactly
        line[kHighSlope * k_n + k] = bends ? t[2] - t[1] : t[1] - t[0];
      }
    }
  }

  void accumulate_scores(const GenotypeMatrixView& block, const ScoreBlock& score, ScoreSums& sums) override {
    transpose_table(score, block.n_rows, block.dosages != nullptr, lines_);
    // Chunks of samples whose sums (chunk x scores doubles) stay in the L2
    // cache across the block's rows, as many per thread (10,000 samples, one
    // score, 2 threads: 4 chunks of 2,560; 16 threads: 16 of 640). Any chunking gives the
    // same sums: each sample's are added in row order.
    constexpr std::size_t kSumsBytes = 128 * 1024;
    const std::size_t n = block.n_samples, threads = static_cast<std::size_t>(threads_);
    const std::size_t target = std::clamp<std::size_t>(kSumsBytes / (sizeof(double) * std::max<std::size_t>(1, score.n_scores)), 64, 4096);
    std::size_t n_chunks = std::max<std::size_t>(1, (n + target - 1) / target);
    n_chunks = (n_chunks + threads - 1) / threads * threads;  // a whole number of chunks per thread
    const std::size_t chunk = std::max<std::size_t>(64, ((n + n_chunks - 1) / n_chunks + 63) / 64 * 64);
    const double* lines = lines_.data();
    pool_.run((n + chunk - 1) / chunk, [&](std::size_t c) {
      const std::size_t begin = c * chunk;
      score_samples(block, score, lines, sums, begin, std::min(block.n_samples, begin + chunk));
    });
  }

  void accumulate_segments(const GenotypeMatrixView& block, const SegmentBlock& seg, double* sums) override {
    constexpr std::size_t kChunk = 1024;
    pool_.run((block.n_samples + kChunk - 1) / kChunk, [&](std::size_t c) {
      for (std::size_t s = c * kChunk; s < std::min(block.n_samples, (c + 1) * kChunk); ++s) segment_sample(block, seg, sums, s);
    });
  }

  // One sample's segmented sums, rows in order.
  static void segment_sample(const GenotypeMatrixView& block, const SegmentBlock& seg, double* sums, std::size_t s) {
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

  void expression_log(double* values, std::size_t n_samples, std::size_t n_genes, const double* library_size,
                      ExpressionScale scale) override {
    const bool cpm = scale == ExpressionScale::LogCpm;
    for_samples(n_samples, [&](std::size_t s) {  // element by element: any split gives the same numbers
      for (std::size_t g = 0; g < n_genes; ++g)
        values[s * n_genes + g] = expression_log_value(values[s * n_genes + g], cpm ? library_size[s] : 0.0, cpm);
    });
  }

  void standardize_columns(double* values, std::size_t n_samples, std::size_t n_genes, const double* mean,
                           const double* sd) override {
    for_samples(n_samples, [&](std::size_t s) {
      for (std::size_t g = 0; g < n_genes; ++g)
        values[s * n_genes + g] = standardize_value(values[s * n_genes + g], mean[g], sd[g]);
    });
  }

  void segment_means(const double* values, std::size_t n_samples, std::size_t n_genes, const std::int32_t* segment,
                     std::size_t n_segments, double* out) override {
    for_sample_ranges(n_samples, [&](std::size_t begin, std::size_t end) {
      std::vector<double> sum(n_segments);
      std::vector<int> count(n_segments);
      for (std::size_t s = begin; s < end; ++s) {
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
    });
  }

 private:
  // Rows in groups of 16 across the team (each row's outputs are its own).
  template <typename F>
  void for_rows(std::size_t rows, F&& f) {
    constexpr std::size_t kGroup = 16;
    pool_.run((rows + kGroup - 1) / kGroup, [&](std::size_t g) {
      for (std::size_t r = g * kGroup; r < std::min(rows, (g + 1) * kGroup); ++r) f(r);
    });
  }
  // Samples in ranges of 16,384 across the pool (a biobank's expression
  // features: 500,000 people x the genes, a log each).
  template <typename F>
  void for_sample_ranges(std::size_t n, F&& f) {
    constexpr std::size_t kRange = 16384;
    pool_.run((n + kRange - 1) / kRange, [&](std::size_t c) { f(c * kRange, std::min(n, (c + 1) * kRange)); });
  }
  template <typename F>
  void for_samples(std::size_t n, F&& f) {
    for_sample_ranges(n, [&](std::size_t begin, std::size_t end) {
      for (std::size_t s = begin; s < end; ++s) f(s);
    });
  }

  int threads_;
  WorkerPool pool_;
  std::vector<double> lines_;  // accumulate_scores' table, reused across blocks
};

}  // namespace

std::unique_ptr<FeatureEngine> make_cpu_engine(int threads) { return std::make_unique<CpuEngine>(threads); }

}  // namespace ketapgx::detail

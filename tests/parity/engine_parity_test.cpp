// GPU vs CPU: the CUDA backend must give the CPU reference's counts exactly
// (they are integers). Skips without a usable GPU unless REQUIRE_GPU=1.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <random>
#include <vector>

#include "genotypes/vcf_record.h"
#include "ketapgx/core/dosage.h"
#include "ketapgx/engine/engine.h"

namespace ketapgx {
namespace {

bool gpu_or_skip() {
  if (cuda_device_count() > 0) return true;
  const char* req = std::getenv("REQUIRE_GPU");
  if (req && std::string(req) == "1") {
    ADD_FAILURE() << "REQUIRE_GPU=1 but no usable CUDA device (backend built: " << cuda_backend_built() << ")";
  }
  return false;
}

std::vector<GenotypeCode> random_block(std::size_t rows, std::size_t samples, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> allele(-1, 2), ploidy(0, 9);
  std::vector<GenotypeCode> out(rows * samples);
  for (auto& g : out) {
    const bool haploid = ploidy(rng) == 0;
    g = encode_genotype(allele(rng), haploid ? kAlleleAbsent : allele(rng), ploidy(rng) < 5, 1);
  }
  return out;
}

TEST(EngineParity, VariantCountsAndSampleCallsMatchCpuExactly) {
  if (!gpu_or_skip()) GTEST_SKIP() << "no usable CUDA device";
  auto cpu = make_engine(Backend::Cpu).engine;
  auto gpu = make_engine(Backend::Cuda).engine;
  for (std::size_t samples : {1u, 31u, 32u, 33u, 255u, 256u, 257u, 1025u, 5000u}) {
    for (std::size_t rows : {1u, 2u, 33u}) {
      const unsigned seed = static_cast<unsigned>(samples * 131 + rows);
      const auto codes = random_block(rows, samples, seed);
      GenotypeMatrixView v{codes.data(), nullptr, rows, samples};
      std::vector<VariantCounts> a(rows), b(rows);
      cpu->variant_counts(v, a.data());
      gpu->variant_counts(v, b.data());
      std::int64_t total = 0;
      for (std::size_t r = 0; r < rows; ++r) {
        ASSERT_EQ(a[r].called_samples, b[r].called_samples) << "samples=" << samples << " rows=" << rows << " seed=" << seed << " row=" << r;
        ASSERT_EQ(a[r].called_alleles, b[r].called_alleles) << "samples=" << samples << " row=" << r;
        ASSERT_EQ(a[r].alt_alleles, b[r].alt_alleles) << "samples=" << samples << " row=" << r;
        total += a[r].called_alleles;
      }
      EXPECT_GT(total, 0);
      std::vector<std::int64_t> ca(samples, 3), cb(samples, 3);
      cpu->accumulate_sample_calls(v, ca.data());
      gpu->accumulate_sample_calls(v, cb.data());
      for (std::size_t s = 0; s < samples; ++s)
        ASSERT_EQ(ca[s], cb[s]) << "samples=" << samples << " rows=" << rows << " seed=" << seed << " sample=" << s;
    }
  }
}

TEST(EngineParity, ScoresMatchCpuExactly) {
  if (!gpu_or_skip()) GTEST_SKIP() << "no usable CUDA device";
  auto cpu = make_engine(Backend::Cpu).engine;
  auto gpu = make_engine(Backend::Cuda).engine;
  for (std::size_t samples : {1u, 31u, 32u, 33u, 1025u, 4097u}) {
    for (std::size_t rows : {1u, 7u, 65u}) {
      for (std::size_t scores : {1u, 3u, 8u, 9u, 40u}) {  // one tile, a partial tile, several
        const unsigned seed = static_cast<unsigned>(samples * 7 + rows * 3 + scores);
        const auto codes = random_block(rows, samples, seed);
        std::mt19937 rng(seed);
        std::uniform_real_distribution<double> w(-2.0, 2.0);
        std::vector<std::uint8_t> ref_named(rows), counts(rows);
        std::vector<double> table(rows * scores * 4);
        for (std::size_t r = 0; r < rows; ++r) {
          ref_named[r] = r % 3 == 0;
          counts[r] = r % 2 == 0;
        }
        for (double& t : table) t = w(rng);
        ScoreBlock sb{ref_named.data(), counts.data(), table.data(), scores};
        std::vector<std::int64_t> ct_a(samples, 5), ct_b(samples, 5);
        std::vector<double> sums_a(samples * scores, 0.25), sums_b(samples * scores, 0.25);
        ScoreSums a{ct_a.data(), sums_a.data()}, b{ct_b.data(), sums_b.data()};
        GenotypeMatrixView v{codes.data(), nullptr, rows, samples};
        cpu->accumulate_scores(v, sb, a);
        gpu->accumulate_scores(v, sb, b);
        bool nonzero = false;
        for (std::size_t i = 0; i < samples; ++i) ASSERT_EQ(ct_a[i], ct_b[i]) << "samples=" << samples << " rows=" << rows << " seed=" << seed << " sample=" << i;
        for (std::size_t i = 0; i < sums_a.size(); ++i) {
          // Same additions in the same order: equal to the last bit (tolerance 0).
          ASSERT_EQ(sums_a[i], sums_b[i]) << "samples=" << samples << " rows=" << rows << " scores=" << scores
                                          << " seed=" << seed << " index=" << i;
          nonzero = nonzero || sums_a[i] != 0.25;
        }
        EXPECT_TRUE(nonzero);
      }
    }
  }
}

TEST(EngineParity, SegmentsMatchCpuExactly) {
  if (!gpu_or_skip()) GTEST_SKIP() << "no usable CUDA device";
  auto cpu = make_engine(Backend::Cpu).engine;
  auto gpu = make_engine(Backend::Cuda).engine;
  for (std::size_t samples : {1u, 33u, 1025u, 5000u}) {
    for (std::size_t rows : {1u, 40u}) {
      const unsigned seed = static_cast<unsigned>(samples + 17 * rows);
      const auto codes = random_block(rows, samples, seed);
      std::mt19937 rng(seed);
      std::vector<std::uint8_t> ref_named(rows);
      std::vector<std::int32_t> segment(rows);
      std::vector<double> table(rows * 4);
      for (std::size_t r = 0; r < rows; ++r) {
        ref_named[r] = r % 2;
        segment[r] = static_cast<std::int32_t>(r % 5) - 1;  // some rows skipped
      }
      for (double& t : table) t = std::uniform_real_distribution<double>(-1, 1)(rng);
      std::vector<double> a(samples * 4, 0.5), b(samples * 4, 0.5);
      GenotypeMatrixView v{codes.data(), nullptr, rows, samples};
      const SegmentBlock sb{ref_named.data(), segment.data(), table.data(), 4};
      cpu->accumulate_segments(v, sb, a.data());
      gpu->accumulate_segments(v, sb, b.data());
      for (std::size_t i = 0; i < a.size(); ++i)
        ASSERT_EQ(a[i], b[i]) << "samples=" << samples << " rows=" << rows << " seed=" << seed << " index=" << i;
    }
  }
}

TEST(EngineParity, ExpressionFeaturesMatchCpu) {
  if (!gpu_or_skip()) GTEST_SKIP() << "no usable CUDA device";
  auto cpu = make_engine(Backend::Cpu).engine;
  auto gpu = make_engine(Backend::Cuda).engine;
  // log2 may differ by an ulp between the host and device libraries: relative tolerance 1e-12.
  for (std::size_t samples : {1u, 31u, 257u, 3001u}) {
    const std::size_t genes = 27;
    std::mt19937 rng(static_cast<unsigned>(samples));
    std::uniform_real_distribution<double> u(0.0, 5000.0);
    std::vector<double> x(samples * genes), lib(samples);
    for (double& v : x) v = std::floor(u(rng));
    for (std::size_t i = 0; i < x.size(); i += 13) x[i] = NAN;
    for (double& l : lib) l = 1e6 + u(rng);
    std::vector<double> a = x, b = x;
    cpu->expression_log(a.data(), samples, genes, lib.data(), ExpressionScale::LogCpm);
    gpu->expression_log(b.data(), samples, genes, lib.data(), ExpressionScale::LogCpm);
    std::vector<double> mean(genes, 3.0), sd(genes, 1.5);
    sd[3] = 0.0;
    cpu->standardize_columns(a.data(), samples, genes, mean.data(), sd.data());
    gpu->standardize_columns(b.data(), samples, genes, mean.data(), sd.data());
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (std::isnan(a[i])) {
        ASSERT_TRUE(std::isnan(b[i])) << "samples=" << samples << " index=" << i;
        continue;
      }
      ASSERT_NEAR(a[i], b[i], 1e-12 * std::max(1.0, std::fabs(a[i]))) << "samples=" << samples << " index=" << i;
    }
    std::vector<std::int32_t> seg(genes);
    for (std::size_t g = 0; g < genes; ++g) seg[g] = static_cast<std::int32_t>(g % 5);
    std::vector<double> ma(samples * 5), mb(samples * 5);
    cpu->segment_means(a.data(), samples, genes, seg.data(), 5, ma.data());
    gpu->segment_means(a.data(), samples, genes, seg.data(), 5, mb.data());
    for (std::size_t i = 0; i < ma.size(); ++i) ASSERT_EQ(ma[i], mb[i]) << "samples=" << samples << " index=" << i;
  }
}

}  // namespace
}  // namespace ketapgx

namespace ketapgx {
namespace {

// The dosage path (--dosages): dosage sums exactly (integer units of 1/16384),
// scores and segments bit for bit (the same multiply-and-add, no FMA on the
// device), ALLELE_CT counting the ploidy of every sample with a dosage.
TEST(EngineParity, DosagePathMatchesCpuExactly) {
  if (!gpu_or_skip()) GTEST_SKIP() << "no usable CUDA device";
  auto cpu = make_engine(Backend::Cpu).engine;
  auto gpu = make_engine(Backend::Cuda).engine;
  for (std::size_t samples : {1u, 31u, 33u, 1025u, 16385u}) {
    for (std::size_t rows : {1u, 9u}) {
      const unsigned seed = static_cast<unsigned>(samples * 5 + rows);
      const auto codes = random_block(rows, samples, seed);
      std::mt19937 rng(seed);
      std::uniform_real_distribution<double> u(0, 2);
      std::vector<float> dos(rows * samples);
      for (std::size_t i = 0; i < dos.size(); ++i) dos[i] = u(rng) < 0.1 ? NAN : quantize_dosage(u(rng));
      GenotypeMatrixView v{codes.data(), dos.data(), rows, samples};
      std::vector<DosageCounts> a(rows), b(rows);
      cpu->dosage_counts(v, a.data());
      gpu->dosage_counts(v, b.data());
      for (std::size_t r = 0; r < rows; ++r) {
        ASSERT_EQ(a[r].dosage_units, b[r].dosage_units) << samples << " " << r;
        ASSERT_EQ(a[r].called_alleles, b[r].called_alleles) << samples << " " << r;
        ASSERT_EQ(a[r].called_samples, b[r].called_samples) << samples << " " << r;
      }
      std::vector<std::uint8_t> ref_named(rows, 0), counts(rows, 1);
      std::vector<double> table(rows * 11 * 4);
      for (auto& t : table) t = u(rng) - 1;
      for (const std::size_t k_n : {2u, 11u}) {  // within one tile of scores, and over two
        ScoreBlock sb{ref_named.data(), counts.data(), table.data(), k_n};
        std::vector<std::int64_t> cta(samples, 0), ctb(samples, 0);
        std::vector<double> sa(samples * k_n, 0.5), sbv(samples * k_n, 0.5);
        ScoreSums s1{cta.data(), sa.data()}, s2{ctb.data(), sbv.data()};
        cpu->accumulate_scores(v, sb, s1);
        gpu->accumulate_scores(v, sb, s2);
        for (std::size_t s = 0; s < samples; ++s) {
          ASSERT_EQ(cta[s], ctb[s]) << samples << " " << s;
          for (std::size_t k = 0; k < k_n; ++k) ASSERT_EQ(sa[s * k_n + k], sbv[s * k_n + k]) << samples << " " << s << " " << k;
        }
      }
      std::vector<std::int32_t> seg(rows);
      for (std::size_t r = 0; r < rows; ++r) seg[r] = static_cast<std::int32_t>(r % 3) - 1;
      SegmentBlock sg{ref_named.data(), seg.data(), table.data(), 2};
      std::vector<double> ga(samples * 2, 0), gb(samples * 2, 0);
      cpu->accumulate_segments(v, sg, ga.data());
      gpu->accumulate_segments(v, sg, gb.data());
      for (std::size_t i = 0; i < ga.size(); ++i) ASSERT_EQ(ga[i], gb[i]) << samples << " " << i;
    }
  }
}

}  // namespace
}  // namespace ketapgx

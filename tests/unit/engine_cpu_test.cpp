// The CPU reference backend's counts on a hand-checked block.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "genotypes/vcf_record.h"
#include "ketapgx/core/dosage.h"
#include "ketapgx/core/errors.h"
#include "ketapgx/engine/engine.h"

namespace ketapgx {
namespace {

TEST(CpuEngine, VariantAndSampleCounts) {
  // Row 0: 0/1, 1/1, ./., 0 (haploid)   Row 1: ./1, 1|2 (row allele 2), 0/0, 1 (haploid)
  const std::vector<GenotypeCode> codes = {
      encode_genotype(0, 1, false, 1), encode_genotype(1, 1, false, 1),
      encode_genotype(kAlleleMissing, kAlleleMissing, false, 1), encode_genotype(0, kAlleleAbsent, false, 1),
      encode_genotype(kAlleleMissing, 1, false, 1), encode_genotype(1, 2, true, 2),
      encode_genotype(0, 0, false, 1), encode_genotype(1, kAlleleAbsent, false, 1)};
  GenotypeMatrixView v{codes.data(), nullptr, 2, 4};
  EngineChoice c = make_engine(Backend::Cpu);
  ASSERT_EQ(c.engine->backend(), Backend::Cpu);
  VariantCounts out[2];
  c.engine->variant_counts(v, out);
  EXPECT_EQ(out[0].called_samples, 3);
  EXPECT_EQ(out[0].called_alleles, 5);
  EXPECT_EQ(out[0].alt_alleles, 3);
  EXPECT_EQ(out[1].called_samples, 3);
  EXPECT_EQ(out[1].called_alleles, 6);
  EXPECT_EQ(out[1].alt_alleles, 3);
  std::vector<std::int64_t> calls(4, 10);
  c.engine->accumulate_sample_calls(v, calls.data());
  EXPECT_EQ(calls, (std::vector<std::int64_t>{11, 12, 11, 12}));
}

TEST(CpuEngine, ScoresLookUpContributionsByDosageClass) {
  // Row 0 names ALT: 0/1, 1/1, ./.   Row 1 names REF: 0/0, 0/1, 1/1 (and counts no alleles).
  const std::vector<GenotypeCode> codes = {
      encode_genotype(0, 1, false, 1), encode_genotype(1, 1, false, 1),
      encode_genotype(kAlleleMissing, kAlleleMissing, false, 1), encode_genotype(0, 0, false, 0),
      encode_genotype(0, 1, false, 0), encode_genotype(1, 1, false, 0)};
  GenotypeMatrixView v{codes.data(), nullptr, 2, 3};
  const std::uint8_t ref_named[] = {0, 1}, counts[] = {1, 0};
  // One score: contribution = 10 x class + 1 for row 0, 100 x class for row 1 (missing: 7 and 700).
  const double table[] = {1, 11, 21, 7, 0, 100, 200, 700};
  ScoreBlock sb{ref_named, counts, table, 1};
  std::vector<std::int64_t> ct(3, 0);
  std::vector<double> sums(3, 0.0);
  ScoreSums out{ct.data(), sums.data()};
  make_engine(Backend::Cpu).engine->accumulate_scores(v, sb, out);
  EXPECT_EQ(ct, (std::vector<std::int64_t>{2, 2, 0}));
  // sample 0: row0 class 1 -> 11; row1 REF copies of 0/0 = 2 -> 200
  // sample 1: row0 class 2 -> 21; row1 0/1 -> 1 REF -> 100
  // sample 2: row0 missing -> 7;  row1 1/1 -> 0 REF -> 0
  EXPECT_EQ(sums, (std::vector<double>{211, 121, 7}));
}

TEST(CpuEngine, SegmentedSums) {
  // Rows 0 and 2 go to segment 1, row 1 to segment 0; 2 samples.
  const std::vector<GenotypeCode> codes = {
      encode_genotype(0, 1, false, 1), encode_genotype(1, 1, false, 1),
      encode_genotype(kAlleleMissing, kAlleleMissing, false, 1), encode_genotype(0, 0, false, 1),
      encode_genotype(1, 1, false, 1), encode_genotype(0, 1, false, 1)};
  GenotypeMatrixView v{codes.data(), nullptr, 3, 2};
  const std::uint8_t ref_named[] = {0, 0, 0};
  const std::int32_t segment[] = {1, 0, 1};
  const double table[] = {0, 1, 2, 0.5, 0, 1, 2, 0.25, 0, 1, 2, 0.75};
  std::vector<double> sums(4, 0.0);
  make_engine(Backend::Cpu).engine->accumulate_segments(v, SegmentBlock{ref_named, segment, table, 2}, sums.data());
  // sample 0: seg1 = 1 (row0) + 2 (row2); seg0 = 0.25 (row1 missing)
  // sample 1: seg1 = 2 + 1;               seg0 = 0
  EXPECT_EQ(sums, (std::vector<double>{0.25, 3, 0, 3}));
}

TEST(CpuEngine, ExpressionLogStandardizeAndSetMeans) {
  auto e = make_engine(Backend::Cpu).engine;
  std::vector<double> x = {3, NAN, 1, 15};  // 2 samples x 2 genes, TPM
  e->expression_log(x.data(), 2, 2, nullptr, ExpressionScale::LogTpm);
  EXPECT_DOUBLE_EQ(x[0], 2.0);
  EXPECT_TRUE(std::isnan(x[1]));
  EXPECT_DOUBLE_EQ(x[3], 4.0);
  std::vector<double> c = {10, 30};  // counts, library sizes 40 and 1e6
  const double lib[] = {40, 1e6};
  e->expression_log(c.data(), 2, 1, lib, ExpressionScale::LogCpm);
  EXPECT_DOUBLE_EQ(c[0], std::log2(10.0 / 40 * 1e6 + 1));
  EXPECT_DOUBLE_EQ(c[1], std::log2(31.0));
  const double mean[] = {1.0, 4.0}, sd[] = {0.5, 0.0};
  e->standardize_columns(x.data(), 2, 2, mean, sd);
  EXPECT_DOUBLE_EQ(x[0], 2.0);
  EXPECT_DOUBLE_EQ(x[2], 0.0);   // (1 - 1) / 0.5
  EXPECT_DOUBLE_EQ(x[3], 0.0);  // sd 0
  const std::int32_t seg[] = {0, 0};
  std::vector<double> out(2);
  e->segment_means(x.data(), 2, 2, seg, 1, out.data());
  EXPECT_DOUBLE_EQ(out[0], 2.0);   // NaN skipped
  EXPECT_DOUBLE_EQ(out[1], 0.0);
}

TEST(EngineSelection, ParsesNamesAndAutoFallsBackToCpu) {
  EXPECT_EQ(parse_backend("cuda"), Backend::Cuda);
  EXPECT_THROW(parse_backend("gpu"), UsageError);
  if (cuda_device_count() == 0) {
    EXPECT_EQ(make_engine(Backend::Auto).engine->backend(), Backend::Cpu);
    EXPECT_THROW(make_engine(Backend::Cuda), CudaError);
  } else {
    EXPECT_EQ(make_engine(Backend::Auto).engine->backend(), Backend::Cuda);
  }
}

}  // namespace
}  // namespace ketapgx

namespace ketapgx {
namespace {

// The CPU backend's dosage path on a hand-worked block: 2 rows x 3 samples.
TEST(EngineCpuDosages, CountsScoresAndSegmentsFromDosages) {
  auto e = make_engine(Backend::Cpu).engine;
  const GenotypeCode het = encode_genotype(0, 1, false, 1), haploid = encode_genotype(1, kAlleleAbsent, false, 1);
  const std::vector<GenotypeCode> codes = {het, haploid, gt::kMissingDiploid, het, het, het};
  const std::vector<float> dos = {0.25f, 0.5f, 1.75f, NAN, 2.0f, 0.0f};
  const GenotypeMatrixView v{codes.data(), dos.data(), 2, 3};
  std::vector<DosageCounts> c(2);
  e->dosage_counts(v, c.data());
  EXPECT_EQ(c[0].dosage_units, (0.25 + 0.5 + 1.75) * 16384);
  EXPECT_EQ(c[0].called_alleles, 2 + 1 + 2);  // haploid counts 1; a missing GT with a dosage 2
  EXPECT_EQ(c[1].called_samples, 2);
  EXPECT_DOUBLE_EQ(c[1].dosage_sum(), 2.0);
  // One score: weight 2 (table 0, 2, 4, missing 1.5), both rows counting alleles.
  const std::vector<std::uint8_t> ref_named = {1, 1}, counts = {1, 0};  // ref_named is ignored with dosages
  const std::vector<double> table = {0, 2, 4, 1.5, 0, 2, 4, 1.5};
  std::vector<std::int64_t> ct(3, 0);
  std::vector<double> sums(3, 0.0);
  ScoreSums s{ct.data(), sums.data()};
  e->accumulate_scores(v, ScoreBlock{ref_named.data(), counts.data(), table.data(), 1}, s);
  EXPECT_EQ(ct, (std::vector<std::int64_t>{2, 1, 2}));
  EXPECT_DOUBLE_EQ(sums[0], 0.5 + 1.5);  // 2 x 0.25, then the missing entry
  EXPECT_DOUBLE_EQ(sums[1], 1.0 + 4.0);
  EXPECT_DOUBLE_EQ(sums[2], 3.5 + 0.0);
  std::vector<double> seg(3, 0.0);
  const std::vector<std::int32_t> segment = {0, -1};
  e->accumulate_segments(v, SegmentBlock{ref_named.data(), segment.data(), table.data(), 1}, seg.data());
  EXPECT_EQ(seg, (std::vector<double>{0.5, 1.0, 3.5}));
}


// The engine's many-score sweep against the plainest reading of the contract:
// each score on its own, each sample's sum taken row by row with the
// caller's table layout (score x class) and dosage_contribution(). Sums are
// compared to the last bit (tolerance 0) for 1 to 40 scores, hard calls and
// dosages (linear, dominant and recessive tables), 1 and 3 threads, and
// sample counts on both sides of the engine's chunk sizes.
void reference_scores(const GenotypeMatrixView& v, const ScoreBlock& sb, std::vector<std::int64_t>& ct, std::vector<double>& sums) {
  for (std::size_t s = 0; s < v.n_samples; ++s) {
    for (std::size_t r = 0; r < v.n_rows; ++r) {
      const GenotypeCode g = v.codes[r * v.n_samples + s];
      const bool called = v.dosages ? v.dosages[r * v.n_samples + s] == v.dosages[r * v.n_samples + s] : !gt_is_missing(g);
      if (sb.counts_alleles[r] && called) ct[s] += gt_ploidy(g);
    }
    for (std::size_t k = 0; k < sb.n_scores; ++k) {
      double acc = sums[s * sb.n_scores + k];
      for (std::size_t r = 0; r < v.n_rows; ++r) {
        const double* t = sb.contributions + (r * sb.n_scores + k) * 4;
        acc += v.dosages ? dosage_contribution(t, v.dosages[r * v.n_samples + s])
                         : t[gt_dosage_class(v.codes[r * v.n_samples + s], sb.ref_named[r] != 0)];
      }
      sums[s * sb.n_scores + k] = acc;
    }
  }
}

TEST(CpuEngine, ManyScoresEqualEachScoreAloneToTheLastBit) {
  for (const bool dosages : {false, true}) {
    for (const std::size_t samples : {1u, 63u, 700u, 5000u}) {
      for (const std::size_t scores : {1u, 2u, 7u, 40u}) {
        const std::size_t rows = 37;
        std::mt19937 rng(static_cast<unsigned>(samples * 31 + scores * 7 + (dosages ? 1 : 0)));
        std::uniform_int_distribution<int> allele(-1, 2);
        std::uniform_real_distribution<double> w(-1.5, 1.5);
        std::vector<GenotypeCode> codes(rows * samples);
        std::vector<float> dos(dosages ? rows * samples : 0);
        for (std::size_t i = 0; i < codes.size(); ++i) {
          const int a = allele(rng), b = allele(rng);
          codes[i] = encode_genotype(a < 0 ? kAlleleMissing : a, b < 0 ? kAlleleMissing : b, false, static_cast<int>(1 + i % 2));
          if (dosages) dos[i] = i % 11 == 0 ? NAN : quantize_dosage(std::uniform_real_distribution<double>(0, 2)(rng));
        }
        std::vector<std::uint8_t> ref_named(rows), counts(rows);
        std::vector<double> table(rows * scores * 4);
        for (std::size_t r = 0; r < rows; ++r) {
          ref_named[r] = r % 3 == 0;
          counts[r] = r % 2 == 0;
          for (std::size_t k = 0; k < scores; ++k) {
            double* t = table.data() + (r * scores + k) * 4;
            const double x = w(rng);
            switch ((r + k) % 4) {
              case 0: t[0] = 0, t[1] = x, t[2] = 2 * x; break;  // additive
              case 1: t[0] = 0, t[1] = x, t[2] = x; break;      // dominant: bends at 1 copy
              case 2: t[0] = 0, t[1] = 0, t[2] = x; break;      // recessive
              default: t[0] = -x, t[1] = 0.1, t[2] = x + 0.3;   // anything
            }
            t[3] = w(rng);  // the missing entry (mean imputation)
          }
        }
        const GenotypeMatrixView v{codes.data(), dosages ? dos.data() : nullptr, rows, samples};
        const ScoreBlock sb{ref_named.data(), counts.data(), table.data(), scores};
        std::vector<std::int64_t> ct_ref(samples, 3);
        std::vector<double> sums_ref(samples * scores, 0.125);
        reference_scores(v, sb, ct_ref, sums_ref);
        for (const int threads : {1, 3}) {
          std::vector<std::int64_t> ct(samples, 3);
          std::vector<double> sums(samples * scores, 0.125);
          ScoreSums out{ct.data(), sums.data()};
          make_engine(Backend::Cpu, threads).engine->accumulate_scores(v, sb, out);
          ASSERT_EQ(ct, ct_ref) << "dosages=" << dosages << " samples=" << samples << " scores=" << scores << " threads=" << threads;
          for (std::size_t i = 0; i < sums.size(); ++i)
            ASSERT_EQ(sums[i], sums_ref[i]) << "dosages=" << dosages << " samples=" << samples << " scores=" << scores
                                            << " threads=" << threads << " index=" << i;
        }
      }
    }
  }
}

}  // namespace
}  // namespace ketapgx

// One sample order across inputs, and who is missing where.
#include <gtest/gtest.h>

#include "samples/sample_alignment.h"

namespace ketapgx {
namespace {

TEST(SampleAlignment, GenotypeOrderWithRowMaps) {
  const std::vector<std::string> vcf = {"S3", "S1", "S2"};
  const std::vector<std::string> expr = {"S1", "S9", "S3"};
  const std::vector<std::string> cov = {"S2"};
  const SampleAlignment a = align_samples(vcf, &expr, &cov);
  EXPECT_EQ(a.order, vcf);
  EXPECT_EQ(a.expression_row, (std::vector<std::int64_t>{2, 0, -1}));
  EXPECT_EQ(a.covariate_row, (std::vector<std::int64_t>{-1, -1, 0}));
  ASSERT_EQ(a.all.size(), 4u);  // union, sorted
  EXPECT_EQ(a.all[0].sample_id, "S1");
  EXPECT_EQ(a.all[3].sample_id, "S9");
  EXPECT_FALSE(a.all[3].in_vcf);
  EXPECT_TRUE(a.all[3].in_expression);
  EXPECT_TRUE(a.all[1].in_covariates);
}

TEST(SampleAlignment, AbsentInputs) {
  const SampleAlignment a = align_samples({"A"}, nullptr, nullptr);
  EXPECT_EQ(a.expression_row, std::vector<std::int64_t>{-1});
  ASSERT_EQ(a.all.size(), 1u);
  EXPECT_FALSE(a.all[0].in_expression);
}

// The same IDs in the same order map row for row; any other order, a subset
// or a repeat goes through the lookup (the first of a repeat wins).
TEST(SampleAlignment, MapRowsFastPathAndLookupAgree) {
  const std::vector<std::string> vcf = {"S1", "S2", "S3"};
  std::vector<std::int64_t> row;
  EXPECT_TRUE(map_rows(vcf, &vcf, row));
  EXPECT_EQ(row, (std::vector<std::int64_t>{0, 1, 2}));
  const std::vector<std::string> shuffled = {"S3", "S1", "S2"};
  EXPECT_FALSE(map_rows(vcf, &shuffled, row));
  EXPECT_EQ(row, (std::vector<std::int64_t>{1, 2, 0}));
  const std::vector<std::string> repeat = {"S2", "S9", "S2"};
  EXPECT_FALSE(map_rows(vcf, &repeat, row));
  EXPECT_EQ(row, (std::vector<std::int64_t>{-1, 0, -1}));
  EXPECT_FALSE(map_rows(vcf, nullptr, row));
  EXPECT_EQ(row, (std::vector<std::int64_t>{-1, -1, -1}));
}

// Inputs in the VCF's order: the union is the VCF's IDs sorted, each with its rows.
TEST(SampleAlignment, SameOrderInputsCarryTheirRows) {
  const std::vector<std::string> vcf = {"B", "A", "C"};
  const SampleAlignment a = align_samples(vcf, &vcf, &vcf);
  ASSERT_EQ(a.all.size(), 3u);
  EXPECT_EQ(a.all[0].sample_id, "A");
  EXPECT_EQ(a.all[0].vcf_row, 1);
  EXPECT_EQ(a.all[0].expression_row, 1);
  EXPECT_TRUE(a.all[2].in_covariates && a.all[2].in_expression && a.all[2].in_vcf);
  const std::vector<std::string> expr = {"C", "Z"};
  const SampleAlignment b = align_samples(vcf, &expr, nullptr);
  ASSERT_EQ(b.all.size(), 4u);
  EXPECT_EQ(b.all[2].sample_id, "C");
  EXPECT_EQ(b.all[2].vcf_row, 2);
  EXPECT_EQ(b.all[2].expression_row, 0);
  EXPECT_EQ(b.all[3].sample_id, "Z");
  EXPECT_EQ(b.all[3].vcf_row, -1);
  EXPECT_EQ(b.all[3].expression_row, 1);
}

}  // namespace
}  // namespace ketapgx

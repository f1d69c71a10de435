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

}  // namespace
}  // namespace ketapgx

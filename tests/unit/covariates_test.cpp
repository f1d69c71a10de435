// Covariates: known columns, missing values, impossible values, duplicates.
#include <gtest/gtest.h>

#include "ketapgx/core/errors.h"
#include "samples/covariates.h"
#include "support/test_support.h"

namespace ketapgx {
namespace {

Covariates read(const std::string& content) {
  test::TempDir d;
  test::write_file(d.file("c.tsv"), content);
  return read_covariates(d.file("c.tsv"));
}

std::string error_of(const std::string& content) {
  try {
    read(content);
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error for:\n" << content;
  return "";
}

TEST(Covariates, ReadsAnySubsetOfColumns) {
  const auto c = read("sample_id\tsex\tage\tsite\nA\tF\t70\tx\nB\tmale\tNA\ty\n");
  EXPECT_EQ(c.samples, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(c.sex[0], Sex::Female);
  EXPECT_EQ(c.sex[1], Sex::Male);
  EXPECT_DOUBLE_EQ(*c.age[0], 70.0);
  EXPECT_FALSE(c.age[1].has_value());
  EXPECT_FALSE(c.weight_kg[0].has_value());  // column absent
  EXPECT_EQ(c.columns_ignored, std::vector<std::string>{"site"});
  EXPECT_EQ(c.columns_present, (std::vector<std::string>{"age", "sex"}));
}

TEST(Covariates, ImpossibleValuesNameLineAndColumn) {
  const std::string age = error_of("sample_id\tage\nA\t40\nB\t300\n");
  EXPECT_NE(age.find("line 3, column 2 (age)"), std::string::npos) << age;
  EXPECT_NE(age.find("outside the possible range"), std::string::npos) << age;
  EXPECT_NE(error_of("sample_id\tweight_kg\nA\t-70\n").find("weight_kg"), std::string::npos);
  EXPECT_NE(error_of("sample_id\tbaseline_madrs\nA\t61\n").find("baseline_madrs"), std::string::npos);
  EXPECT_NE(error_of("sample_id\tsex\nA\tX\n").find("sex 'X'"), std::string::npos);
  EXPECT_NE(error_of("sample_id\tage\nA\told\n").find("not a number"), std::string::npos);
}

// Known columns in any case (an 'AGE' column ignored left every age unknown);
// PLINK's 0 for unknown sex; 'age' with 'AGE' is one column twice, but other
// columns repeat only when spelled alike (PC1 and pc1 are two).
TEST(Covariates, KnownColumnsInAnyCase) {
  const auto c = read("IID\tAGE\tSex\tWeight_KG\tPC1\tpc1\nA\t78\t0\t70\t1\t2\n");
  ASSERT_EQ(c.samples, std::vector<std::string>{"A"});
  EXPECT_DOUBLE_EQ(c.age[0].value_or(-1), 78.0);
  EXPECT_DOUBLE_EQ(c.weight_kg[0].value_or(-1), 70.0);
  EXPECT_EQ(c.sex[0], Sex::Unknown);
  EXPECT_EQ(c.columns_ignored, (std::vector<std::string>{"PC1", "pc1"}));
  EXPECT_NE(error_of("sample_id\tage\tAGE\nA\t1\t2\n").find("appears twice"), std::string::npos);
}

TEST(Covariates, StructuralErrors) {
  EXPECT_NE(error_of("id\tage\nA\t1\n").find("sample_id"), std::string::npos);
  EXPECT_NE(error_of("sample_id\tage\nA\t1\nA\t2\n").find("already appears on line 2"), std::string::npos);
  EXPECT_NE(error_of("sample_id\tage\nA\n").find("expected 2"), std::string::npos);
}

}  // namespace
}  // namespace ketapgx

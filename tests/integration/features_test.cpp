// `ketapgx features` on the bundled example cohort: the columns it promises,
// values checked against independent computations from the input files and
// against `ketapgx call`.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <map>

#include "support/test_support.h"

namespace ketapgx {
namespace {

const std::string kExample = test::source_dir() + "/examples/cohort/";

class Features : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    const auto r = test::run_ketapgx("features --quiet --vcf " + kExample + "cohort.vcf.gz --expression " + kExample +
                                     "expression.tsv --covariates " + kExample + "covariates.tsv --out " + dir_->file("f"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    table_ = new test::Table(test::read_tsv(dir_->file("f.features.tsv")));
  }
  static void TearDownTestSuite() {
    delete table_;
    delete dir_;
  }
  static std::map<std::string, std::string> row(const std::string& sample) {
    for (const auto& r : table_->rows)
      if (r.at("sample_id") == sample) return r;
    ADD_FAILURE() << "no row for " << sample;
    return {};
  }
  static test::TempDir* dir_;
  static test::Table* table_;
};
test::TempDir* Features::dir_ = nullptr;
test::Table* Features::table_ = nullptr;

TEST_F(Features, ColumnsAndRows) {
  ASSERT_EQ(table_->rows.size(), 40u);
  for (const char* c : {"dosage:rs6265_T", "burden:BDNF", "burden:GRM2", "burden_set:neurotrophic", "burden_set:NMDA",
                        "metabolizer:CYP2B6", "metabolizer:CYP3A5", "metabolizer:CYP3A4", "expr:GRM2", "expr:GRIN2D",
                        "expr_set:mGluR", "cov:age", "cov:sex_male", "cov:weight_kg", "cov:baseline_madrs"})
    EXPECT_NE(std::find(table_->columns.begin(), table_->columns.end(), c), table_->columns.end()) << c;
  const auto j = nlohmann::json::parse(test::read_file(dir_->file("f.features.json")));
  EXPECT_EQ(j.at("features").size() + 1, table_->columns.size());
  EXPECT_TRUE(j.at("expression").at("mean_sd").contains("GRM2"));
}

TEST_F(Features, BurdenIsTheSumOfTheGenesDosages) {
  for (const auto& r : table_->rows) {
    EXPECT_EQ(r.at("burden:BDNF"), r.at("dosage:rs6265_T"));
    EXPECT_EQ(r.at("burden_set:neurotrophic"), r.at("burden:BDNF"));  // NTRK2 and MTOR have no panel variant
    EXPECT_EQ(r.at("burden:GRM2"), "0");
  }
}

TEST_F(Features, DosagesMatchTheGenotypes) {
  const auto q = test::run("bcftools query -i 'ID=\"rs6265\"' -f '[%SAMPLE\\t%GT\\n]' " + kExample + "cohort.vcf.gz");
  ASSERT_EQ(q.exit_code, 0);
  int checked = 0;
  for (const auto& line : test::split(q.out, '\n')) {
    if (line.empty()) continue;
    const auto f = test::split(line, '\t');
    if (f[1].find('.') != std::string::npos) continue;  // mean-imputed
    const double d = (f[1][0] == '1') + (f[1][2] == '1');
    EXPECT_DOUBLE_EQ(std::stod(row(f[0]).at("dosage:rs6265_T")), d) << f[0];
    ++checked;
  }
  EXPECT_GT(checked, 30);
}

TEST_F(Features, MetabolizerOrdinalsMatchCall) {
  test::TempDir d;
  ASSERT_EQ(test::run_ketapgx("call --quiet --vcf " + kExample + "cohort.vcf.gz --out " + d.file("c")).exit_code, 0);
  const std::map<std::string, std::string> ordinal = {{"PM", "0"}, {"IM", "1"}, {"NM", "2"}, {"RM", "3"}, {"UM", "4"}, {"NA", "NA"}};
  for (const auto& c : test::read_tsv(d.file("c.pgx.tsv")).rows)
    EXPECT_EQ(row(c.at("sample_id")).at("metabolizer:" + c.at("gene")), ordinal.at(c.at("metabolizer_class")))
        << c.at("sample_id") << " " << c.at("gene");
}

TEST_F(Features, ExpressionZScoresFromTheRawCounts) {
  // Recompute log2(CPM + 1) for GRM2 from expression.tsv, then the in-cohort
  // z-score, whose mean and SD are over every sample of the expression file
  // (the example has expression for people who are not genotyped).
  const auto e = test::read_tsv(kExample + "expression.tsv");
  std::map<std::string, double> library, grm2;
  for (const auto& r : e.rows)
    for (const auto& [col, val] : r) {
      if (col == "gene") continue;
      library[col] += std::stod(val);
      if (r.at("gene") == "GRM2") grm2[col] = std::stod(val);
    }
  std::vector<std::string> ids;
  std::vector<double> logs;
  for (const auto& r : table_->rows) {
    const std::string s = r.at("sample_id");
    if (!grm2.count(s)) {
      EXPECT_EQ(r.at("expr:GRM2"), "NA") << s;  // genotyped, no expression
      continue;
    }
    ids.push_back(s);
    logs.push_back(std::log2(grm2[s] / library[s] * 1e6 + 1));
  }
  std::vector<double> all;
  for (const auto& [s, v] : grm2) all.push_back(std::log2(v / library[s] * 1e6 + 1));
  ASSERT_GT(all.size(), logs.size());  // the cohort statistics are not the genotyped people's
  double mean = 0, sq = 0;
  for (double v : all) mean += v / static_cast<double>(all.size());
  for (double v : all) sq += (v - mean) * (v - mean);
  const double sd = std::sqrt(sq / static_cast<double>(all.size() - 1));
  for (std::size_t i = 0; i < ids.size(); ++i)
    EXPECT_NEAR(std::stod(row(ids[i]).at("expr:GRM2")), (logs[i] - mean) / sd, 1e-8) << ids[i];
}

TEST_F(Features, CovariatesCarriedThrough) {
  const auto c = test::read_tsv(kExample + "covariates.tsv");
  for (const auto& r : c.rows) {
    const auto f = row(r.at("sample_id"));
    EXPECT_DOUBLE_EQ(std::stod(f.at("cov:age")), std::stod(r.at("age")));
    EXPECT_EQ(f.at("cov:sex_male"), r.at("sex") == "M" ? "1" : "0");
    if (r.at("weight_kg") == "NA") EXPECT_EQ(f.at("cov:weight_kg"), "NA");
  }
  EXPECT_EQ(row("KTP039").at("cov:age"), "NA");  // the person without covariates
}

}  // namespace
}  // namespace ketapgx

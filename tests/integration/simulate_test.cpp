// `ketapgx simulate`: deterministic for a seed, faithful to its documented
// model (response rate, allele frequencies), and readable by the rest of the
// pipeline: qc finds every panel variant, call recovers the true diplotypes.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <map>

#include "support/test_support.h"

namespace ketapgx {
namespace {

class Simulate : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    const auto r = test::run_ketapgx("simulate --quiet --people 3000 --seed 11 --out " + dir_->file("a"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string a(const std::string& f) { return dir_->file("a/" + f); }
  static test::TempDir* dir_;
};
test::TempDir* Simulate::dir_ = nullptr;

TEST_F(Simulate, SameSeedSameFilesOtherSeedOtherPeople) {
  test::TempDir d;
  ASSERT_EQ(test::run_ketapgx("simulate --quiet --people 3000 --seed 11 --out " + d.file("b")).exit_code, 0);
  ASSERT_EQ(test::run_ketapgx("simulate --quiet --people 3000 --seed 12 --out " + d.file("c")).exit_code, 0);
  for (const char* f : {"cohort.vcf.gz", "expression.tsv", "covariates.tsv", "outcomes.tsv", "truth.tsv"}) {
    EXPECT_EQ(test::read_file(a(f)), test::read_file(d.file(std::string("b/") + f))) << f;
    EXPECT_NE(test::read_file(a(f)), test::read_file(d.file(std::string("c/") + f))) << f;
  }
}

TEST_F(Simulate, LabelledAsSimulated) {
  const auto j = nlohmann::json::parse(test::read_file(a("simulation.json")));
  EXPECT_TRUE(j.at("model").at("simulated_data").get<bool>());
  EXPECT_EQ(j.at("seed"), 11);
  EXPECT_NE(j.at("notice").get<std::string>().find("SIMULATED"), std::string::npos);
  const auto o = test::read_tsv(a("outcomes.tsv"));
  EXPECT_EQ(o.columns, (std::vector<std::string>{"sample_id", "responder", "metabolizer_class"}));
}

TEST_F(Simulate, RatesFollowTheModel) {
  const auto t = test::read_tsv(a("truth.tsv"));
  ASSERT_EQ(t.rows.size(), 3000u);
  double responders = 0, p_sum = 0, met = 0, star6 = 0;
  std::map<std::string, int> classes;
  for (const auto& r : t.rows) {
    responders += std::stod(r.at("responder"));
    p_sum += std::stod(r.at("p_responder"));
    met += std::stod(r.at("rs6265_T_copies"));
    for (const auto& h : test::split(r.at("CYP2B6_diplotype"), '/')) star6 += h == "*6";
    ++classes[r.at("metabolizer_class")];
  }
  EXPECT_NEAR(responders / 3000, 0.55, 0.04);   // SPEC: about 50-60%
  EXPECT_NEAR(p_sum / 3000, 0.55, 0.03);
  EXPECT_NEAR(met / 6000, 0.20, 0.02);          // BDNF Met frequency
  EXPECT_NEAR(star6 / 6000, 0.25, 0.02);        // CYP2B6*6 frequency
  for (const char* c : {"PM", "IM", "NM", "RM", "UM"}) EXPECT_GT(classes[c], 0) << c;
}

TEST_F(Simulate, ResponseRateOption) {
  test::TempDir d;
  for (double rate : {0.35, 0.70}) {
    const std::string out = d.file("r" + std::to_string(rate));
    ASSERT_EQ(test::run_ketapgx("simulate --quiet --people 3000 --seed 11 --response-rate " + std::to_string(rate) + " --out " + out).exit_code, 0);
    double responders = 0, p_sum = 0;
    const auto t = test::read_tsv(out + "/truth.tsv");
    for (const auto& r : t.rows) {
      responders += std::stod(r.at("responder"));
      p_sum += std::stod(r.at("p_responder"));
    }
    EXPECT_NEAR(p_sum / 3000, rate, 0.03) << rate;  // the intercept sets the rate up to the spread of the linear predictor
    EXPECT_NEAR(responders / 3000, rate, 0.04) << rate;
    EXPECT_EQ(nlohmann::json::parse(test::read_file(out + "/simulation.json")).at("model").at("response").at("target_rate"), rate);
    // Only the response changes: the same genotypes and expression as the default rate.
    EXPECT_EQ(test::read_file(out + "/expression.tsv"), test::read_file(a("expression.tsv")));
  }
  EXPECT_EQ(test::run_ketapgx("simulate -n 10 --response-rate 1.5 --out " + d.file("bad")).exit_code, 2);
}

TEST_F(Simulate, ExpressionBatchShiftChangesOnlyTheMeasuredExpression) {
  test::TempDir d;
  ASSERT_EQ(test::run_ketapgx("simulate --quiet --people 3000 --seed 11 --expression-batch-shift 1 --out " + d.file("s")).exit_code, 0);
  for (const char* f : {"cohort.vcf.gz", "covariates.tsv", "outcomes.tsv", "truth.tsv"})
    EXPECT_EQ(test::read_file(a(f)), test::read_file(d.file(std::string("s/") + f))) << f;
  // Each gene's counts move by its own factor 2^(u_g), recorded per gene.
  const auto j = nlohmann::json::parse(test::read_file(d.file("s/simulation.json")));
  const auto& per_gene = j.at("model").at("expression").at("batch_shift_log2_per_gene");
  ASSERT_EQ(per_gene.size(), 27u);
  const auto before = test::read_tsv(a("expression.tsv")), after = test::read_tsv(d.file("s/expression.tsv"));
  for (std::size_t g = 0; g < before.rows.size(); ++g) {
    const std::string gene = before.rows[g].at("gene");
    double lb = 0, la = 0;
    for (const auto& c : before.columns)
      if (c != "gene") {
        lb += std::log2(std::stod(before.rows[g].at(c)) + 0.5);
        la += std::log2(std::stod(after.rows[g].at(c)) + 0.5);
      }
    EXPECT_NEAR((la - lb) / 3000, per_gene.at(gene).get<double>(), 0.02) << gene;
  }
}

TEST_F(Simulate, QcFindsEveryPanelVariant) {
  test::TempDir d;
  const auto r = test::run_ketapgx("qc --quiet --vcf " + a("cohort.vcf.gz") + " --expression " + a("expression.tsv") +
                                   " --covariates " + a("covariates.tsv") + " --out " + d.file("q"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const auto& row : test::read_tsv(d.file("q.qc.variants.tsv")).rows) {
    EXPECT_TRUE(row.at("status") == "found" || row.at("status") == "multiallelic") << row.at("variant_id") << " " << row.at("status");
    EXPECT_GT(std::stod(row.at("call_rate")), 0.98);
  }
  for (const auto& row : test::read_tsv(d.file("q.qc.samples.tsv")).rows) {
    EXPECT_EQ(row.at("expression_genes_missing"), "NA") << row.at("sample_id");
    EXPECT_EQ(row.at("in_covariates"), "yes");
  }
}

TEST_F(Simulate, CallRecoversTheTrueDiplotypes) {
  test::TempDir d;
  ASSERT_EQ(test::run_ketapgx("call --quiet --vcf " + a("cohort.vcf.gz") + " --out " + d.file("c")).exit_code, 0);
  std::map<std::string, std::map<std::string, std::string>> truth;
  for (const auto& r : test::read_tsv(a("truth.tsv")).rows) truth[r.at("sample_id")] = r;
  std::map<std::string, int> exact, total;
  for (const auto& c : test::read_tsv(d.file("c.pgx.tsv")).rows) {
    const std::string& gene = c.at("gene");
    const std::string t = truth[c.at("sample_id")].at(gene + "_diplotype");
    ++total[gene];
    if (c.at("diplotype") == t) {
      ++exact[gene];
      continue;
    }
    // Otherwise unphased data allows the truth as an alternative, or a missing call hid a position.
    const auto alts = test::split(c.at("alternatives"), ';');
    const bool explained = std::find(alts.begin(), alts.end(), t) != alts.end() || c.at("missing_positions") != "NA";
    EXPECT_TRUE(explained) << c.at("sample_id") << " " << gene << ": true " << t << ", called " << c.at("diplotype");
  }
  for (const auto& [gene, n] : total) EXPECT_GT(exact[gene], 0.95 * n) << gene;
}

}  // namespace
}  // namespace ketapgx

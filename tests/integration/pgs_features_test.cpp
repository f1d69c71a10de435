// Published polygenic scores as model features (issue 21): a score planted
// into a simulated cohort of 1,000 (simulate --pgs F --pgs-effect 0.8) is found by
// training (train --pgs F): its feature pgs:<id> carries the largest
// attribution among the genotype features; the bundle keeps the scoring file
// and scores the same after being moved with the original file deleted; the
// feature equals `prs --pgs`'s SUM; shards score as the whole cohort; a
// tampered copy is refused (exit 4) and another scoring file too (exit 3).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <random>
#include <sstream>

#include "support/test_support.h"

namespace ketapgx {
namespace {

namespace fs = std::filesystem;

class PgsFeatures : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    // 300 GRCh38 chromosome-1 variants, no strand-ambiguous pair, weights ~ N(0, 0.1).
    std::mt19937 rng(4);
    std::normal_distribution<double> w(0.0, 0.1);
    std::ostringstream f;
    // No #pgs_id or #pgs_name: the score is named after the file ("planted"), a name the bundle must keep.
    f << "#genome_build=GRCh38\nchr_name\tchr_position\teffect_allele\tother_allele\teffect_weight\n";
    const char* pairs[][2] = {{"A", "G"}, {"C", "T"}, {"G", "A"}, {"T", "C"}, {"A", "C"}, {"G", "T"}};
    for (int i = 0; i < 300; ++i)
      f << "1\t" << 1000000 + 5000 * i << '\t' << pairs[i % 6][0] << '\t' << pairs[i % 6][1] << '\t' << w(rng) << '\n';
    test::write_file(file("planted.txt"), f.str());
    // Each test is its own process (and fixture): a short training keeps them quick.
    auto r = test::run_ketapgx("simulate --quiet -n 1000 --seed 8 --pgs " + file("planted.txt") + " --pgs-effect 0.8 --out " + file("sim"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = test::run_ketapgx("train --quiet " + inputs() + " --outcomes " + file("sim/outcomes.tsv") + " --pgs " + file("planted.txt") +
                          " --folds 3 --max-epochs 60 --patience 20 --out " + file("bundle"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string file(const std::string& f) { return dir_->file(f); }
  static std::string inputs() {
    return "--vcf " + file("sim/cohort.vcf.gz") + " --expression " + file("sim/expression.tsv") + " --covariates " +
           file("sim/covariates.tsv");
  }
  static test::TempDir* dir_;
};
test::TempDir* PgsFeatures::dir_ = nullptr;

TEST_F(PgsFeatures, APlantedScoreIsTheStrongestGenotypeFeature) {
  test::TempDir d;
  const auto r = test::run_ketapgx("score --quiet --model " + file("bundle") + " " + inputs() + " --contributions --out " + d.file("s"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto t = test::read_tsv(d.file("s.contributions.tsv"));
  ASSERT_EQ(t.rows.size(), 1000u);
  std::map<std::string, double> mean_abs;
  for (const auto& row : t.rows)
    for (const auto& c : t.columns)
      if (c != "sample_id" && c != "logit" && c != "baseline_logit") mean_abs[c] += std::fabs(std::stod(row.at(c))) / 1000.0;
  ASSERT_TRUE(mean_abs.count("pgs:planted")) << "the feature is in the model";
  const double pgs = mean_abs.at("pgs:planted");
  for (const auto& [name, v] : mean_abs) {
    const bool genotype = name.rfind("expr:", 0) != 0 && name.rfind("cov:", 0) != 0 && name != "pgs:planted";
    if (genotype) EXPECT_GT(pgs, v) << name << " carries more than the planted score";
  }
  std::cout << "mean |contribution| of pgs:planted: " << pgs << "\n";
}

TEST_F(PgsFeatures, TheBundleKeepsItsScoreAndScoresTheSameWhenMoved) {
  test::TempDir d;
  fs::copy(file("bundle"), d.file("moved"));
  fs::copy(file("planted.txt"), d.file("planted.txt"));
  // The training file elsewhere no longer matters: the bundle's copy is used.
  test::write_file(file("planted.txt.bak"), test::read_file(file("planted.txt")));
  fs::remove(file("planted.txt"));
  auto a = test::run_ketapgx("score --quiet --model " + file("bundle") + " " + inputs() + " --out " + d.file("a"));
  auto b = test::run_ketapgx("score --quiet --model " + d.file("moved") + " " + inputs() + " --out " + d.file("b"));
  fs::rename(file("planted.txt.bak"), file("planted.txt"));
  ASSERT_EQ(a.exit_code, 0) << a.err;
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_EQ(test::read_file(d.file("a.predictions.tsv")), test::read_file(d.file("b.predictions.tsv")));
  // The same file given with --pgs is accepted; another is refused.
  auto c = test::run_ketapgx("score --quiet --model " + d.file("moved") + " " + inputs() + " --pgs " + d.file("planted.txt") + " --out " + d.file("c"));
  ASSERT_EQ(c.exit_code, 0) << c.err;
  EXPECT_EQ(test::read_file(d.file("c.predictions.tsv")), test::read_file(d.file("a.predictions.tsv")));
  std::string other = test::read_file(d.file("planted.txt"));
  other.replace(other.rfind('\n', other.size() - 2) + 1, std::string::npos, "1\t9999999\tA\tG\t0.5\n");
  test::write_file(d.file("other.txt"), other);
  auto e = test::run_ketapgx("score --model " + d.file("moved") + " " + inputs() + " --pgs " + d.file("other.txt") + " --out " + d.file("e"));
  EXPECT_EQ(e.exit_code, 3) << e.err;
  EXPECT_NE(e.err.find("are not the ones --model"), std::string::npos) << e.err;
  // A tampered copy inside the bundle: a damaged bundle (exit 4).
  std::string copy = test::read_file(d.file("moved/pgs_1.txt"));
  copy[copy.size() - 3] = copy[copy.size() - 3] == '1' ? '2' : '1';
  test::write_file(d.file("moved/pgs_1.txt"), copy);
  auto f = test::run_ketapgx("score --model " + d.file("moved") + " " + inputs() + " --out " + d.file("f"));
  EXPECT_EQ(f.exit_code, 4) << f.err;
  EXPECT_NE(f.err.find("pgs_1.txt does not match its SHA-256"), std::string::npos) << f.err;
}

TEST_F(PgsFeatures, TheFeatureIsPrsSumAndShardsScoreAsTheWhole) {
  test::TempDir d;
  auto r = test::run_ketapgx("features --quiet " + inputs() + " --pgs " + file("planted.txt") + " --out " + d.file("f"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = test::run_ketapgx("prs --quiet --vcf " + file("sim/cohort.vcf.gz") + " --pgs " + file("planted.txt") + " --out " + d.file("p"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::map<std::string, double> sums;
  for (const auto& row : test::read_tsv(d.file("p.pgs.tsv")).rows) sums[row.at("IID")] = std::stod(row.at("SUM"));
  const auto features = test::read_tsv(d.file("f.features.tsv"));
  ASSERT_EQ(features.rows.size(), 1000u);
  for (const auto& row : features.rows)
    EXPECT_NEAR(std::stod(row.at("pgs:planted")), sums.at(row.at("sample_id")), 1e-6) << row.at("sample_id");
  // A shard of the cohort: each person's row as in the whole run (training frequencies, not the shard's).
  std::string ids;
  for (int i = 1; i <= 1000; i += 7) {
    char id[16];
    std::snprintf(id, sizeof id, "SIM%04d", i);
    ids += std::string(id) + "\n";
  }
  test::write_file(d.file("shard.txt"), ids);
  r = test::run_ketapgx("score --quiet --model " + file("bundle") + " " + inputs() + " --out " + d.file("whole"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = test::run_ketapgx("score --quiet --model " + file("bundle") + " " + inputs() + " --samples " + d.file("shard.txt") + " --out " +
                        d.file("shard"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::map<std::string, std::string> whole;
  for (const auto& line : test::split(test::read_file(d.file("whole.predictions.tsv")), '\n')) whole[line.substr(0, line.find('\t'))] = line;
  std::size_t n = 0;
  for (const auto& line : test::split(test::read_file(d.file("shard.predictions.tsv")), '\n')) {
    if (line.empty() || line.rfind("sample_id", 0) == 0) continue;
    EXPECT_EQ(line, whole.at(line.substr(0, line.find('\t'))));
    ++n;
  }
  EXPECT_EQ(n, 143u);
}

}  // namespace
}  // namespace ketapgx

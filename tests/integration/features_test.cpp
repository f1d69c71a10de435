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

// The features see the phenotypes `call` gives under the same setting: with
// --pgx-assume-reference-at-missing the example cohort's CYP2B6 calls (its VCF
// lacks rs12721655) keep their phenotype, without it most are NA.
TEST_F(Features, MetabolizerOrdinalsFollowTheUnreadPositionSetting) {
  test::TempDir d;
  const std::string vcf = "--vcf " + kExample + "cohort.vcf.gz";
  ASSERT_EQ(test::run_ketapgx("call --quiet " + vcf + " --assume-reference-at-missing --out " + d.file("c")).exit_code, 0);
  ASSERT_EQ(test::run_ketapgx("features --quiet " + vcf + " --pgx-assume-reference-at-missing --out " + d.file("f")).exit_code, 0);
  const auto assumed = test::read_tsv(d.file("f.features.tsv"));
  const std::map<std::string, std::string> ordinal = {{"PM", "0"}, {"IM", "1"}, {"NM", "2"}, {"RM", "3"}, {"UM", "4"}, {"NA", "NA"}};
  std::map<std::string, std::map<std::string, std::string>> by;
  for (const auto& r : assumed.rows) by[r.at("sample_id")] = r;
  std::size_t differ = 0;
  for (const auto& c : test::read_tsv(d.file("c.pgx.tsv")).rows) {
    const std::string col = "metabolizer:" + c.at("gene");
    EXPECT_EQ(by.at(c.at("sample_id")).at(col), ordinal.at(c.at("metabolizer_class"))) << c.at("sample_id") << " " << c.at("gene");
    differ += by.at(c.at("sample_id")).at(col) != row(c.at("sample_id")).at(col);
  }
  EXPECT_GE(differ, 20u);  // the strict default's NA where the assumed reference gives a class
  // Without star-allele features the star-allele options would change nothing: refused.
  for (const std::string& opt : std::vector<std::string>{"--pgx-assume-reference-at-missing", "--outside-calls " + d.file("c.pgx.tsv")}) {
    const auto r = test::run_ketapgx("features --quiet " + vcf + " --no-metabolizer " + opt + " --out " + d.file("n"));
    EXPECT_EQ(r.exit_code, 2) << opt;
    EXPECT_NE(r.err.find("--no-metabolizer leaves out the star-allele calls"), std::string::npos) << r.err;
  }
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

namespace ketapgx {
namespace {

// --dosages: the response-variant dosage and its burden take DS (else the GT
// call), rounded to 1/16384; the star-allele calls stay those of GT, and a
// defining position given only as DS is left unread.
TEST(FeaturesDosages, DosagesFeedDosageFeaturesAndNotStarAlleles) {
  test::TempDir d;
  const auto zcat = test::run("zcat " + kExample + "cohort.vcf.gz");
  ASSERT_EQ(zcat.exit_code, 0);
  std::string vcf;
  std::vector<std::string> ds_of;  // per sample: the DS written at rs6265
  for (const auto& line : test::split(zcat.out, '\n')) {
    if (line.empty()) continue;
    if (line.rfind("#CHROM", 0) == 0) {
      vcf += "##FORMAT=<ID=DS,Number=A,Type=Float,Description=\"Dosage\">\n" + line + "\n";
      continue;
    }
    auto f = test::split(line, '\t');
    if (line[0] != '#' && f[2] == "rs6265") {
      f[8] = "GT:DS";
      for (std::size_t k = 9; k < f.size(); ++k) {
        const std::string ds = k % 7 == 0 ? "." : std::to_string(0.137 * static_cast<double>(k % 15)).substr(0, 5);
        ds_of.push_back(ds);
        f[k] += ":" + ds;
      }
    }
    if (line[0] != '#' && f[2] == "rs776746") {  // CYP3A5*3: DS only, no GT
      f[8] = "DS";
      for (std::size_t k = 9; k < f.size(); ++k) f[k] = "2";  // read as hard calls, everyone would be *3/*3 (PM)
    }
    std::string out;
    for (std::size_t k = 0; k < f.size(); ++k) out += (k ? "\t" : "") + f[k];
    vcf += out + "\n";
  }
  test::write_file(d.file("ds.vcf"), vcf);
  auto r = test::run_ketapgx("features --quiet --vcf " + kExample + "cohort.vcf.gz --out " + d.file("fgt"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = test::run_ketapgx("features --quiet --dosages --vcf " + d.file("ds.vcf") + " --out " + d.file("fds"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Without --dosages a record with no GT is refused, saying what to do.
  r = test::run_ketapgx("features --vcf " + d.file("ds.vcf") + " --out " + d.file("out/f"));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("no FORMAT/GT field; expected genotype calls (or use --dosages with a DS field)"), std::string::npos) << r.err;
  const auto gt = test::read_tsv(d.file("fgt.features.tsv")), ds = test::read_tsv(d.file("fds.features.tsv"));
  const auto samples = test::split(test::run("zcat " + kExample + "cohort.vcf.gz | grep '^#CHROM'").out, '\t');
  std::map<std::string, std::string> written;
  for (std::size_t k = 9; k < samples.size(); ++k) {
    std::string s = samples[k];
    if (!s.empty() && s.back() == '\n') s.pop_back();
    written[s] = ds_of[k - 9];
  }
  std::size_t from_ds = 0;
  ASSERT_EQ(gt.rows.size(), ds.rows.size());
  for (std::size_t i = 0; i < ds.rows.size(); ++i) {
    const std::string id = ds.rows[i].at("sample_id");
    const std::string w = written.at(id);
    const std::string got = ds.rows[i].at("dosage:rs6265_T");
    if (w == ".") {
      EXPECT_EQ(got, gt.rows[i].at("dosage:rs6265_T")) << id;  // no DS: the GT call
    } else {
      const double q = std::nearbyint(std::stod(w) * 16384) / 16384;
      EXPECT_NEAR(std::stod(got), q, 1e-9) << id;
      ++from_ds;
    }
    EXPECT_EQ(ds.rows[i].at("burden:BDNF"), got) << id;
    // Star alleles from GT: CYP2B6 and CYP3A4 as without --dosages; CYP3A5 lost its *3 position.
    EXPECT_EQ(ds.rows[i].at("metabolizer:CYP2B6"), gt.rows[i].at("metabolizer:CYP2B6")) << id;
    EXPECT_EQ(ds.rows[i].at("metabolizer:CYP3A4"), gt.rows[i].at("metabolizer:CYP3A4")) << id;
  }
  EXPECT_GT(from_ds, 30u);
  // The DS-only CYP3A5*3 position was not read as calls: not everyone became a poor metabolizer.
  std::size_t pm = 0, changed = 0;
  for (std::size_t i = 0; i < ds.rows.size(); ++i) {
    pm += ds.rows[i].at("metabolizer:CYP3A5") == "0";
    changed += ds.rows[i].at("metabolizer:CYP3A5") != gt.rows[i].at("metabolizer:CYP3A5");
  }
  EXPECT_LT(pm, ds.rows.size());
  EXPECT_GT(changed, 0u);
  const auto j = nlohmann::json::parse(test::read_file(d.file("fds.features.json")));
  EXPECT_TRUE(j.at("dosages").get<bool>());
}

}  // namespace
}  // namespace ketapgx

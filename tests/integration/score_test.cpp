// `ketapgx score` end to end on a simulated cohort with the default model:
// every output and column, provenance, agreement with `evaluate`, bad input,
// and the HTML report rendered offline by headless Chromium.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>

#include "support/test_support.h"

namespace ketapgx {
namespace {

namespace fs = std::filesystem;

class Score : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    ASSERT_EQ(test::run_ketapgx("simulate --quiet -n 150 --seed 31 --out " + dir_->file("sim")).exit_code, 0);
    const auto r = test::run_ketapgx("score --quiet " + inputs() + " --out " + dir_->file("s"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string sim(const std::string& f) { return dir_->file("sim/" + f); }
  static std::string inputs() {
    return "--vcf " + sim("cohort.vcf.gz") + " --expression " + sim("expression.tsv") + " --covariates " + sim("covariates.tsv");
  }
  static test::TempDir* dir_;
};
test::TempDir* Score::dir_ = nullptr;

TEST_F(Score, EveryOutputAndRequiredColumn) {
  for (const char* f : {"s.predictions.tsv", "s.predictions.json", "s.qc.variants.tsv", "s.qc.samples.tsv", "s.report.html"})
    EXPECT_TRUE(fs::exists(dir_->file(f))) << f;
  const auto t = test::read_tsv(dir_->file("s.predictions.tsv"));
  for (const char* c : {"sample_id", "p_responder", "p_responder_lo", "p_responder_hi", "responder", "metabolizer_class", "p_PM",
                        "p_IM", "p_NM", "p_RM", "p_UM", "cyp2b6_diplotype", "cyp2b6_phenotype", "cyp3a5_diplotype",
                        "cyp3a5_phenotype", "cyp3a4_diplotype", "cyp3a4_phenotype", "dose_route", "dose_mg_per_kg", "dose_mg",
                        "dose_rules", "qc_flags"})
    EXPECT_NE(std::find(t.columns.begin(), t.columns.end(), c), t.columns.end()) << c;
  ASSERT_EQ(t.rows.size(), 150u);
  EXPECT_TRUE(std::is_sorted(t.rows.begin(), t.rows.end(), [](const auto& a, const auto& b) { return a.at("sample_id") < b.at("sample_id"); }));
  for (const auto& r : t.rows) {
    const double p = std::stod(r.at("p_responder")), lo = std::stod(r.at("p_responder_lo")), hi = std::stod(r.at("p_responder_hi"));
    EXPECT_LE(lo, p + 1e-6);
    EXPECT_GE(hi, p - 1e-6);
    EXPECT_TRUE(r.at("responder") == "yes" || r.at("responder") == "no");
    double sum = 0;
    for (const char* c : {"p_PM", "p_IM", "p_NM", "p_RM", "p_UM"}) sum += std::stod(r.at(c));
    EXPECT_NEAR(sum, 1.0, 1e-4);
    EXPECT_NE(r.at("dose_rules").find("iv_racemic_standard"), std::string::npos);
    if (r.at("qc_flags").find("weight_unknown") != std::string::npos) EXPECT_EQ(r.at("dose_mg"), "");
    else EXPECT_FALSE(r.at("dose_mg").empty());
  }
  EXPECT_EQ(test::read_tsv(dir_->file("s.qc.samples.tsv")).rows.size(), 150u);
}

TEST_F(Score, ProvenanceAndNotice) {
  const auto j = nlohmann::json::parse(test::read_file(dir_->file("s.predictions.json")));
  EXPECT_NE(j.at("notice").get<std::string>().find("research use only"), std::string::npos);
  const std::string bundle = test::source_dir() + "/models/default";
  const auto sha = test::run("sha256sum " + bundle + "/manifest.json | cut -d' ' -f1");
  EXPECT_EQ(j.at("model").at("manifest_sha256").get<std::string>() + "\n", sha.out);
  const auto manifest = nlohmann::json::parse(test::read_file(bundle + "/manifest.json"));
  EXPECT_EQ(j.at("model").at("weights"), manifest.at("weights"));  // each weight file's SHA-256
  EXPECT_EQ(j.at("inputs").at("vcf").at("sha256").get<std::string>().size(), 64u);
  EXPECT_EQ(j.at("samples").size(), 150u);
  EXPECT_EQ(j.at("genome_build").at("used"), "GRCh38");
}

TEST_F(Score, SameProbabilitiesAsEvaluate) {
  test::TempDir d;
  const auto r = test::run_ketapgx("evaluate --quiet --model " + test::source_dir() + "/models/default " + inputs() +
                                   " --outcomes " + sim("outcomes.tsv") + " --out " + d.file("ev"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::map<std::string, std::string> ev;
  for (const auto& row : test::read_tsv(d.file("ev.predictions.tsv")).rows) ev[row.at("sample_id")] = row.at("p_responder");
  int compared = 0;
  for (const auto& row : test::read_tsv(dir_->file("s.predictions.tsv")).rows) {
    EXPECT_EQ(row.at("p_responder"), ev.at(row.at("sample_id"))) << row.at("sample_id");
    ++compared;
  }
  EXPECT_EQ(compared, 150);
}

TEST_F(Score, BadInputIsReportedNotCrashed) {
  test::TempDir d;
  // A corrupt bundle.
  fs::copy(test::source_dir() + "/models/default", d.file("bundle"), fs::copy_options::recursive);
  std::ofstream(d.file("bundle/fold0.pt"), std::ios::app) << "x";
  auto r = test::run_ketapgx("score " + inputs() + " --model " + d.file("bundle") + " --out " + d.file("out/a"));
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_NE(r.err.find("fold0.pt"), std::string::npos) << r.err;
  // Impossible covariates.
  test::write_file(d.file("cov.tsv"), "sample_id\tage\tweight_kg\nSIM001\t300\t70\n");
  r = test::run_ketapgx("score --vcf " + sim("cohort.vcf.gz") + " --expression " + sim("expression.tsv") + " --covariates " +
                        d.file("cov.tsv") + " --out " + d.file("out/b"));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("age"), std::string::npos) << r.err;
  test::write_file(d.file("cov2.tsv"), "sample_id\tage\tweight_kg\nSIM001\t40\t-70\n");
  r = test::run_ketapgx("score --vcf " + sim("cohort.vcf.gz") + " --expression " + sim("expression.tsv") + " --covariates " +
                        d.file("cov2.tsv") + " --out " + d.file("out/c"));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("weight_kg"), std::string::npos) << r.err;
  // No expression at all: the model needs it, so the schema check names the missing feature.
  r = test::run_ketapgx("score --vcf " + sim("cohort.vcf.gz") + " --covariates " + sim("covariates.tsv") + " --out " + d.file("out/d"));
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_NE(r.err.find("expr:"), std::string::npos) << r.err;
  EXPECT_TRUE(!fs::exists(d.file("out")) || fs::is_empty(d.file("out"))) << "partial output left behind";
}

TEST_F(Score, MissingInputsBecomePerSampleFlags) {
  test::TempDir d;
  // Expression for all but one person and without GRM2; covariates for all but another.
  std::string expr, cov;
  for (const auto& line : test::split(test::read_file(sim("expression.tsv")), '\n'))
    if (!line.empty() && line.rfind("GRM2\t", 0) != 0) expr += line + "\n";
  test::write_file(d.file("e.tsv"), expr);
  for (const auto& line : test::split(test::read_file(sim("covariates.tsv")), '\n'))
    if (!line.empty() && line.rfind("SIM002\t", 0) != 0) cov += line + "\n";
  test::write_file(d.file("c.tsv"), cov);
  const auto r = test::run_ketapgx("score --quiet --vcf " + sim("cohort.vcf.gz") + " --expression " + d.file("e.tsv") +
                                   " --covariates " + d.file("c.tsv") + " --out " + d.file("s"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::map<std::string, std::string> flags;
  for (const auto& row : test::read_tsv(d.file("s.predictions.tsv")).rows) flags[row.at("sample_id")] = row.at("qc_flags");
  EXPECT_NE(flags.at("SIM001").find("expression_genes_missing"), std::string::npos) << flags.at("SIM001");
  EXPECT_NE(flags.at("SIM002").find("no_covariates"), std::string::npos) << flags.at("SIM002");
  EXPECT_NE(flags.at("SIM002").find("weight_unknown"), std::string::npos);
}

TEST_F(Score, ReportRendersOfflineInChromium) {
  const std::string html = test::read_file(dir_->file("s.report.html"));
  // Self-contained: no external resources at all.
  for (const char* bad : {"src=\"http", "href=\"http", "<script", "<link", "@import", "url("})
    EXPECT_EQ(html.find(bad), std::string::npos) << bad;
  EXPECT_NE(html.find("research use only"), std::string::npos);
  std::string chromium;
  for (const char* c : {"chromium", "chromium-browser"})
    if (test::have_tool(c)) chromium = c;
  ASSERT_FALSE(chromium.empty()) << "Debian's chromium is needed to render the report (scripts/setup.sh installs it)";
  test::TempDir d;
  const auto r = test::run(chromium + " --headless --no-sandbox --disable-gpu --disable-background-networking "
                           "--disable-component-update --disable-sync --no-first-run --user-data-dir=" + d.file("profile") +
                           " --dump-dom file://" + dir_->file("s.report.html"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* id : {"id=\"samples\"", "id=\"plot-p-responder\"", "id=\"plot-metabolizer\"", "id=\"plot-qc\"", "id=\"notice\""})
    EXPECT_NE(r.out.find(id), std::string::npos) << id;
  EXPECT_NE(r.out.find("SIM001"), std::string::npos);  // the per-sample table was rendered
  EXPECT_NE(r.out.find("<rect class=\"bar\""), std::string::npos);
}

}  // namespace
}  // namespace ketapgx

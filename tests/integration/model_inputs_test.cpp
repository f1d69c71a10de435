// Predictions from the inputs a lab has (issue 22): a bundle trained with
// expression also keeps a network without it; a cohort scored without
// --expression, and a person with no expression or mostly missing
// expression, get that network, and every row says which (model_inputs). The
// model card and evaluate report what a prediction-model report needs.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>

#include "support/test_support.h"

namespace ketapgx {
namespace {

namespace fs = std::filesystem;

class ModelInputs : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    ASSERT_EQ(test::run_ketapgx("simulate --quiet -n 400 --seed 31 --out " + file("sim")).exit_code, 0);
    const auto r = test::run_ketapgx("train --quiet --vcf " + file("sim/cohort.vcf.gz") + " --expression " + file("sim/expression.tsv") +
                                     " --covariates " + file("sim/covariates.tsv") + " --outcomes " + file("sim/outcomes.tsv") +
                                     " --folds 3 --max-epochs 30 --seed 5 --out " + file("bundle"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string file(const std::string& f) { return dir_->file(f); }
  static std::string genotypes_and_covariates() {
    return "--model " + file("bundle") + " --vcf " + file("sim/cohort.vcf.gz") + " --covariates " + file("sim/covariates.tsv");
  }
  static std::map<std::string, std::map<std::string, std::string>> rows(const std::string& tsv) {
    std::map<std::string, std::map<std::string, std::string>> out;
    for (const auto& r : test::read_tsv(tsv).rows) out[r.at("sample_id")] = r;
    return out;
  }
  static test::TempDir* dir_;
};
test::TempDir* ModelInputs::dir_ = nullptr;

TEST_F(ModelInputs, TheBundleKeepsASecondNetworkAndSaysWhatEachServes) {
  const auto m = nlohmann::json::parse(test::read_file(file("bundle/manifest.json")));
  EXPECT_EQ(m.at("inputs"), "genotypes+expression+covariates");
  ASSERT_TRUE(m.at("reduced").is_object());
  EXPECT_EQ(m.at("reduced").at("inputs"), "genotypes+covariates");
  for (const auto& f : m.at("reduced").at("params").at("features")) {
    EXPECT_NE(f.get<std::string>().rfind("expr:", 0), 0u) << f;
    EXPECT_NE(f.get<std::string>().rfind("expr_set:", 0), 0u) << f;
  }
  for (const char* f : {"calibration.svg", "calibration_reduced.svg", "decision_curve.svg", "decision_curve_reduced.svg"})
    EXPECT_TRUE(fs::exists(file("bundle/") + f)) << f;
  const std::string card = test::read_file(file("bundle/MODEL_CARD.md"));
  for (const char* needle : {"## Cross-validated performance (out-of-fold): genotypes+expression+covariates",
                             "## Cross-validated performance (out-of-fold): genotypes+covariates", "calibration-in-the-large",
                             "calibration slope", "Net benefit of acting on p_responder", "Subgroups (reported from 100 people",
                             "## Uncertainty: what p_responder_lo / p_responder_hi are", "not a confidence interval",
                             "## TRIPOD+AI checklist", "the real-world data source", "ethics approval"})
    EXPECT_NE(card.find(needle), std::string::npos) << needle;
  // Its weights are verified like the main network's.
  test::TempDir d;
  fs::copy(file("bundle"), d.file("b"));
  std::string w = test::read_file(d.file("b/reduced_fold0.pt"));
  w[w.size() / 2] = static_cast<char>(w[w.size() / 2] ^ 1);
  test::write_file(d.file("b/reduced_fold0.pt"), w);
  const auto r = test::run_ketapgx("score --model " + d.file("b") + " --vcf " + file("sim/cohort.vcf.gz") + " --covariates " +
                                   file("sim/covariates.tsv") + " --out " + d.file("o"));
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_NE(r.err.find("reduced_fold0.pt does not match its SHA-256"), std::string::npos) << r.err;
}

TEST_F(ModelInputs, ACohortWithoutExpressionIsScoredByTheNetworkWithoutIt) {
  test::TempDir d;
  const auto r = test::run_ketapgx("score " + genotypes_and_covariates() + " --out " + d.file("s"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("model inputs: 0 people predicted from genotypes+expression+covariates, 400 from genotypes+covariates"),
            std::string::npos) << r.err;
  const auto t = test::read_tsv(d.file("s.predictions.tsv"));
  EXPECT_EQ(t.columns.back(), "model_inputs");
  ASSERT_EQ(t.rows.size(), 400u);
  for (const auto& row : t.rows) {
    EXPECT_EQ(row.at("model_inputs"), "genotypes+covariates");
    EXPECT_EQ(row.at("qc_flags").find("expression"), std::string::npos) << row.at("qc_flags");
    EXPECT_EQ(row.at("top_features").find("expr"), std::string::npos) << row.at("top_features");
  }
  const auto j = nlohmann::json::parse(test::read_file(d.file("s.predictions.json")));
  EXPECT_EQ(j.at("samples")[0].at("model_inputs"), "genotypes+covariates");
  EXPECT_NE(j.at("field_descriptions").at("p_responder_lo").get<std::string>().find("lowest of the fold models"), std::string::npos);
  const std::string report = test::read_file(d.file("s.report.html"));
  EXPECT_NE(report.find("400 from genotypes+covariates"), std::string::npos);
  EXPECT_NE(report.find("lowest and highest prediction of the fold models"), std::string::npos);
  // A cohort without covariates either: refused, naming the option (the networks read covariates).
  const auto c = test::run_ketapgx("score --model " + file("bundle") + " --vcf " + file("sim/cohort.vcf.gz") + " --out " + d.file("c"));
  EXPECT_EQ(c.exit_code, 3) << c.err;
  EXPECT_NE(c.err.find("give --covariates"), std::string::npos) << c.err;
}

TEST_F(ModelInputs, APersonWithoutExpressionGetsTheNetworkWithoutIt) {
  test::TempDir d;
  // SIM001 is left out of the expression file, SIM002 has every value NA, SIM003 one gene NA.
  std::string expr;
  std::size_t line_no = 0;
  for (const auto& line : test::split(test::read_file(file("sim/expression.tsv")), '\n')) {
    if (line.empty()) continue;
    auto f = test::split(line, '\t');
    // Genes x samples: column 1 is SIM001, 2 SIM002, 3 SIM003.
    if (line_no > 0) {
      f[2] = "NA";
      if (line_no == 1) f[3] = "NA";
    }
    std::string out;
    for (std::size_t i = 0; i < f.size(); ++i)
      if (i != 1) out += (out.empty() ? "" : "\t") + f[i];
    expr += out + "\n";
    ++line_no;
  }
  test::write_file(d.file("expr.tsv"), expr);
  const auto r = test::run_ketapgx("score --quiet --allow-missing-expression " + genotypes_and_covariates() + " --expression " +
                                   d.file("expr.tsv") + " --out " + d.file("s"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto got = rows(d.file("s.predictions.tsv"));
  EXPECT_EQ(got.at("SIM001").at("model_inputs"), "genotypes+covariates");
  EXPECT_NE(got.at("SIM001").at("qc_flags").find("no_expression"), std::string::npos);
  EXPECT_EQ(got.at("SIM002").at("model_inputs"), "genotypes+covariates");
  EXPECT_EQ(got.at("SIM003").at("model_inputs"), "genotypes+expression+covariates");
  EXPECT_NE(got.at("SIM003").at("qc_flags").find("expression_genes_missing"), std::string::npos);
  EXPECT_EQ(got.at("SIM004").at("model_inputs"), "genotypes+expression+covariates");
  // The network without expression gives the person the numbers it gives without any expression file.
  const auto n = test::run_ketapgx("score --quiet " + genotypes_and_covariates() + " --out " + d.file("n"));
  ASSERT_EQ(n.exit_code, 0) << n.err;
  auto none = rows(d.file("n.predictions.tsv"));
  for (const char* s : {"SIM001", "SIM002"})
    for (const char* c : {"p_responder", "p_responder_lo", "p_responder_hi", "metabolizer_class", "top_features"})
      EXPECT_EQ(got.at(s).at(c), none.at(s).at(c)) << s << " " << c;
  // evaluate: per input set, with decision curve and subgroups.
  const auto e = test::run_ketapgx("evaluate --quiet --allow-missing-expression " + genotypes_and_covariates() + " --expression " +
                                   d.file("expr.tsv") + " --outcomes " + file("sim/outcomes.tsv") + " --out " + d.file("e"));
  ASSERT_EQ(e.exit_code, 0) << e.err;
  const auto j = nlohmann::json::parse(test::read_file(d.file("e.metrics.json")));
  EXPECT_EQ(j.at("by_model_inputs").at("genotypes+covariates").at("samples"), 2);
  EXPECT_EQ(j.at("by_model_inputs").at("genotypes+expression+covariates").at("samples"), 398);
  const auto& r398 = j.at("by_model_inputs").at("genotypes+expression+covariates").at("metrics").at("responder");
  for (const char* k : {"calibration_in_the_large", "calibration_intercept", "calibration_slope", "net_benefit", "subgroups"})
    EXPECT_TRUE(r398.contains(k)) << k;
  // Two people: no interval, no subgroup from under 100.
  const auto& r2 = j.at("by_model_inputs").at("genotypes+covariates").at("metrics").at("responder");
  EXPECT_TRUE(r2.at("auroc").at("ci95")[0].is_null());
  for (const auto& g : r2.at("subgroups")) EXPECT_TRUE(g.contains("skipped")) << g.dump();
  EXPECT_TRUE(fs::exists(d.file("e.decision_curve.svg")));
  const std::string text = test::read_file(d.file("e.metrics.txt"));
  EXPECT_NE(text.find("-- people predicted from genotypes+covariates (2)"), std::string::npos) << text;
  EXPECT_NE(text.find("net benefit (decision curve"), std::string::npos);
}

}  // namespace
}  // namespace ketapgx

// `ketapgx train` and `ketapgx evaluate` on simulated cohorts: bundles are
// complete, reproducible and verified; bad input fails cleanly.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "support/test_support.h"

namespace ketapgx {
namespace {

namespace fs = std::filesystem;

class Model : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    ASSERT_EQ(test::run_ketapgx("simulate --quiet -n 400 --seed 21 --out " + dir_->file("train")).exit_code, 0);
    ASSERT_EQ(test::run_ketapgx("simulate --quiet -n 200 --seed 22 --out " + dir_->file("test")).exit_code, 0);
    const auto r = test::run_ketapgx("train --quiet " + inputs("train") + " --outcomes " + dir_->file("train/outcomes.tsv") +
                                     " --folds 3 --max-epochs 30 --seed 5 --out " + dir_->file("bundle"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string inputs(const std::string& cohort) {
    const std::string d = dir_->file(cohort) + "/";
    return "--vcf " + d + "cohort.vcf.gz --expression " + d + "expression.tsv --covariates " + d + "covariates.tsv";
  }
  static std::string bundle() { return dir_->file("bundle"); }
  static test::TempDir* dir_;
};
test::TempDir* Model::dir_ = nullptr;

TEST_F(Model, BundleIsCompleteAndLabelledSimulated) {
  for (const char* f : {"manifest.json", "MODEL_CARD.md", "fold0.pt", "fold1.pt", "fold2.pt", "fold0_metabolizer.pt",
                        "fold2_metabolizer.pt"})
    EXPECT_TRUE(fs::exists(bundle() + "/" + f)) << f;
  const auto m = nlohmann::json::parse(test::read_file(bundle() + "/manifest.json"));
  EXPECT_TRUE(m.at("simulated_data").get<bool>());
  EXPECT_EQ(m.at("feature_schema").at("genome_build"), "GRCh38");
  EXPECT_EQ(m.at("weights").size(), 6u);  // per fold: best-responder and best-metabolizer weights
  EXPECT_TRUE(m.at("cv_metrics").at("responder").contains("auroc"));
  EXPECT_TRUE(m.at("training_data").at("fingerprint").contains("vcf"));
  const std::string card = test::read_file(bundle() + "/MODEL_CARD.md");
  EXPECT_NE(card.find("SIMULATED"), std::string::npos);
  EXPECT_NE(card.find("research use only"), std::string::npos);
  EXPECT_NE(card.find("Out of scope"), std::string::npos);
}

TEST_F(Model, SameSeedGivesBitIdenticalWeights) {
  test::TempDir d;
  const auto r = test::run_ketapgx("train --quiet " + inputs("train") + " --outcomes " + dir_->file("train/outcomes.tsv") +
                                   " --folds 3 --max-epochs 30 --seed 5 --out " + d.file("again"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* f : {"fold0.pt", "fold1.pt", "fold2.pt", "fold1_metabolizer.pt"})
    EXPECT_EQ(test::read_file(bundle() + "/" + f), test::read_file(d.file(std::string("again/") + f))) << f;
}

TEST_F(Model, EvaluateWritesMetrics) {
  test::TempDir d;
  const auto r = test::run_ketapgx("evaluate --quiet --model " + bundle() + " " + inputs("test") + " --outcomes " +
                                   dir_->file("test/outcomes.tsv") + " --out " + d.file("ev"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(test::read_file(d.file("ev.metrics.json")));
  const auto& resp = j.at("metrics").at("responder");
  EXPECT_EQ(resp.at("n"), 200);
  const double auc = resp.at("auroc").at("value").get<double>();
  EXPECT_GT(auc, 0.5);  // better than chance on held-out simulated people
  EXPECT_LE(resp.at("auroc").at("ci95")[0].get<double>(), auc);
  EXPECT_TRUE(j.at("metrics").at("metabolizer").contains("confusion_matrix"));
  EXPECT_NE(test::read_file(d.file("ev.metrics.txt")).find("balanced accuracy"), std::string::npos);
}

TEST_F(Model, DefaultBundleMatchesTheFeaturesOfThisVersion) {
  // models/default must verify and fit today's feature schema (retrain it with
  // scripts/train_default_model.sh when the features change).
  test::TempDir d;
  const auto r = test::run_ketapgx("evaluate --quiet --model " + test::source_dir() + "/models/default " + inputs("test") +
                                   " --outcomes " + dir_->file("test/outcomes.tsv") + " --out " + d.file("ev"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto m = nlohmann::json::parse(test::read_file(test::source_dir() + "/models/default/manifest.json"));
  EXPECT_TRUE(m.at("simulated_data").get<bool>());
  EXPECT_NE(test::read_file(test::source_dir() + "/models/default/MODEL_CARD.md").find("Held-out evaluation"), std::string::npos);
}

TEST_F(Model, TrainsOnAnotherPanelAndGeneSets) {
  test::TempDir d;
  // A panel of its own (the star-allele rows and rs6265 under another ID) and two gene sets of its own.
  std::string panel;
  for (const auto& line : test::split(test::read_file(test::source_dir() + "/configs/panels/ketapgx_panel.GRCh38.tsv"), '\n')) {
    if (line.empty()) continue;
    std::string l = line;
    if (l.find("\trs6265\t") != std::string::npos) l.replace(l.find("rs6265"), 6, "BDNF_Val66Met");
    panel += l + "\n";
  }
  test::write_file(d.file("panel.tsv"), panel);
  test::write_file(d.file("sets.tsv"), "gene_set\tgene\nglutamate_core\tGRM2\nglutamate_core\tGRIN2D\ntrophic\tBDNF\n");
  const auto r = test::run_ketapgx("train --quiet " + inputs("train") + " --panel " + d.file("panel.tsv") + " --gene-sets " +
                                   d.file("sets.tsv") + " --outcomes " + dir_->file("train/outcomes.tsv") +
                                   " --folds 2 --max-epochs 5 --out " + d.file("b"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto m = nlohmann::json::parse(test::read_file(d.file("b/manifest.json")));
  const auto features = m.at("feature_schema").at("features").get<std::vector<std::string>>();
  for (const char* f : {"dosage:BDNF_Val66Met_T", "burden_set:glutamate_core", "expr:GRM2", "expr_set:trophic"})
    EXPECT_NE(std::find(features.begin(), features.end(), f), features.end()) << f;
  EXPECT_EQ(std::find(features.begin(), features.end(), "expr:GRIA1"), features.end());
  EXPECT_EQ(m.at("feature_schema").at("gene_sets"), d.file("sets.tsv"));
}

TEST_F(Model, CorruptBundleIsRefused) {
  test::TempDir d;
  fs::copy(bundle(), d.file("b"), fs::copy_options::recursive);
  std::ofstream(d.file("b/fold1.pt"), std::ios::app) << "x";
  const auto r = test::run_ketapgx("evaluate --model " + d.file("b") + " " + inputs("test") + " --outcomes " +
                                   dir_->file("test/outcomes.tsv") + " --out " + d.file("ev"));
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_NE(r.err.find("fold1.pt does not match its SHA-256"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(d.file("ev.metrics.json")));
}

TEST_F(Model, MismatchedFeaturesAreRefused) {
  test::TempDir d;
  const std::string t = dir_->file("test") + "/";
  const auto r = test::run_ketapgx("evaluate --model " + bundle() + " --vcf " + t + "cohort.vcf.gz --covariates " + t +
                                   "covariates.tsv --outcomes " + t + "outcomes.tsv --out " + d.file("ev"));
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_NE(r.err.find("feature schema mismatch"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("expr:"), std::string::npos) << r.err;
}

TEST_F(Model, BadTrainingInputLeavesNoBundle) {
  test::TempDir d;
  const std::string base = "train --max-epochs 2 --folds 2 " + inputs("train") + " --out " + d.file("b") + " --outcomes ";
  // Outcomes for a sample without genotypes.
  std::string o = test::read_file(dir_->file("train/outcomes.tsv")) + "GHOST\t1\tNM\n";
  test::write_file(d.file("ghost.tsv"), o);
  auto r = test::run_ketapgx(base + d.file("ghost.tsv"));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("GHOST"), std::string::npos) << r.err;
  // A single responder class.
  std::string single = "sample_id\tresponder\tmetabolizer_class\n";
  for (const auto& row : test::read_tsv(dir_->file("train/outcomes.tsv")).rows)
    single += row.at("sample_id") + "\t1\t" + row.at("metabolizer_class") + "\n";
  test::write_file(d.file("single.tsv"), single);
  r = test::run_ketapgx(base + d.file("single.tsv"));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("single class"), std::string::npos) << r.err;
  // A feature with no value anywhere (an all-NA expression gene).
  std::string e = test::read_file(dir_->file("train/expression.tsv"));
  std::string patched;
  for (const auto& line : test::split(e, '\n')) {
    if (line.rfind("GRM2\t", 0) == 0) {
      std::string na = "GRM2";
      for (std::size_t k = 1; k < test::split(line, '\t').size(); ++k) na += "\tNA";
      patched += na + "\n";
    } else if (!line.empty()) {
      patched += line + "\n";
    }
  }
  test::write_file(d.file("expr.tsv"), patched);
  r = test::run_ketapgx("train --max-epochs 2 --folds 2 --vcf " + dir_->file("train/cohort.vcf.gz") + " --expression " +
                        d.file("expr.tsv") + " --allow-missing-expression --out " + d.file("b") + " --outcomes " +
                        dir_->file("train/outcomes.tsv"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("expr:GRM2"), std::string::npos) << r.err;
  // Nothing left behind by any of them.
  for (const auto& f : d.list()) EXPECT_EQ(f.find("b"), std::string::npos) << f;
}

}  // namespace
}  // namespace ketapgx

// `ketapgx train` and `ketapgx evaluate` on simulated cohorts: bundles are
// complete, self-contained, reproducible and verified file by file; training
// copes with the genes a lab has; bad input and tampered bundles fail cleanly.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>

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
  static std::string inputs(const std::string& cohort) { return inputs_of(dir_->file(cohort)); }
  static std::string inputs_of(const std::string& dir) {
    const std::string d = dir + "/";
    return "--vcf " + d + "cohort.vcf.gz --expression " + d + "expression.tsv --covariates " + d + "covariates.tsv";
  }
  static std::string bundle() { return dir_->file("bundle"); }
  static std::string evaluate_args(const std::string& model, const std::string& out) {
    return "evaluate --quiet --model " + model + " " + inputs("test") + " --outcomes " + dir_->file("test/outcomes.tsv") + " --out " + out;
  }
  // A copy of the bundle with its manifest edited by `edit`.
  static std::string tampered(const test::TempDir& d, const std::string& name,
                              const std::function<void(nlohmann::json&)>& edit) {
    const std::string b = d.file(name);
    fs::copy(bundle(), b, fs::copy_options::recursive);
    auto m = nlohmann::json::parse(test::read_file(b + "/manifest.json"));
    edit(m);
    test::write_file(b + "/manifest.json", m.dump(2));
    return b;
  }
  static test::TempDir* dir_;
};
test::TempDir* Model::dir_ = nullptr;

std::map<std::string, std::string> p_responder(const std::string& tsv) {
  std::map<std::string, std::string> out;
  for (const auto& row : test::read_tsv(tsv).rows) out[row.at("sample_id")] = row.at("p_responder");
  return out;
}

TEST_F(Model, BundleIsCompleteSelfContainedAndLabelledSimulated) {
  for (const char* f : {"manifest.json", "MODEL_CARD.md", "calibration.svg", "panel.tsv", "gene_sets.tsv", "fold0.pt", "fold1.pt",
                        "fold2.pt", "fold0_metabolizer.pt", "fold2_metabolizer.pt"})
    EXPECT_TRUE(fs::exists(bundle() + "/" + f)) << f;
  const auto m = nlohmann::json::parse(test::read_file(bundle() + "/manifest.json"));
  EXPECT_EQ(m.at("format_version"), 2);
  EXPECT_TRUE(m.at("simulated_data").get<bool>());
  const auto& schema = m.at("feature_schema");
  EXPECT_EQ(schema.at("genome_build"), "GRCh38");
  // The panel and gene sets travel with the bundle, checksummed.
  EXPECT_EQ(schema.at("panel").at("file"), "panel.tsv");
  EXPECT_EQ(test::read_file(bundle() + "/panel.tsv"),
            test::read_file(test::source_dir() + "/configs/panels/ketapgx_panel.GRCh38.tsv"));
  EXPECT_EQ(schema.at("panel").at("sha256").get<std::string>() + "\n",
            test::run("sha256sum " + bundle() + "/panel.tsv | cut -d' ' -f1").out);
  EXPECT_EQ(schema.at("gene_sets").at("file"), "gene_sets.tsv");
  // Per fold: best-responder and best-metabolizer weights, each named with its fold and task.
  ASSERT_EQ(m.at("weights").size(), 6u);
  EXPECT_EQ(m.at("weights")[0].at("fold"), 0);
  EXPECT_EQ(m.at("weights")[0].at("task"), "responder");
  EXPECT_EQ(m.at("weights")[1].at("task"), "metabolizer");
  EXPECT_EQ(m.at("params").at("calibration").at("method"), "platt");
  EXPECT_FALSE(m.at("hyperparameters").at("responder_class_weight").get<bool>());
  EXPECT_EQ(m.at("model_api_version"), 2);
  EXPECT_TRUE(m.at("cv_metrics").at("responder").contains("auroc"));
  EXPECT_TRUE(m.at("training_data").at("fingerprint").contains("vcf"));
  // Features without information (genes without panel variants have burden 0 for everyone) are left out, with the reason.
  bool burden_left_out = false;
  for (const auto& e : schema.at("excluded"))
    burden_left_out |= e.at("feature") == "burden:GRIN1" && e.at("reason").get<std::string>().find("constant") != std::string::npos;
  EXPECT_TRUE(burden_left_out);
  const auto features = schema.at("features").get<std::vector<std::string>>();
  EXPECT_EQ(std::find(features.begin(), features.end(), "burden:GRIN1"), features.end());
  const std::string card = test::read_file(bundle() + "/MODEL_CARD.md");
  EXPECT_NE(card.find("SIMULATED"), std::string::npos);
  EXPECT_NE(card.find("research use only"), std::string::npos);
  EXPECT_NE(card.find("Out of scope"), std::string::npos);
  EXPECT_NE(card.find("](calibration.svg)"), std::string::npos);
  EXPECT_NE(card.find("Platt scaling"), std::string::npos);
  EXPECT_NE(card.find("| burden:GRIN1 |"), std::string::npos);
  EXPECT_NE(test::read_file(bundle() + "/calibration.svg").find("<circle class=\"bin\""), std::string::npos);
}

TEST_F(Model, SameSeedGivesBitIdenticalWeights) {
  test::TempDir d;
  const auto r = test::run_ketapgx("train --quiet " + inputs("train") + " --outcomes " + dir_->file("train/outcomes.tsv") +
                                   " --folds 3 --max-epochs 30 --seed 5 --out " + d.file("again"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* f : {"fold0.pt", "fold1.pt", "fold2.pt", "fold1_metabolizer.pt"})
    EXPECT_EQ(test::read_file(bundle() + "/" + f), test::read_file(d.file(std::string("again/") + f))) << f;
}

TEST_F(Model, EvaluateWritesMetricsReliabilityAndCalibrationFigure) {
  test::TempDir d;
  const auto r = test::run_ketapgx(evaluate_args(bundle(), d.file("ev")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(test::read_file(d.file("ev.metrics.json")));
  const auto& resp = j.at("metrics").at("responder");
  EXPECT_EQ(resp.at("n"), 200);
  const double auc = resp.at("auroc").at("value").get<double>();
  EXPECT_GT(auc, 0.5);  // better than chance on held-out simulated people
  EXPECT_LE(resp.at("auroc").at("ci95")[0].get<double>(), auc);
  EXPECT_TRUE(resp.contains("mean_predicted"));
  EXPECT_TRUE(j.at("metrics").at("metabolizer").contains("confusion_matrix"));
  const std::string text = test::read_file(d.file("ev.metrics.txt"));
  EXPECT_NE(text.find("balanced accuracy"), std::string::npos);
  EXPECT_NE(text.find("reliability"), std::string::npos);
  // One row of the reliability table and one dot of the figure per non-empty bin.
  const std::string svg = test::read_file(d.file("ev.calibration.svg"));
  std::size_t dots = 0;
  for (std::size_t k = 0; (k = svg.find("<circle class=\"bin\"", k)) != std::string::npos; ++k) ++dots;
  EXPECT_EQ(dots, resp.at("calibration_curve").size());
  // This fixture's 30-epoch model predicts within a narrow band (two or three
  // bins of ten); more than one dot shows the bins are drawn apart.
  EXPECT_GE(dots, 2u);
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
}

TEST_F(Model, DefaultBundleMatchesTheFeaturesOfThisVersion) {
  // models/default must verify and fit today's feature schema (retrain it with
  // scripts/train_default_model.sh when the features change).
  test::TempDir d;
  const auto r = test::run_ketapgx(evaluate_args(test::source_dir() + "/models/default", d.file("ev")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto m = nlohmann::json::parse(test::read_file(test::source_dir() + "/models/default/manifest.json"));
  EXPECT_TRUE(m.at("simulated_data").get<bool>());
  EXPECT_EQ(m.at("params").at("calibration").at("method"), "platt");
  EXPECT_NE(test::read_file(test::source_dir() + "/models/default/MODEL_CARD.md").find("Held-out evaluation"), std::string::npos);
}

// A lab's own panel and gene sets; the bundle is moved to another directory and
// everything it was trained from is deleted: it scores exactly as before, and
// exactly as evaluate predicts, with no --panel or --gene-sets.
TEST_F(Model, MovedBundleWithItsTrainingFolderDeletedScoresTheSame) {
  test::TempDir d;
  const std::string lab = d.file("lab");
  fs::create_directories(lab);
  std::string panel;
  for (const auto& line : test::split(test::read_file(test::source_dir() + "/configs/panels/ketapgx_panel.GRCh38.tsv"), '\n')) {
    if (line.empty()) continue;
    std::string l = line;
    if (l.find("\trs6265\t") != std::string::npos) l.replace(l.find("rs6265"), 6, "BDNF_Val66Met");
    panel += l + "\n";
  }
  test::write_file(lab + "/panel.tsv", panel);
  test::write_file(lab + "/sets.tsv", "gene_set\tgene\nglutamate_core\tGRM2\nglutamate_core\tGRIN2D\ntrophic\tBDNF\n");
  fs::copy(dir_->file("train"), lab + "/cohort", fs::copy_options::recursive);
  const auto r = test::run_ketapgx("train --quiet " + inputs_of(lab + "/cohort") + " --panel " + lab + "/panel.tsv --gene-sets " +
                                   lab + "/sets.tsv --outcomes " + lab + "/cohort/outcomes.tsv --folds 2 --max-epochs 8 --out " + lab + "/b");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto m = nlohmann::json::parse(test::read_file(lab + "/b/manifest.json"));
  const auto features = m.at("feature_schema").at("features").get<std::vector<std::string>>();
  for (const char* f : {"dosage:BDNF_Val66Met_T", "expr:GRM2", "expr_set:trophic"})
    EXPECT_NE(std::find(features.begin(), features.end(), f), features.end()) << f;
  EXPECT_EQ(std::find(features.begin(), features.end(), "expr:GRIA1"), features.end());
  EXPECT_EQ(m.at("feature_schema").at("gene_sets").at("source"), lab + "/sets.tsv");
  // Score where it was trained, then move it and delete the training folder.
  const std::string score = "score --quiet " + inputs("test");
  auto s1 = test::run_ketapgx(score + " --model " + lab + "/b --out " + d.file("before"));
  ASSERT_EQ(s1.exit_code, 0) << s1.err;
  fs::rename(lab + "/b", d.file("moved"));
  fs::remove_all(lab);
  auto s2 = test::run_ketapgx(score + " --model " + d.file("moved") + " --out " + d.file("after"));
  ASSERT_EQ(s2.exit_code, 0) << s2.err;
  EXPECT_EQ(test::read_file(d.file("before.predictions.tsv")), test::read_file(d.file("after.predictions.tsv")));
  auto e = test::run_ketapgx(evaluate_args(d.file("moved"), d.file("ev")));
  ASSERT_EQ(e.exit_code, 0) << e.err;
  const auto ev = p_responder(d.file("ev.predictions.tsv"));
  const auto sc = p_responder(d.file("after.predictions.tsv"));
  ASSERT_EQ(ev.size(), 200u);
  EXPECT_EQ(ev, sc);
  // The bundle's own definitions were used (not the bundled defaults).
  const auto pj = nlohmann::json::parse(test::read_file(d.file("after.predictions.json")));
  EXPECT_EQ(pj.at("feature_definitions").at("gene_sets").at("path"), d.file("moved") + "/gene_sets.tsv");
  // Overriding them with definitions that give other features is refused.
  auto o = test::run_ketapgx(score + " --model " + d.file("moved") + " --gene-sets " + test::source_dir() +
                             "/configs/gene_sets.tsv --out " + d.file("override"));
  // (the user's option, exit 3, not a damaged bundle)
  EXPECT_EQ(o.exit_code, 3);
  EXPECT_NE(o.err.find("which the --panel/--gene-sets given do not define"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(d.file("override.predictions.tsv")));
}

TEST_F(Model, EditedPanelCopyIsRefused) {
  test::TempDir d;
  fs::copy(bundle(), d.file("b"), fs::copy_options::recursive);
  std::ofstream(d.file("b/panel.tsv"), std::ios::app) << "chr11\t1\trsX\tA\tG\tBDNF\tresponse\n";
  for (const char* cmd : {"evaluate", "score"}) {
    const std::string args = std::string(cmd) == "evaluate" ? evaluate_args(d.file("b"), d.file("ev"))
                                                             : "score " + inputs("test") + " --model " + d.file("b") + " --out " + d.file("s");
    const auto r = test::run_ketapgx(args);
    EXPECT_EQ(r.exit_code, 4) << cmd;
    EXPECT_NE(r.err.find("panel.tsv does not match its SHA-256"), std::string::npos) << r.err;
  }
  EXPECT_TRUE(d.list().size() == 1) << "outputs left behind";
}

TEST_F(Model, CorruptBundleIsRefused) {
  test::TempDir d;
  fs::copy(bundle(), d.file("b"), fs::copy_options::recursive);
  std::ofstream(d.file("b/fold1.pt"), std::ios::app) << "x";
  const auto r = test::run_ketapgx(evaluate_args(d.file("b"), d.file("ev")));
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_NE(r.err.find("fold1.pt does not match its SHA-256"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(d.file("ev.metrics.json")));
}

// predict gets exactly the bytes load_bundle verified: a weight file the
// manifest does not list is never loaded, names must be plain, links refused.
TEST_F(Model, OnlyVerifiedWeightFilesAreUsed) {
  test::TempDir d;
  // fold0.pt replaced by other bytes and its entry deleted.
  std::string b = tampered(d, "unlisted", [](nlohmann::json& m) {
    auto& w = m["weights"];
    w.erase(w.begin());
  });
  fs::copy_file(b + "/fold1.pt", b + "/fold0.pt", fs::copy_options::overwrite_existing);
  auto r = test::run_ketapgx(evaluate_args(b, d.file("ev1")));
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_NE(r.err.find("lists no responder weights for fold 0"), std::string::npos) << r.err;
  // A path outside the bundle, with that file's true SHA-256.
  test::write_file(d.file("outside.pt"), "not weights");
  const std::string sha = test::run("sha256sum " + d.file("outside.pt") + " | cut -d' ' -f1").out;
  b = tampered(d, "escape", [&](nlohmann::json& m) {
    m["weights"][0]["file"] = "../outside.pt";
    m["weights"][0]["sha256"] = sha.substr(0, 64);
  });
  r = test::run_ketapgx(evaluate_args(b, d.file("ev2")));
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_NE(r.err.find("not a plain file name"), std::string::npos) << r.err;
  // A weight file that is a link to an endless device: refused at once, never read.
  b = tampered(d, "link", [](nlohmann::json&) {});
  fs::remove(b + "/fold0.pt");
  fs::create_symlink("/dev/zero", b + "/fold0.pt");
  r = test::run("timeout 60 " + test::binary() + " " + evaluate_args(b, d.file("ev3")));
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_NE(r.err.find("symbolic link"), std::string::npos) << r.err;
  for (const auto& f : d.list()) EXPECT_EQ(f.find("ev"), std::string::npos) << f;
}

TEST_F(Model, ManifestParametersAreRangeChecked) {
  test::TempDir d;
  const std::vector<std::pair<std::string, std::function<void(nlohmann::json&)>>> cases = {
      {"params.hidden", [](nlohmann::json& m) { m["params"]["hidden"] = 2147483647; }},
      {"params.calibration.slope", [](nlohmann::json& m) { m["params"]["calibration"]["slope"] = -1.0; }},
      {"params.threshold", [](nlohmann::json& m) { m["params"]["threshold"] = 0.0; }},
      {"params.fold_sd[0][3]", [](nlohmann::json& m) { m["params"]["fold_sd"][0][3] = 0.0; }},
      {"params.dropout", [](nlohmann::json& m) { m["params"]["dropout"] = 1.5; }},
      {"params.folds", [](nlohmann::json& m) { m["params"]["folds"] = 0; }},
      {"params.ood.threshold", [](nlohmann::json& m) { m["params"]["ood"]["threshold"] = -3.0; }},
  };
  int k = 0;
  for (const auto& [field, edit] : cases) {
    const std::string b = tampered(d, "b" + std::to_string(k++), edit);
    const auto r = test::run_ketapgx(evaluate_args(b, d.file("ev")));
    EXPECT_EQ(r.exit_code, 4) << field << ": " << r.err;
    EXPECT_NE(r.err.find(field), std::string::npos) << field << ": " << r.err;
    EXPECT_FALSE(fs::exists(d.file("ev.metrics.json")));
  }
}

TEST_F(Model, PluginOfAnotherInterfaceVersionIsRefused) {
  test::TempDir d;
  const auto r = test::run("KETAPGX_MODELS_LIB=" + std::string(KETAPGX_TEST_FAKE_PLUGIN) + " " + test::binary() + " " +
                           evaluate_args(bundle(), d.file("ev")));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("model interface version 999"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(d.file("ev.metrics.json")));
}

TEST_F(Model, MismatchedFeaturesAreRefused) {
  test::TempDir d;
  const std::string t = dir_->file("test") + "/";
  // Without covariates, which both of its networks read: the user's to give (exit 3, naming the option).
  const auto r = test::run_ketapgx("evaluate --model " + bundle() + " --vcf " + t + "cohort.vcf.gz --expression " + t +
                                   "expression.tsv --outcomes " + t + "outcomes.tsv --out " + d.file("ev"));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("give --covariates"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("cov:"), std::string::npos) << r.err;
  // Without expression: the bundle's network without it (tests/integration/model_inputs_test.cpp).
  const auto e = test::run_ketapgx("evaluate --quiet --model " + bundle() + " --vcf " + t + "cohort.vcf.gz --covariates " + t +
                                   "covariates.tsv --outcomes " + t + "outcomes.tsv --out " + d.file("ev2"));
  EXPECT_EQ(e.exit_code, 0) << e.err;
}

// A targeted expression panel lacks genes of the gene sets: training leaves
// them out with one warning, records them, and the bundle then ignores them
// even where a cohort has them (so its gene-set scores mean what they meant).
TEST_F(Model, TrainsWithTheGenesItHas) {
  test::TempDir d;
  std::string reduced;
  for (const auto& line : test::split(test::read_file(dir_->file("train/expression.tsv")), '\n'))
    if (!line.empty() && line.rfind("GRIN3A\t", 0) != 0 && line.rfind("GRM8\t", 0) != 0) reduced += line + "\n";
  test::write_file(d.file("expr.tsv"), reduced);
  // TPM (no library-size normalisation), so a gene's values do not depend on which other genes the file has.
  const auto r = test::run_ketapgx("train --expression-units tpm --vcf " + dir_->file("train/cohort.vcf.gz") + " --expression " + d.file("expr.tsv") +
                                   " --covariates " + dir_->file("train/covariates.tsv") + " --outcomes " +
                                   dir_->file("train/outcomes.tsv") + " --folds 2 --max-epochs 5 --out " + d.file("b"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("absent from the expression file: expr:GRIN3A, expr:GRM8"), std::string::npos) << r.err;
  const auto m = nlohmann::json::parse(test::read_file(d.file("b/manifest.json")));
  std::map<std::string, std::string> ignored;
  for (const auto& g : m.at("feature_schema").at("expression_genes_ignored")) ignored[g.at("gene")] = g.at("reason");
  EXPECT_EQ(ignored.at("GRIN3A"), "absent from the expression file");
  EXPECT_EQ(ignored.at("GRM8"), "absent from the expression file");
  EXPECT_FALSE(m.at("expression_stats").contains("GRIN3A"));
  EXPECT_NE(test::read_file(d.file("b/MODEL_CARD.md")).find("| expr:GRIN3A | absent from the expression file |"), std::string::npos);
  // Scored with the full expression file or the reduced one: the same numbers.
  const std::string t = dir_->file("test") + "/";
  const std::string base = "score --quiet --expression-units tpm --model " + d.file("b") + " --vcf " + t + "cohort.vcf.gz --covariates " + t + "covariates.tsv";
  std::string test_reduced;
  for (const auto& line : test::split(test::read_file(t + "expression.tsv"), '\n'))
    if (!line.empty() && line.rfind("GRIN3A\t", 0) != 0 && line.rfind("GRM8\t", 0) != 0) test_reduced += line + "\n";
  test::write_file(d.file("test_expr.tsv"), test_reduced);
  ASSERT_EQ(test::run_ketapgx(base + " --expression " + t + "expression.tsv --out " + d.file("full")).exit_code, 0);
  ASSERT_EQ(test::run_ketapgx(base + " --expression " + d.file("test_expr.tsv") + " --out " + d.file("reduced")).exit_code, 0);
  EXPECT_EQ(p_responder(d.file("full.predictions.tsv")), p_responder(d.file("reduced.predictions.tsv")));
}

TEST_F(Model, CalibrationAndClassWeightSettingsChangeTheModel) {
  test::TempDir d;
  test::write_file(d.file("cfg.yaml"), "calibration: temperature\nresponder_class_weight: true\nfolds: 3\nmax_epochs: 30\nseed: 5\n");
  const auto r = test::run_ketapgx("train --quiet " + inputs("train") + " --outcomes " + dir_->file("train/outcomes.tsv") +
                                   " --config " + d.file("cfg.yaml") + " --out " + d.file("b"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto m = nlohmann::json::parse(test::read_file(d.file("b/manifest.json")));
  EXPECT_EQ(m.at("params").at("calibration").at("method"), "temperature");
  EXPECT_EQ(m.at("params").at("calibration").at("intercept").get<double>(), 0.0);
  EXPECT_TRUE(m.at("hyperparameters").at("responder_class_weight").get<bool>());
  // Same seed and data as the suite's bundle: only the class weight differs, and it changes the weights.
  EXPECT_NE(test::read_file(d.file("b/fold0.pt")), test::read_file(bundle() + "/fold0.pt"));
  test::write_file(d.file("bad.yaml"), "calibration: isotonic\n");
  const auto bad = test::run_ketapgx("train " + inputs("train") + " --outcomes " + dir_->file("train/outcomes.tsv") + " --config " +
                                     d.file("bad.yaml") + " --out " + d.file("b2"));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("platt or temperature"), std::string::npos) << bad.err;
}

// The input options are declared once for every command that reads genotypes.
TEST_F(Model, SharedInputOptionsExistAndWorkEverywhere) {
  test::TempDir d;
  const std::string vcf = dir_->file("test/cohort.vcf.gz");
  for (const char* cmd : {"qc", "call", "prs", "features", "train", "evaluate", "score"}) {
    const auto r = test::run_ketapgx(std::string(cmd) + " --vcf " + vcf + " --block-mb 0 --out " + d.file("x"));
    EXPECT_EQ(r.exit_code, 2) << cmd << ": " << r.err;
    EXPECT_NE(r.err.find("--block-mb"), std::string::npos) << cmd << ": " << r.err;
    const auto h = test::run_ketapgx(std::string(cmd) + " --help");
    for (const char* opt : {"--vcf", "--samples", "--force-samples", "--threads", "--block-mb"})
      EXPECT_NE(h.out.find(opt), std::string::npos) << cmd << " lacks " << opt;
  }
  for (const char* cmd : {"features", "train", "evaluate", "score"}) {
    const auto h = test::run_ketapgx(std::string(cmd) + " --help");
    for (const char* opt : {"--panel", "--gene-sets", "--expression", "--covariates", "--backend", "--build",
                            "--pgx-assume-reference-at-missing", "--pgx-combinations", "--outside-calls"})
      EXPECT_NE(h.out.find(opt), std::string::npos) << cmd << " lacks " << opt;
  }
  // The bundle records the star-allele settings it was trained with; another
  // setting at evaluation is warned of (metabolizer features mean something else).
  const auto manifest = nlohmann::json::parse(test::read_file(bundle() + "/manifest.json"));
  EXPECT_EQ(manifest.at("feature_schema").at("star_alleles").at("assume_reference_at_missing"), false);
  EXPECT_EQ(manifest.at("feature_schema").at("star_alleles").at("combinations"), false);
  {
    std::string args = evaluate_args(bundle(), d.file("assumed"));
    args.erase(args.find(" --quiet"), 8);  // the warning is what is tested
    const auto w = test::run_ketapgx(args + " --pgx-assume-reference-at-missing");
    ASSERT_EQ(w.exit_code, 0) << w.err;
    EXPECT_NE(w.err.find("trained without --pgx-assume-reference-at-missing"), std::string::npos) << w.err;
  }
  // --force-samples really skips unknown --samples IDs in evaluate and train.
  std::string keep;
  int yes = 0, no = 0;
  for (const auto& row : test::read_tsv(dir_->file("test/outcomes.tsv")).rows)
    if ((row.at("responder") == "1" ? yes : no)++ < 2) keep += row.at("sample_id") + "\n";
  test::write_file(d.file("keep.txt"), keep + "GHOST\n");
  const std::string ev = evaluate_args(bundle(), d.file("ev")) + " --samples " + d.file("keep.txt");
  auto r = test::run_ketapgx(ev);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("GHOST"), std::string::npos) << r.err;
  r = test::run_ketapgx(ev + " --force-samples");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(test::read_file(d.file("ev.metrics.json"))).at("samples"), 4);
  // --block-mb changes memory, never numbers.
  r = test::run_ketapgx(evaluate_args(bundle(), d.file("small")) + " --block-mb 1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = test::run_ketapgx(evaluate_args(bundle(), d.file("big")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(test::read_file(d.file("small.predictions.tsv")), test::read_file(d.file("big.predictions.tsv")));
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
  // An all-NA gene is left out with a warning; all genes NA is an error.
  auto with_na = [&](const std::function<bool(const std::string&)>& blank) {
    std::string patched;
    for (const auto& line : test::split(test::read_file(dir_->file("train/expression.tsv")), '\n')) {
      if (line.empty()) continue;
      const auto fields = test::split(line, '\t');
      if (line.rfind("gene\t", 0) != 0 && blank(fields[0])) {
        std::string na = fields[0];
        for (std::size_t k = 1; k < fields.size(); ++k) na += "\tNA";
        patched += na + "\n";
      } else {
        patched += line + "\n";
      }
    }
    return patched;
  };
  test::write_file(d.file("expr1.tsv"), with_na([](const std::string& g) { return g == "GRM2"; }));
  const std::string expr_base = "train --max-epochs 2 --folds 2 --vcf " + dir_->file("train/cohort.vcf.gz") +
                                " --allow-missing-expression --outcomes " + dir_->file("train/outcomes.tsv") + " --expression ";
  r = test::run_ketapgx(expr_base + d.file("expr1.tsv") + " --out " + d.file("one_na"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("no value in the expression file: expr:GRM2"), std::string::npos) << r.err;
  test::write_file(d.file("expr2.tsv"), with_na([](const std::string&) { return true; }));
  r = test::run_ketapgx(expr_base + d.file("expr2.tsv") + " --out " + d.file("b"));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("no gene of the gene sets has usable values"), std::string::npos) << r.err;
  // Nothing left behind by any of the failures.
  EXPECT_FALSE(fs::exists(d.file("b")));
  for (const auto& f : d.list()) EXPECT_EQ(f.find(".tmp."), std::string::npos) << f;
}

}  // namespace
}  // namespace ketapgx

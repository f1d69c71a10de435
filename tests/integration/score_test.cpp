// `ketapgx score` end to end on a simulated cohort with the default model:
// every output and column, provenance, agreement with `evaluate`, bad input,
// and the HTML report rendered offline by headless Chromium.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <cmath>
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
                        "dose_rules", "qc_flags", "top_features"})
    EXPECT_NE(std::find(t.columns.begin(), t.columns.end(), c), t.columns.end()) << c;
  // New columns come after the SPEC's and the earlier ones.
  EXPECT_EQ(t.columns.back(), "model_inputs");
  EXPECT_EQ(t.columns[t.columns.size() - 2], "top_features");
  EXPECT_EQ(t.columns[t.columns.size() - 3], "dose_notes");
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
    EXPECT_EQ(test::split(r.at("top_features"), ';').size(), 3u) << r.at("top_features");
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
  // No covariates at all: the model needs them, an input problem (exit 3) naming the option and the feature.
  r = test::run_ketapgx("score --vcf " + sim("cohort.vcf.gz") + " --expression " + sim("expression.tsv") + " --out " + d.file("out/d"));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("cov:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--covariates"), std::string::npos) << r.err;
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

// Every contribution of every feature adds up to the logit difference, and
// top_features are the three largest of them.
TEST_F(Score, TopFeaturesAreTheLargestContributionsAndAddUp) {
  test::TempDir d;
  const auto r = test::run_ketapgx("score --quiet " + inputs() + " --contributions --out " + d.file("s"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // --contributions adds a file and changes nothing else.
  EXPECT_EQ(test::read_file(d.file("s.predictions.tsv")), test::read_file(dir_->file("s.predictions.tsv")));
  EXPECT_FALSE(fs::exists(dir_->file("s.contributions.tsv")));
  const auto c = test::read_tsv(d.file("s.contributions.tsv"));
  const auto p = test::read_tsv(d.file("s.predictions.tsv"));
  ASSERT_EQ(c.rows.size(), 150u);
  const auto j = nlohmann::json::parse(test::read_file(d.file("s.predictions.json")));
  for (std::size_t i = 0; i < c.rows.size(); ++i) {
    const auto& row = c.rows[i];
    ASSERT_EQ(row.at("sample_id"), p.rows[i].at("sample_id"));
    double sum = 0;
    std::vector<std::pair<double, std::string>> by_size;
    for (std::size_t k = 3; k < c.columns.size(); ++k) {
      const double v = std::stod(row.at(c.columns[k]));
      sum += v;
      if (v != 0) by_size.emplace_back(-std::fabs(v), c.columns[k]);
    }
    const double diff = std::stod(row.at("logit")) - std::stod(row.at("baseline_logit"));
    EXPECT_NEAR(sum, diff, 1e-6) << row.at("sample_id");  // exact integrated gradients; 10 printed digits
    std::sort(by_size.begin(), by_size.end());
    const auto top = test::split(p.rows[i].at("top_features"), ';');
    ASSERT_EQ(top.size(), 3u);
    for (std::size_t k = 0; k < 3; ++k) {
      const std::string& entry = top[k];
      EXPECT_EQ(entry.substr(0, entry.rfind(':')), by_size[k].second) << row.at("sample_id");
      EXPECT_NEAR(std::stod(entry.substr(entry.rfind(':') + 1)), -by_size[k].first * (std::stod(row.at(by_size[k].second)) < 0 ? -1 : 1), 5e-4);
    }
    // The JSON carries the same explanation.
    const auto& ex = j.at("samples")[i].at("explanation");
    EXPECT_NEAR(ex.at("logit").get<double>(), std::stod(row.at("logit")), 1e-5);
    EXPECT_EQ(ex.at("top_features").size(), 3u);
  }
}

TEST_F(Score, ExpressionShiftIsSeenAndCohortStandardisationTakesItOut) {
  test::TempDir d;
  // The same 150 people, their expression measured in another batch.
  ASSERT_EQ(test::run_ketapgx("simulate --quiet -n 150 --seed 31 --expression-batch-shift 1.5 --out " + d.file("shifted")).exit_code, 0);
  EXPECT_EQ(test::read_file(d.file("shifted/outcomes.tsv")), test::read_file(sim("outcomes.tsv")));
  EXPECT_NE(test::read_file(d.file("shifted/expression.tsv")), test::read_file(sim("expression.tsv")));
  const std::string shifted = "--vcf " + sim("cohort.vcf.gz") + " --expression " + d.file("shifted/expression.tsv") + " --covariates " +
                              sim("covariates.tsv");
  auto r = test::run_ketapgx("score " + shifted + " --out " + d.file("bundle"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("differs from its training data"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--expression-standardize cohort"), std::string::npos) << r.err;
  auto j = nlohmann::json::parse(test::read_file(d.file("bundle.predictions.json")));
  const auto& shift = j.at("cohort_checks").at("expression_shift");
  EXPECT_GE(shift.size(), 5u);
  for (const auto& g : shift) EXPECT_TRUE(std::fabs(g.at("shift").get<double>()) >= 0.5 || std::fabs(std::log(g.at("sd_ratio").get<double>())) >= std::log(1.5));
  EXPECT_NE(test::read_file(d.file("bundle.report.html")).find("id=\"expression-shift\""), std::string::npos);
  // The unshifted cohort (the suite's run): silent.
  const auto j0 = nlohmann::json::parse(test::read_file(dir_->file("s.predictions.json")));
  EXPECT_TRUE(j0.at("cohort_checks").at("expression_shift").empty());
  EXPECT_EQ(j0.at("cohort_checks").at("expression_genes_checked"), 27);
  EXPECT_EQ(j0.at("expression_standardize").at("mode"), "bundle");
  EXPECT_EQ(test::read_file(dir_->file("s.report.html")).find("id=\"expression-shift\""), std::string::npos);
  // Standardised within the cohort, the shifted cohort's predictions come back
  // close to the unshifted ones; against the bundle's statistics they do not.
  r = test::run_ketapgx("score --quiet " + shifted + " --expression-standardize cohort --out " + d.file("cohort"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  j = nlohmann::json::parse(test::read_file(d.file("cohort.predictions.json")));
  EXPECT_EQ(j.at("expression_standardize").at("mode"), "cohort");
  EXPECT_EQ(j.at("expression_standardize").at("statistics").size(), 27u);
  EXPECT_EQ(j.at("cohort_checks").at("expression_standardize"), "cohort");
  std::map<std::string, double> truth;
  for (const auto& row : test::read_tsv(dir_->file("s.predictions.tsv")).rows) truth[row.at("sample_id")] = std::stod(row.at("p_responder"));
  auto distance = [&](const std::string& tsv) {
    double s = 0;
    for (const auto& row : test::read_tsv(tsv).rows) s += std::fabs(std::stod(row.at("p_responder")) - truth.at(row.at("sample_id")));
    return s / 150;
  };
  const double with_bundle = distance(d.file("bundle.predictions.tsv")), with_cohort = distance(d.file("cohort.predictions.tsv"));
  EXPECT_LT(with_cohort, with_bundle / 2) << with_cohort << " vs " << with_bundle;
}

TEST_F(Score, CohortStandardisationRefusesATinyCohort) {
  test::TempDir d;
  std::string expr;
  for (const auto& line : test::split(test::read_file(sim("expression.tsv")), '\n')) {
    if (line.empty()) continue;
    const auto f = test::split(line, '\t');
    std::string cut = f[0];
    for (std::size_t k = 1; k <= 20; ++k) cut += "\t" + f[k];  // 20 people
    expr += cut + "\n";
  }
  test::write_file(d.file("e.tsv"), expr);
  const auto r = test::run_ketapgx("score --vcf " + sim("cohort.vcf.gz") + " --expression " + d.file("e.tsv") + " --covariates " +
                                   sim("covariates.tsv") + " --expression-standardize cohort --out " + d.file("s"));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("has 20 sample(s) with a value"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("at least 30"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--expression-standardize bundle"), std::string::npos) << r.err;
  EXPECT_EQ(d.list().size(), 1u);  // only e.tsv
  const auto u = test::run_ketapgx("score " + inputs() + " --expression-standardize median --out " + d.file("s"));
  EXPECT_EQ(u.exit_code, 2);
}

TEST_F(Score, OutOfDistributionPeopleAreFlaggedAndCounted) {
  test::TempDir d;
  // SIM005 gets covariates no training person had (all within the valid ranges).
  std::string cov;
  for (const auto& line : test::split(test::read_file(sim("covariates.tsv")), '\n')) {
    if (line.empty()) continue;
    cov += line.rfind("SIM005\t", 0) == 0 ? "SIM005\t119\tM\t290\t60\n" : line + "\n";
  }
  test::write_file(d.file("c.tsv"), cov);
  const auto r = test::run_ketapgx("score --quiet --vcf " + sim("cohort.vcf.gz") + " --expression " + sim("expression.tsv") +
                                   " --covariates " + d.file("c.tsv") + " --out " + d.file("s"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::size_t flagged = 0;
  for (const auto& row : test::read_tsv(d.file("s.predictions.tsv")).rows) {
    const bool ood = row.at("qc_flags").find("out_of_distribution") != std::string::npos;
    flagged += ood;
    if (row.at("sample_id") == "SIM005") EXPECT_TRUE(ood) << row.at("qc_flags");
  }
  EXPECT_LE(flagged, 3u);  // the rest are like the training people
  const std::string html = test::read_file(d.file("s.report.html"));
  EXPECT_NE(html.find("<tr><td>out of the training distribution</td><td>" + std::to_string(flagged) + "</td></tr>"), std::string::npos);
  const auto j = nlohmann::json::parse(test::read_file(d.file("s.predictions.json")));
  EXPECT_TRUE(j.at("cohort_checks").contains("out_of_distribution_rule"));
  for (const auto& p : j.at("samples"))
    if (p.at("sample_id") == "SIM005") EXPECT_GT(p.at("ood_distance2").get<double>(), 0);
}

TEST_F(Score, MetabolizerDisagreementFollowsItsRule) {
  static const std::map<std::string, int> step = {{"PM", 0}, {"IM", 1}, {"NM", 2}, {"RM", 3}, {"UM", 4}};
  static const std::map<std::string, std::string> cpic = {{"Poor Metabolizer", "PM"}, {"Intermediate Metabolizer", "IM"},
                                                          {"Normal Metabolizer", "NM"}, {"Rapid Metabolizer", "RM"},
                                                          {"Ultrarapid Metabolizer", "UM"}};
  std::map<std::string, std::map<std::string, int>> cross;
  for (const auto& row : test::read_tsv(dir_->file("s.predictions.tsv")).rows) {
    const bool flagged = row.at("qc_flags").find("metabolizer_disagrees") != std::string::npos;
    auto it = cpic.find(row.at("cyp2b6_phenotype"));
    const bool disagree = it != cpic.end() && std::abs(step.at(it->second) - step.at(row.at("metabolizer_class"))) >= 2;
    EXPECT_EQ(flagged, disagree) << row.at("sample_id") << " " << row.at("metabolizer_class") << " " << row.at("cyp2b6_phenotype");
    ++cross[row.at("metabolizer_class")][it == cpic.end() ? "n/a" : it->second];
  }
  // The report's cross-table holds the same counts.
  const std::string html = test::read_file(dir_->file("s.report.html"));
  const auto at = html.find("id=\"metabolizer-cross\"");
  ASSERT_NE(at, std::string::npos);
  std::string row = "<tr><th>IM</th>";
  for (const char* c : {"PM", "IM", "NM", "RM", "UM", "n/a"}) row += "<td>" + std::to_string(cross["IM"][c]) + "</td>";
  EXPECT_NE(html.find(row, at), std::string::npos) << row;
}

// A phenotype that rests on an unread position that could change it is
// Indeterminate in score too: flagged <GENE>_partial, and the dose rules never
// see it. The example cohort lacks rs12721655 (it defines CYP2B6 *8 and *13, no
// function); here its rs776746 record also carries a wrong REF (A), so CYP3A5
// rests on an unread position for everyone. A rule on the CYP2B6 phenotype
// fires for exactly the people whose phenotype is known, and for more of them
// with --pgx-assume-reference-at-missing (PharmCAT's behaviour).
TEST(ScoreStarAlleles, PhenotypesOnUnreadPositionsAreFlaggedAndNotUsedByDoseRules) {
  test::TempDir d;
  const std::string ex = test::source_dir() + "/examples/cohort/";
  ASSERT_EQ(test::run("zcat " + ex + "cohort.vcf.gz | awk 'BEGIN{FS=OFS=\"\\t\"} $3==\"rs776746\"{$4=\"A\"} {print}' > " +
                      d.file("wrong_ref.vcf")).exit_code, 0);
  std::string rules = test::read_file(test::source_dir() + "/configs/dosing.yaml");
  rules += "  - id: cyp2b6_phenotype_known\n"
           "    when: {cyp2b6_phenotype: [PM, IM, NM, RM, UM]}\n"
           "    then: {flag: \"CYP2B6 phenotype used\"}\n"
           "    evidence: a test rule that fires whenever the dose rules see a CYP2B6 phenotype\n"
           "    source: score_test\n";
  test::write_file(d.file("rules.yaml"), rules);
  auto score = [&](const std::string& name, const std::string& extra) {
    const auto r = test::run_ketapgx("score --quiet --vcf " + d.file("wrong_ref.vcf") + " --expression " + ex + "expression.tsv --covariates " +
                                     ex + "covariates.tsv --allow-missing-expression --dose-rules " + d.file("rules.yaml") +
                                     " --out " + d.file(name) + " " + extra);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return test::read_tsv(d.file(name + ".predictions.tsv")).rows;
  };
  auto has = [](const std::string& list, const std::string& x) { return (";" + list + ";").find(";" + x + ";") != std::string::npos; };
  std::size_t known_strict = 0, known_assumed = 0;
  for (const auto& row : score("strict", "")) {
    const bool known = row.at("cyp2b6_phenotype") != "Indeterminate" && row.at("cyp2b6_phenotype") != "NA";
    known_strict += known;
    EXPECT_EQ(has(row.at("dose_rules"), "cyp2b6_phenotype_known"), known) << row.at("sample_id") << " " << row.at("cyp2b6_phenotype");
    EXPECT_EQ(row.at("cyp3a5_phenotype"), "Indeterminate") << row.at("sample_id");
    EXPECT_TRUE(has(row.at("qc_flags"), "CYP3A5_partial")) << row.at("qc_flags");
    if (row.at("cyp2b6_phenotype") == "Indeterminate") EXPECT_TRUE(has(row.at("qc_flags"), "CYP2B6_partial")) << row.at("qc_flags");
  }
  const auto json = nlohmann::json::parse(test::read_file(d.file("strict.predictions.json")));
  EXPECT_EQ(json.at("samples")[0].at("star_alleles").at("CYP3A5").at("call_quality"), "partial (missing: rs776746 defines *3)");
  for (const auto& row : score("assumed", "--pgx-assume-reference-at-missing")) {
    const bool known = row.at("cyp2b6_phenotype") != "Indeterminate" && row.at("cyp2b6_phenotype") != "NA";
    known_assumed += known;
    EXPECT_EQ(has(row.at("dose_rules"), "cyp2b6_phenotype_known"), known) << row.at("sample_id");
    EXPECT_FALSE(has(row.at("qc_flags"), "CYP3A5_partial")) << row.at("qc_flags");
    EXPECT_FALSE(has(row.at("qc_flags"), "CYP2B6_partial")) << row.at("qc_flags");
  }
  EXPECT_LT(known_strict, known_assumed);
  EXPECT_GE(known_assumed, 35u);  // 39 people with genotypes; ties between phenotypes stay Indeterminate
}

// Outside calls reach the model's features and the dose rules: KTP001 given
// as CYP2B6 *6/*30 (poor; *30 is a hybrid no VCF shows) gets the poor-
// metabolizer rule, the flag CYP2B6_outside and call_quality "outside"; the
// report says which alleles a VCF cannot show.
TEST(ScoreStarAlleles, OutsideCallsReachTheDoseRulesAndTheReport) {
  test::TempDir d;
  test::write_file(d.file("outside.tsv"), "sample_id\tgene\tdiplotype\nKTP001\tCYP2B6\t*6/*30\n");
  const std::string ex = test::source_dir() + "/examples/cohort/";
  const std::string in = "score --quiet --vcf " + ex + "cohort.vcf.gz --expression " + ex + "expression.tsv --covariates " + ex +
                         "covariates.tsv --allow-missing-expression";
  ASSERT_EQ(test::run_ketapgx(in + " --out " + d.file("plain")).exit_code, 0);
  const auto r = test::run_ketapgx(in + " --outside-calls " + d.file("outside.tsv") + " --out " + d.file("s"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto row_of = [&](const std::string& f, const std::string& id) {
    for (const auto& row : test::read_tsv(d.file(f + ".predictions.tsv")).rows)
      if (row.at("sample_id") == id) return row;
    ADD_FAILURE() << id;
    return std::map<std::string, std::string>{};
  };
  const auto before = row_of("plain", "KTP001"), after = row_of("s", "KTP001");
  EXPECT_EQ(before.at("dose_rules").find("cyp2b6_poor_metabolizer"), std::string::npos) << before.at("cyp2b6_phenotype");
  EXPECT_EQ(after.at("cyp2b6_diplotype"), "*6/*30");
  EXPECT_EQ(after.at("cyp2b6_phenotype"), "Poor Metabolizer");
  EXPECT_NE(after.at("dose_rules").find("cyp2b6_poor_metabolizer"), std::string::npos) << after.at("dose_rules");
  EXPECT_NE(after.at("qc_flags").find("CYP2B6_outside"), std::string::npos) << after.at("qc_flags");
  EXPECT_EQ(row_of("s", "KTP002").at("cyp2b6_diplotype"), row_of("plain", "KTP002").at("cyp2b6_diplotype"));
  const auto j = nlohmann::json::parse(test::read_file(d.file("s.predictions.json")));
  EXPECT_EQ(j.at("samples")[0].at("sample_id"), "KTP001");
  EXPECT_EQ(j.at("samples")[0].at("star_alleles").at("CYP2B6").at("call_quality"), "outside");
  EXPECT_EQ(j.at("star_alleles").at("outside_calls").at("path"), d.file("outside.tsv"));
  const std::string html = test::read_file(d.file("s.report.html"));
  EXPECT_NE(html.find("not assessed from a VCF"), std::string::npos);
  EXPECT_NE(html.find("Outside calls (<code>--outside-calls</code>) replaced the VCF's call for: CYP2B6 1 people"), std::string::npos);
  EXPECT_NE(test::read_file(d.file("plain.report.html")).find("not assessed from a VCF"), std::string::npos);
  // The report's row for KTP001 carries the dose's conditions: route, the
  // longer observation and the rule's note.
  const std::string row = html.substr(html.find("<tr><td>KTP001</td>"), html.find("</tr>", html.find("<tr><td>KTP001</td>")) - html.find("<tr><td>KTP001</td>"));
  EXPECT_NE(row.find("<td>iv_racemic</td>"), std::string::npos) << row;
  EXPECT_NE(row.find(">240</td>"), std::string::npos) << row;
  EXPECT_NE(row.find("CYP2B6 poor metabolizer: start low, observe longer"), std::string::npos) << row;
}

// --pgx-combinations reaches score: KTP001 made homozygous for *2's and *5's
// variants (PharmCAT's testCombinationHomozygous) fits no pair of named
// alleles: no call without it, PharmCAT's [*2 + *5]/[*2 + *5] with it (a
// combination has no CPIC function: Indeterminate, so the dose rules and the
// model's feature see no phenotype either way).
TEST(ScoreStarAlleles, CombinationModeNamesWhatNoNamedPairFits) {
  test::TempDir d;
  const std::string ex = test::source_dir() + "/examples/cohort/";
  ASSERT_EQ(test::run("zcat " + ex + "cohort.vcf.gz | awk 'BEGIN{FS=OFS=\"\\t\"} $1==\"chr19\"{$10=\"0/0\"} "
                      "$3==\"rs8192709\"{$10=\"1/1\"} $3==\"rs3211371\"{$10=\"2/2\"} {print}' > " + d.file("combo.vcf"))
                .exit_code, 0);
  const std::string in = "score --quiet --vcf " + d.file("combo.vcf") + " --expression " + ex + "expression.tsv --covariates " + ex +
                         "covariates.tsv --allow-missing-expression";
  ASSERT_EQ(test::run_ketapgx(in + " --out " + d.file("plain")).exit_code, 0);
  ASSERT_EQ(test::run_ketapgx(in + " --pgx-combinations --out " + d.file("comb")).exit_code, 0);
  auto first = [&](const std::string& f) { return test::read_tsv(d.file(f + ".predictions.tsv")).rows.at(0); };
  const auto plain = first("plain"), comb = first("comb");
  ASSERT_EQ(plain.at("sample_id"), "KTP001");
  EXPECT_EQ(plain.at("cyp2b6_diplotype"), "NA");
  EXPECT_NE(plain.at("qc_flags").find("CYP2B6_no_call"), std::string::npos) << plain.at("qc_flags");
  EXPECT_EQ(comb.at("cyp2b6_diplotype"), "[*2 + *5]/[*2 + *5]");
  EXPECT_EQ(comb.at("cyp2b6_phenotype"), "Indeterminate");
  EXPECT_EQ(comb.at("qc_flags").find("CYP2B6_no_call"), std::string::npos) << comb.at("qc_flags");
  EXPECT_EQ(comb.at("p_responder"), plain.at("p_responder"));  // the model sees no CYP2B6 phenotype either way
  const auto j = nlohmann::json::parse(test::read_file(d.file("comb.predictions.json")));
  EXPECT_EQ(j.at("star_alleles").at("combinations"), true);
  EXPECT_EQ(j.at("samples")[0].at("star_alleles").at("CYP2B6").at("call_quality"), "combination (missing: rs12721655)");
}

// The DOM headless Chromium renders from a report (scripts run: --dump-dom after load).
std::string rendered_dom(const std::string& url) {
  std::string chromium;
  for (const char* c : {"chromium", "chromium-browser"})
    if (test::have_tool(c)) chromium = c;
  EXPECT_FALSE(chromium.empty()) << "Debian's chromium is needed to render the report (scripts/setup.sh installs it)";
  if (chromium.empty()) return "";
  test::TempDir d;
  const auto r = test::run(chromium + " --headless --no-sandbox --disable-gpu --disable-background-networking "
                           "--disable-component-update --disable-sync --no-first-run --user-data-dir=" + d.file("profile") +
                           " --dump-dom '" + url + "'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out;
}

// The p_responder cells of the Samples table, in the rendered order.
std::vector<double> p_responder_column(const std::string& dom) {
  std::vector<double> out;
  const std::size_t table = dom.find("id=\"samples\"");
  std::size_t at = dom.find("<tbody>", table);
  const std::size_t end = dom.find("</tbody>", at);
  while ((at = dom.find("<tr>", at)) != std::string::npos && at < end) {
    const std::size_t cell = dom.find("data-v=\"", at) + 8;
    out.push_back(std::stod(dom.substr(cell, dom.find('"', cell) - cell)));
    at = cell;
  }
  return out;
}

TEST_F(Score, ReportRendersOfflineInChromium) {
  const std::string html = test::read_file(dir_->file("s.report.html"));
  // Self-contained: nothing fetched; the one script is inline.
  for (const char* bad : {"src=\"http", "href=\"http", "<script src", "<link", "@import", "url("})
    EXPECT_EQ(html.find(bad), std::string::npos) << bad;
  EXPECT_NE(html.find("research use only"), std::string::npos);
  // The notice once at the top (the dose notice's own research-use sentence
  // not repeated beside it) and again at the end.
  const std::string top = html.substr(html.find("id=\"notice\""), html.find("</p>", html.find("id=\"notice\"")) - html.find("id=\"notice\""));
  EXPECT_EQ(top.find("research use only", top.find("research use only") + 1), std::string::npos) << top;
  EXPECT_NE(html.find("id=\"notice-end\""), std::string::npos);
  EXPECT_EQ(html.find("PREFIX"), std::string::npos) << "file names, not the word PREFIX";

  const std::string dom = rendered_dom("file://" + dir_->file("s.report.html"));
  for (const char* id : {"id=\"samples\"", "id=\"plot-p-responder\"", "id=\"plot-metabolizer\"", "id=\"plot-qc\"", "id=\"notice\"",
                         "id=\"metabolizer-cross\"", "id=\"cohort-checks\"", "id=\"how-to-read\"", "id=\"dose-rules\"",
                         "id=\"provenance\"", "id=\"samples-filter\""})
    EXPECT_NE(dom.find(id), std::string::npos) << id;
  EXPECT_NE(dom.find("SIM001"), std::string::npos);  // the per-sample table was rendered
  EXPECT_NE(dom.find("<rect class=\"bar\""), std::string::npos);
  // Axis titles and the threshold on the histogram.
  for (const char* t : {">p_responder (the fold models' mean)</text>", ">people</text>", ">predicted metabolizer class</text>",
                        "class=\"marker\"", ">threshold 0.5</text>"})
    EXPECT_NE(dom.find(t), std::string::npos) << t;
  // How to read it: the threshold, what the interval is, the model's cross-validated AUROC, the model card.
  const std::string how = dom.substr(dom.find("id=\"how-to-read\""), 4000);
  for (const char* t : {"not a confidence interval", "AUROC 0.", "calibration slope", "MODEL_CARD.md"})
    EXPECT_NE(how.find(t), std::string::npos) << t;
  // Provenance: version, commit, command line, the inputs with their hashes, the real output names.
  const std::string prov = dom.substr(dom.find("id=\"provenance\""));
  for (const std::string t : {std::string("ketapgx 0."), std::string("(commit "), std::string("score --quiet"), std::string("expression.tsv"),
                              std::string("SHA-256 "), std::string("s.predictions.tsv")})
    EXPECT_NE(prov.find(t), std::string::npos) << t;
  // Dose notes (a CYP2B6 poor metabolizer's), each row's call quality, route and observation time.
  EXPECT_NE(dom.find("class=\"dose-notes\">CYP2B6 poor metabolizer: start low"), std::string::npos);
  EXPECT_NE(dom.find("class=\"call-quality\""), std::string::npos);
  EXPECT_NE(dom.find("<td>iv_racemic</td>"), std::string::npos);

  // Sorting by p_responder reorders the rows: by sample ID as written,
  // descending by p_responder after '#sort=p_responder:desc'.
  const std::vector<double> as_written = p_responder_column(dom);
  const std::vector<double> sorted = p_responder_column(rendered_dom("file://" + dir_->file("s.report.html") + "#sort=p_responder:desc"));
  ASSERT_EQ(sorted.size(), as_written.size());
  ASSERT_GT(sorted.size(), 100u);
  EXPECT_TRUE(std::is_sorted(sorted.rbegin(), sorted.rend())) << "not in descending p_responder order";
  EXPECT_FALSE(std::is_sorted(as_written.rbegin(), as_written.rend()));
  std::vector<double> a = as_written, b = sorted;
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  EXPECT_EQ(a, b) << "the same rows, reordered";
  // Filtering hides the rows without the text.
  const std::string filtered = rendered_dom("file://" + dir_->file("s.report.html") + "#filter=SIM001");
  EXPECT_NE(filtered.find("style=\"display: none;\""), std::string::npos);
}

}  // namespace
}  // namespace ketapgx

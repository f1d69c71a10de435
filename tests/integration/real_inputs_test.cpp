// One test per defect found by feeding ketapgx what real pipelines feed it
// (issue 20): indexed BCF subsets, pipes, stale indexes, streams cut short,
// haploid calls, unknown ages, merge mix-ups, training that cannot learn,
// crashes on extreme options, and exit codes that point at the fix. Each
// names the defect it guards against; the property test over every read path
// is sample_subset_test.cpp.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "support/test_support.h"

namespace ketapgx {
namespace {

namespace fs = std::filesystem;

class RealInputs : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    ASSERT_EQ(test::run_ketapgx("simulate --quiet -n 60 --seed 71 --out " + sim("")).exit_code, 0);
    ASSERT_EQ(test::run("bcftools view -Ov -o " + file("plain.vcf") + " " + sim("cohort.vcf.gz")).exit_code, 0);
    const auto r = test::run_ketapgx("score --quiet " + inputs() + " --out " + file("whole"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string sim(const std::string& f) { return dir_->file("sim/" + f); }
  static std::string file(const std::string& f) { return dir_->file(f); }
  static std::string inputs(const std::string& vcf = "") {
    return "--vcf " + (vcf.empty() ? sim("cohort.vcf.gz") : vcf) + " --expression " + sim("expression.tsv") + " --covariates " +
           sim("covariates.tsv");
  }
  static void sh(const std::string& command) {
    const auto r = test::run(command);
    ASSERT_EQ(r.exit_code, 0) << command << "\n" << r.err;
  }
  static bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }
  static std::map<std::string, std::map<std::string, std::string>> by_sample(const std::string& tsv) {
    std::map<std::string, std::map<std::string, std::string>> out;
    for (const auto& row : test::read_tsv(tsv).rows) out[row.at(row.count("sample_id") ? "sample_id" : "#IID")] = row;
    return out;
  }
  static test::TempDir* dir_;
};
test::TempDir* RealInputs::dir_ = nullptr;

// --- silent wrong answers ----------------------------------------------------

TEST_F(RealInputs, IndexedBcfWithSamplesGivesEachPersonTheirOwnCalls) {
  test::TempDir d;
  sh("bcftools view -Ob -o " + d.file("c.bcf") + " " + sim("cohort.vcf.gz") + " && cp " + d.file("c.bcf") + " " +
     d.file("noindex.bcf") + " && bcftools index " + d.file("c.bcf"));
  test::write_file(d.file("keep.txt"), "SIM50\nSIM03\n");
  for (const char* v : {"c.bcf", "noindex.bcf"}) {
    const auto r = test::run_ketapgx("call --quiet --vcf " + d.file(v) + " --samples " + d.file("keep.txt") + " --out " + d.file(v));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const auto r = test::run_ketapgx("call --quiet --vcf " + sim("cohort.vcf.gz") + " --out " + d.file("all"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string want;
  for (const auto& line : test::split(test::read_file(d.file("all.pgx.tsv")), '\n'))
    if (line.rfind("SIM03\t", 0) == 0 || line.rfind("SIM50\t", 0) == 0 || line.rfind("sample_id", 0) == 0) want += line + "\n";
  EXPECT_EQ(test::read_file(d.file("c.bcf.pgx.tsv")), want) << "indexed BCF with --samples";
  EXPECT_EQ(test::read_file(d.file("noindex.bcf.pgx.tsv")), want);
}

TEST_F(RealInputs, PipesAreReadOnceAndNeverHashedByReopening) {
  test::TempDir d;
  // A FIFO, /dev/stdin on a pipe: the same calls as from the file.
  sh("mkfifo " + d.file("fifo"));
  const auto a = test::run("cat " + file("plain.vcf") + " > " + d.file("fifo") + " & " + test::binary() + " call --quiet --vcf " +
                           d.file("fifo") + " --out " + d.file("fifo_call"));
  ASSERT_EQ(a.exit_code, 0) << a.err;
  const auto b = test::run("zcat " + sim("cohort.vcf.gz") + " | " + test::binary() + " call --quiet --vcf /dev/stdin --out " +
                           d.file("stdin_call"));
  ASSERT_EQ(b.exit_code, 0) << b.err;
  const auto c = test::run_ketapgx("call --quiet --vcf " + sim("cohort.vcf.gz") + " --out " + d.file("file_call"));
  ASSERT_EQ(c.exit_code, 0) << c.err;
  EXPECT_EQ(test::read_file(d.file("fifo_call.pgx.tsv")), test::read_file(d.file("file_call.pgx.tsv")));
  EXPECT_EQ(test::read_file(d.file("stdin_call.pgx.tsv")), test::read_file(d.file("file_call.pgx.tsv")));
  // score from a FIFO: no hang (it hashed the path by opening it again), the same predictions, no hash recorded.
  const auto s = test::run("cat " + file("plain.vcf") + " > " + d.file("fifo") + " & timeout 120 " + test::binary() +
                           " score --quiet --vcf " + d.file("fifo") + " --expression " + sim("expression.tsv") + " --covariates " +
                           sim("covariates.tsv") + " --out " + d.file("s"));
  ASSERT_EQ(s.exit_code, 0) << s.err;
  EXPECT_EQ(test::read_file(d.file("s.predictions.tsv")), test::read_file(file("whole.predictions.tsv")));
  const auto j = nlohmann::json::parse(test::read_file(d.file("s.predictions.json")));
  EXPECT_EQ(j.at("inputs").at("vcf").at("path"), d.file("fifo"));
  EXPECT_EQ(j.at("inputs").at("vcf").at("sha256"), "") << "a stream is not hashed (it cannot be read again)";
  for (const auto& f : d.list()) EXPECT_EQ(f.find(".tmp."), std::string::npos) << f;
  // One stream for two options: refused before reading either.
  const auto two = test::run("cat " + file("plain.vcf") + " | " + test::binary() + " call --vcf - --samples - --out " + d.file("x"));
  EXPECT_EQ(two.exit_code, 2) << two.err;
  EXPECT_TRUE(has(two.err, "--vcf and --samples both read standard input")) << two.err;
}

TEST_F(RealInputs, AnIndexOlderThanItsDataIsNotTrusted) {
  test::TempDir d;
  // Index a file without chr11 (rs6265, a model feature), then put the whole cohort in its place.
  sh("bcftools view -Oz -t ^chr11 -o " + d.file("c.vcf.gz") + " " + sim("cohort.vcf.gz") + " && tabix -p vcf " + d.file("c.vcf.gz") +
     " && cp " + sim("cohort.vcf.gz") + " " + d.file("c.vcf.gz") + " && touch -d '2020-01-01' " + d.file("c.vcf.gz.tbi"));
  const auto r = test::run_ketapgx("score " + inputs(d.file("c.vcf.gz")) + " --out " + d.file("s"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(has(r.err, "its index " + d.file("c.vcf.gz.tbi") + " is older than the file")) << r.err;
  EXPECT_TRUE(has(r.err, "tabix -f -p vcf")) << r.err;
  EXPECT_EQ(test::read_file(d.file("s.predictions.tsv")), test::read_file(file("whole.predictions.tsv")));
}

TEST_F(RealInputs, BgzfStreamsCutAtABlockBoundaryAreRefused) {
  test::TempDir d;
  for (const std::string fmt : {"z", "b"}) {
    // Without its end-of-file block the stream ends "cleanly" at a block boundary.
    const auto r = test::run("bcftools view -O" + fmt + " " + sim("cohort.vcf.gz") + " | head -c -28 | " + test::binary() +
                             " call --vcf - --out " + d.file("c" + fmt));
    EXPECT_EQ(r.exit_code, 3) << fmt << ": " << r.err;
    EXPECT_TRUE(has(r.err, "--vcf -: the BGZF data ends without its end-of-file marker")) << r.err;
    EXPECT_TRUE(has(r.err, "truncated")) << r.err;
  }
  EXPECT_TRUE(d.list().empty());
}

TEST_F(RealInputs, ASamplesLineOfTwoWordsIsNotItsFirstWord) {
  test::TempDir d;
  test::write_file(d.file("keep.txt"), "SIM01 SIM02\n");
  auto r = test::run_ketapgx("call --vcf " + sim("cohort.vcf.gz") + " --samples " + d.file("keep.txt") + " --out " + d.file("c"));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_TRUE(has(r.err, "'SIM01 SIM02'")) << r.err;
  EXPECT_TRUE(has(r.err, "one whole sample ID per line")) << r.err;
  // Skipped with --force-samples; the others are kept, and only them.
  test::write_file(d.file("keep2.txt"), "  SIM03\t\nSIM01 x\n");
  r = test::run_ketapgx("call --quiet --force-samples --vcf " + sim("cohort.vcf.gz") + " --samples " + d.file("keep2.txt") + " --out " + d.file("c2"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = test::read_tsv(d.file("c2.pgx.tsv")).rows;
  ASSERT_FALSE(rows.empty());
  for (const auto& row : rows) EXPECT_EQ(row.at("sample_id"), "SIM03");
}

TEST_F(RealInputs, HaploidCallsOnAutosomesAreNotReadAsHomozygous) {
  test::TempDir d;
  // SIM01's GT at rs3745274 (CYP2B6 *6/*9, chr19) becomes a single ALT allele.
  sh("awk 'BEGIN{OFS=\"\\t\"} !/^#/ && $3==\"rs3745274\" {$10=\"1\"} {print}' " + file("plain.vcf") + " > " + d.file("h.vcf"));
  const auto c = test::run_ketapgx("call --vcf " + d.file("h.vcf") + " --out " + d.file("c"));
  ASSERT_EQ(c.exit_code, 0) << c.err;
  std::map<std::string, std::string> call;
  for (const auto& row : test::read_tsv(d.file("c.pgx.tsv")).rows)
    if (row.at("sample_id") == "SIM01" && row.at("gene") == "CYP2B6") call = row;
  ASSERT_FALSE(call.empty());
  EXPECT_TRUE(has(call.at("warnings"), "rs3745274: haploid call (one allele) on an autosome: not read")) << call.at("warnings");
  EXPECT_NE(call.at("call_quality"), "complete");
  EXPECT_TRUE(has(call.at("call_quality"), "rs3745274")) << call.at("call_quality");
  // score agrees with call: the same phenotype, and a flag where it is Indeterminate.
  const auto s = test::run_ketapgx("score --quiet " + inputs(d.file("h.vcf")) + " --out " + d.file("s"));
  ASSERT_EQ(s.exit_code, 0) << s.err;
  const auto row = by_sample(d.file("s.predictions.tsv")).at("SIM01");
  EXPECT_EQ(row.at("cyp2b6_phenotype"), call.at("phenotype"));
  if (call.at("phenotype") == "Indeterminate") EXPECT_TRUE(has(row.at("qc_flags"), "CYP2B6_partial")) << row.at("qc_flags");
}

TEST_F(RealInputs, AnUnknownAgeGetsAFlagAndNoAdultDose) {
  test::TempDir d;
  // 'AGE' (another case) is the age column; SIM01's age is unknown.
  test::write_file(d.file("cov.tsv"), "sample_id\tAGE\tWeight_kg\nSIM01\tNA\t70\nSIM02\t78\t70\nSIM03\t40\t70\n");
  for (const std::string route : {"iv_racemic", "esketamine_nasal"}) {
    const auto r = test::run_ketapgx("score --quiet --vcf " + sim("cohort.vcf.gz") + " --expression " + sim("expression.tsv") +
                                     " --covariates " + d.file("cov.tsv") + " --route " + route + " --out " + d.file(route));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto rows = by_sample(d.file(route + ".predictions.tsv"));
    const auto& unknown = rows.at("SIM01");
    EXPECT_TRUE(has(unknown.at("qc_flags"), "age_unknown")) << unknown.at("qc_flags");
    EXPECT_EQ(unknown.at("dose_mg_per_kg"), "") << route;
    EXPECT_EQ(unknown.at("dose_mg"), "") << route;
    EXPECT_TRUE(has(unknown.at("dose_notes"), "age unknown: the dose depends on it")) << unknown.at("dose_notes");
    const auto& older = rows.at("SIM02");
    EXPECT_FALSE(has(older.at("qc_flags"), "age_unknown"));
    if (route == "iv_racemic") {
      EXPECT_EQ(older.at("dose_mg_per_kg"), "0.25") << "the AGE column was read";
      EXPECT_EQ(older.at("dose_mg"), "17.5");
    } else {
      EXPECT_EQ(older.at("dose_mg"), "28");
    }
  }
}

// --- merge ------------------------------------------------------------------

class RealInputsMerge : public RealInputs {
 protected:
  static void score_shard(const std::string& ids, const std::string& prefix, const std::string& extra = "") {
    const auto r = test::run_ketapgx("score --quiet " + inputs() + " --samples " + ids + " --out " + prefix + " " + extra);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  void SetUp() override {
    std::string a, b;
    for (int i = 1; i <= 60; ++i) (i % 2 ? a : b) += "SIM" + std::string(i < 10 ? "0" : "") + std::to_string(i) + "\n";
    test::write_file(d_.file("a.txt"), a);
    test::write_file(d_.file("b.txt"), b);
    score_shard(d_.file("a.txt"), d_.file("a"));
  }
  test::TempDir d_;
};

TEST_F(RealInputsMerge, OutEqualToAShardIsRefusedAndTheShardKept) {
  score_shard(d_.file("b.txt"), d_.file("b"));
  const std::string before = test::read_file(d_.file("b.predictions.tsv"));
  const auto r = test::run_ketapgx("merge --out " + d_.file("b") + " " + d_.file("a") + " " + d_.file("b"));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(has(r.err, "would overwrite that shard's files")) << r.err;
  EXPECT_EQ(test::read_file(d_.file("b.predictions.tsv")), before);
  // The same path spelled another way.
  const auto r2 = test::run_ketapgx("merge --out " + d_.file("./b") + " " + d_.file("a") + " " + d_.file("b"));
  EXPECT_EQ(r2.exit_code, 2) << r2.err;
}

TEST_F(RealInputsMerge, ShardsWithAnotherRouteOrOtherRulesAreRefused) {
  score_shard(d_.file("b.txt"), d_.file("esk"), "--route esketamine_nasal");
  auto r = test::run_ketapgx("merge --out " + d_.file("m1") + " " + d_.file("a") + " " + d_.file("esk"));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_TRUE(has(r.err, "dose_rules")) << r.err;
  // Rules with one value changed are other rules; a byte-identical copy elsewhere is the same.
  std::string rules = test::read_file(test::source_dir() + "/configs/dosing.yaml");
  test::write_file(d_.file("same.yaml"), rules);
  rules.replace(rules.find("cap_mg_per_kg: 0.25"), 19, "cap_mg_per_kg: 0.20");
  test::write_file(d_.file("other.yaml"), rules);
  score_shard(d_.file("b.txt"), d_.file("other"), "--dose-rules " + d_.file("other.yaml"));
  r = test::run_ketapgx("merge --out " + d_.file("m2") + " " + d_.file("a") + " " + d_.file("other"));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_TRUE(has(r.err, "dose_rules")) << r.err;
  score_shard(d_.file("b.txt"), d_.file("same"), "--dose-rules " + d_.file("same.yaml"));
  r = test::run_ketapgx("merge --quiet --out " + d_.file("m3") + " " + d_.file("a") + " " + d_.file("same"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(fs::exists(d_.file("m1.predictions.tsv")) || fs::exists(d_.file("m2.predictions.tsv")));
}

TEST_F(RealInputsMerge, AStaleContributionsFileIsNotMerged) {
  // An earlier run with --contributions left b.contributions.tsv; b is rescored without it.
  score_shard(d_.file("b.txt"), d_.file("b"), "--contributions --expression-standardize cohort");
  score_shard(d_.file("b.txt"), d_.file("b"));
  ASSERT_TRUE(fs::exists(d_.file("b.contributions.tsv")));
  auto r = test::run_ketapgx("merge --out " + d_.file("m") + " " + d_.file("a") + " " + d_.file("b"));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_TRUE(has(r.err, "was not written by the score run")) << r.err;
  // Every shard with contributions, one of them edited afterwards.
  score_shard(d_.file("a.txt"), d_.file("a"), "--contributions");
  score_shard(d_.file("b.txt"), d_.file("b"), "--contributions");
  r = test::run_ketapgx("merge --quiet --out " + d_.file("ok") + " " + d_.file("a") + " " + d_.file("b"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string c = test::read_file(d_.file("b.contributions.tsv"));
  c[c.size() - 2] = c[c.size() - 2] == '1' ? '2' : '1';
  test::write_file(d_.file("b.contributions.tsv"), c);
  r = test::run_ketapgx("merge --out " + d_.file("m2") + " " + d_.file("a") + " " + d_.file("b"));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_TRUE(has(r.err, "SHA-256 differs")) << r.err;
}

TEST_F(RealInputsMerge, AByteIdenticalModelCopyMerges) {
  fs::copy(test::source_dir() + "/models/default", d_.file("copy"));
  score_shard(d_.file("b.txt"), d_.file("b"), "--model " + d_.file("copy"));
  const auto r = test::run_ketapgx("merge --quiet --out " + d_.file("m") + " " + d_.file("a") + " " + d_.file("b"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(test::read_file(d_.file("m.predictions.tsv")), test::read_file(file("whole.predictions.tsv")));
}

// --- training ---------------------------------------------------------------

TEST_F(RealInputs, TrainRefusesFoldsWithoutBothClassesAndModelsScoreWouldRefuse) {
  test::TempDir d;
  // Three people, five folds.
  std::string ids;
  for (const char* s : {"SIM01", "SIM02", "SIM03"}) ids += std::string(s) + "\n";
  test::write_file(d.file("three.txt"), ids);
  std::string outcomes;
  for (const auto& line : test::split(test::read_file(sim("outcomes.tsv")), '\n'))
    if (line.rfind("sample_id", 0) == 0 || line.rfind("SIM01\t", 0) == 0 || line.rfind("SIM02\t", 0) == 0 || line.rfind("SIM03\t", 0) == 0)
      outcomes += line + "\n";
  test::write_file(d.file("three.tsv"), outcomes);
  auto r = test::run_ketapgx("train --quiet " + inputs() + " --samples " + d.file("three.txt") + " --outcomes " + d.file("three.tsv") +
                             " --out " + d.file("m3"));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_TRUE(has(r.err, "cross-validation folds: every fold needs at least one of each")) << r.err;
  // 200 people, 5 epochs, 2 folds: the out-of-fold ranking is inverted (a negative calibration slope).
  ASSERT_EQ(test::run_ketapgx("simulate --quiet -n 200 --seed 3 --out " + d.file("sim200")).exit_code, 0);
  const std::string s = d.file("sim200/");
  r = test::run_ketapgx("train --quiet --vcf " + s + "cohort.vcf.gz --expression " + s + "expression.tsv --covariates " + s +
                        "covariates.tsv --outcomes " + s + "outcomes.tsv --max-epochs 5 --folds 2 --out " + d.file("m200"));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_TRUE(has(r.err, "the model trained on these data is not usable")) << r.err;
  EXPECT_TRUE(has(r.err, "calibration.slope")) << r.err;
  for (const auto& f : d.list()) EXPECT_TRUE(f == "three.txt" || f == "three.tsv" || f == "sim200") << "left behind: " << f;
}

TEST_F(RealInputs, TrainOnAFullDiskFailsCleanly) {
  test::TempDir d;
  // A file-size limit makes every write past 20 KiB fail as a full disk would (SIGXFSZ ignored: EFBIG).
  const auto r = test::run("trap '' XFSZ; ulimit -f 20; " + test::binary() + " train --quiet " + inputs() + " --outcomes " +
                           sim("outcomes.tsv") + " --max-epochs 5 --out " + d.file("m"));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(has(r.err, "disk full")) << r.err;
  EXPECT_FALSE(has(r.err, "terminate called")) << r.err;
  EXPECT_TRUE(d.list().empty()) << "left behind: " << d.list().front();
}

// --- crashes and options ------------------------------------------------------

TEST_F(RealInputs, ExtremeOptionValuesAreRangeCheckedNotCrashes) {
  test::TempDir d;
  const std::string vcf = " --vcf " + sim("cohort.vcf.gz");
  auto r = test::run_ketapgx("qc" + vcf + " --threads 100000 --out " + d.file("q"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(has(r.err, "--threads 100000 is more than 4 x the")) << r.err;
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"qc" + vcf + " --threads 0", "--threads"},
      {"qc" + vcf + " --block-mb -1", "--block-mb: expected a whole number from 1 to 65536"},
      {"qc" + vcf + " --block-mb 1e9", "--block-mb"},
      {"simulate -n -5", "--people: expected a whole number from 1 to"},
      {"simulate -n 5 --response-rate nan", "--response-rate: expected a decimal number from 0.01 to 0.99, got 'nan'"},
      {"simulate -n 5 --seed -1", "--seed"},
      {"train --dropout nan", "--dropout"},
      {"train --weight-decay nan", "--weight-decay"},
      {"train --learning-rate 1e308", "--learning-rate: expected a decimal number from 1e-12 to 10"},
      {"train --folds 1", "--folds"},
  };
  for (const auto& [args, needle] : refused) {
    r = test::run_ketapgx(args + " --out " + d.file("x"));
    EXPECT_EQ(r.exit_code, 2) << args << ": " << r.err;
    EXPECT_TRUE(has(r.err, needle)) << args << ": " << r.err;
    EXPECT_FALSE(has(r.err, "terminate")) << r.err;
  }
}

// --- exit codes and messages --------------------------------------------------

TEST_F(RealInputs, ExitCodesPointAtTheFix) {
  test::TempDir d;
  const std::string out = " --out " + d.file("o/x");
  struct Case {
    std::string args;
    int code;
    std::string needle;
  };
  fs::copy(test::source_dir() + "/models/default", d.file("broken"));
  test::write_file(d.file("broken/manifest.json"), "{\"format_version\": ");
  const std::vector<Case> cases = {
      {"--version", 0, ""},
      {"score --no-such-option", 2, "no-such-option"},
      {"score --vcf " + sim("cohort.vcf.gz"), 2, "--out PREFIX is required"},
      // The model needs covariates; the cohort has none: the user's to give.
      {"score --vcf " + sim("cohort.vcf.gz") + " --expression " + sim("expression.tsv") + out, 3, "give --covariates"},
      // Other units than the model's, another build than the model's.
      {"score " + inputs() + " --expression-units tpm" + out, 3, "--expression-units"},
      {"score " + inputs() + " --build GRCh37" + out, 3, "was trained on GRCh38 genotypes"},
      {"score --vcf " + sim("outcomes.tsv") + out, 3, "not a VCF or BCF"},
      // Only a damaged bundle is 4.
      {"score " + inputs() + " --model " + d.file("broken") + out, 4, "manifest.json"},
  };
  for (const auto& c : cases) {
    const auto r = test::run_ketapgx(c.args);
    EXPECT_EQ(r.exit_code, c.code) << c.args << ": " << r.err;
    EXPECT_TRUE(has(r.err, c.needle)) << c.args << ": " << r.err;
  }
  EXPECT_FALSE(fs::exists(d.file("o")) && !fs::is_empty(d.file("o")));
  // Every --help lists them.
  for (const std::string cmd : {"", "score ", "merge ", "train "}) {
    const auto h = test::run_ketapgx(cmd + "--help");
    EXPECT_TRUE(has(h.out, "Exit codes: 0 success; 1 runtime failure")) << cmd;
    EXPECT_TRUE(has(h.out, "3 input error")) << cmd;
    EXPECT_TRUE(has(h.out, "4 a damaged or inconsistent model bundle")) << cmd;
  }
}

TEST_F(RealInputs, TruncatedPlainGzipAndHeaderOnlyFilesAreNamed) {
  test::TempDir d;
  sh("gzip -c " + file("plain.vcf") + " | head -c 300 > " + d.file("cut.vcf.gz"));
  auto r = test::run_ketapgx("call --vcf " + d.file("cut.vcf.gz") + " --out " + d.file("o/c"));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_TRUE(has(r.err, "truncated or corrupt")) << r.err;
  // A header and no records: refused on every read path (scan, index, stream).
  sh("grep '^#' " + file("plain.vcf") + " > " + d.file("empty.vcf") + " && bgzip -c " + d.file("empty.vcf") + " > " +
     d.file("empty.vcf.gz") + " && tabix -p vcf " + d.file("empty.vcf.gz"));
  for (const std::string args : {"--vcf " + d.file("empty.vcf"), "--vcf " + d.file("empty.vcf.gz"), "--vcf - < " + d.file("empty.vcf")}) {
    r = test::run_ketapgx("score " + args + " --expression " + sim("expression.tsv") + " --out " + d.file("o/s"));
    EXPECT_EQ(r.exit_code, 3) << args << ": " << r.err;
    EXPECT_TRUE(has(r.err, "holds no data records")) << args << ": " << r.err;
  }
  EXPECT_FALSE(fs::exists(d.file("o")));
}

TEST_F(RealInputs, AnUnwritableOutIsFoundBeforeAnyWork) {
  test::TempDir d;
  test::write_file(d.file("afile"), "x");
  for (const std::string cmd : {"qc --vcf " + sim("cohort.vcf.gz"), "call --vcf " + sim("cohort.vcf.gz"), "score " + inputs()}) {
    const auto r = test::run_ketapgx(cmd + " --out " + d.file("afile/x"));
    EXPECT_EQ(r.exit_code, 3) << cmd << ": " << r.err;
    EXPECT_TRUE(has(r.err, "afile is not a folder")) << r.err;
    EXPECT_FALSE(has(r.err, "genome build")) << "work done before the check: " << r.err;
  }
}

TEST_F(RealInputs, EvaluateSaysWhatItCannotMeasure) {
  test::TempDir d;
  // One class only.
  test::write_file(d.file("one.tsv"), "sample_id\tresponder\tmetabolizer_class\nSIM01\t1\tNM\nSIM02\t1\tNM\n");
  auto r = test::run_ketapgx("evaluate " + inputs() + " --model " + test::source_dir() + "/models/default --outcomes " +
                             d.file("one.tsv") + " --out " + d.file("e1"));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_TRUE(has(r.err, "both are needed to evaluate")) << r.err;
  // Two people: values, but no interval pretending to be one.
  test::write_file(d.file("two.tsv"), "sample_id\tresponder\tmetabolizer_class\nSIM01\t1\tNM\nSIM02\t0\tNM\n");
  r = test::run_ketapgx("evaluate --quiet " + inputs() + " --model " + test::source_dir() + "/models/default --outcomes " +
                        d.file("two.tsv") + " --out " + d.file("e2"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string text = test::read_file(d.file("e2.metrics.txt"));
  EXPECT_FALSE(has(text, "95% CI")) << text;
  EXPECT_TRUE(has(text, "no 95% intervals: fewer than 10 responders or non-responders (1 and 1)")) << text;
}

TEST_F(RealInputs, MessagesEscapeTheBytesOfDamagedFiles) {
  test::TempDir d;
  fs::copy(test::source_dir() + "/models/default", d.file("m"));
  test::write_file(d.file("m/manifest.json"), std::string("\xC7\x1B[31m{"));
  auto r = test::run_ketapgx("score " + inputs() + " --model " + d.file("m") + " --out " + d.file("o/s"));
  EXPECT_EQ(r.exit_code, 4) << r.err;
  test::write_file(d.file("keep.txt"), std::string("SIM01\nbad\xC7id\n"));
  const auto s = test::run_ketapgx("call --vcf " + sim("cohort.vcf.gz") + " --samples " + d.file("keep.txt") + " --out " + d.file("o/c"));
  EXPECT_EQ(s.exit_code, 3) << s.err;
  EXPECT_TRUE(has(s.err, "bad\\xC7id")) << s.err;
  // A control byte in a text input: named as such (HTSlib said 'Exec format error').
  test::write_file(d.file("ctl.txt"), std::string("SIM01\nbad\x1B[2Jid\n"));
  const auto t = test::run_ketapgx("call --vcf " + sim("cohort.vcf.gz") + " --samples " + d.file("ctl.txt") + " --out " + d.file("o/c"));
  EXPECT_EQ(t.exit_code, 3) << t.err;
  EXPECT_TRUE(has(t.err, "not a text file")) << t.err;
  for (const std::string& err : {r.err, s.err}) {
    EXPECT_EQ(err.find('\x1B'), std::string::npos) << "raw escape byte in: " << err;
    EXPECT_EQ(err.find('\xC7'), std::string::npos) << "raw invalid UTF-8 in: " << err;
  }
}

}  // namespace
}  // namespace ketapgx

// One test per defect found by hand-made hostile inputs and fuzzing (issue 11):
// every case exits 3 (4 for a bundle, 2 for a usage error), names the file,
// the line or record and the field, and leaves no output or temporary file.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "support/test_support.h"

namespace ketapgx {
namespace {

namespace fs = std::filesystem;

class Hardening : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    ASSERT_EQ(test::run_ketapgx("simulate --quiet -n 60 --seed 61 --out " + dir_->file("sim")).exit_code, 0);
    test::write_file(dir_->file("a.txt"), "");
    test::write_file(dir_->file("b.txt"), "");
    std::string a, b;
    for (int i = 1; i <= 60; ++i) {
      char id[16];
      std::snprintf(id, sizeof id, "SIM%02d\n", i);
      (i % 2 ? a : b) += id;
    }
    test::write_file(dir_->file("a.txt"), a);
    test::write_file(dir_->file("b.txt"), b);
    for (const char* s : {"a", "b"}) {
      const auto r = test::run_ketapgx("score --quiet " + inputs() + " --samples " + dir_->file(std::string(s) + ".txt") +
                                       " --out " + dir_->file(std::string("shard_") + s));
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string sim(const std::string& f) { return dir_->file("sim/" + f); }
  static std::string inputs() {
    return "--vcf " + sim("cohort.vcf.gz") + " --expression " + sim("expression.tsv") + " --covariates " + sim("covariates.tsv");
  }
  // A copy of shard b (in `d`, named `name`) with `file` (e.g. ".qc.samples.tsv") passed through `edit`.
  static std::string broken_shard(const test::TempDir& d, const std::string& name, const std::string& file,
                                  const std::function<std::string(std::string)>& edit) {
    for (const char* f : {".predictions.tsv", ".predictions.json", ".qc.variants.tsv", ".qc.samples.tsv"})
      fs::copy_file(dir_->file(std::string("shard_b") + f), d.file(name + f));
    test::write_file(d.file(name + file), edit(test::read_file(d.file(name + file))));
    return d.file(name);
  }
  // Runs ketapgx with `args` (outputs under `out_dir`), expects `code` and every needle in stderr, and nothing left in out_dir.
  static void expect_refused(const std::string& args, const std::string& out_dir, int code,
                             std::initializer_list<std::string> needles) {
    const auto r = test::run_ketapgx(args);
    EXPECT_EQ(r.exit_code, code) << r.err;
    for (const auto& n : needles) EXPECT_NE(r.err.find(n), std::string::npos) << "missing '" << n << "' in: " << r.err;
    EXPECT_EQ(r.err.find("terminate called"), std::string::npos) << r.err;
    if (fs::exists(out_dir)) EXPECT_TRUE(fs::is_empty(out_dir)) << "output or temporary file left in " << out_dir;
  }
  static std::string merge_with(const std::string& shard, const test::TempDir& d) {
    return "merge --out " + d.file("out/m") + " " + dir_->file("shard_a") + " " + shard;
  }
  static std::string replace_line(std::string text, std::size_t line_index, const std::string& line) {
    auto lines = test::split(text, '\n');
    lines[line_index] = line;
    std::string out;
    for (std::size_t i = 0; i < lines.size(); ++i) out += lines[i] + (i + 1 < lines.size() ? "\n" : "");
    return out;
  }
  static test::TempDir* dir_;
};
test::TempDir* Hardening::dir_ = nullptr;

// --- merge: crashes -----------------------------------------------------------

TEST_F(Hardening, MergeShortQcSamplesLine) {
  test::TempDir d;
  const std::string s = broken_shard(d, "b", ".qc.samples.tsv", [](std::string t) { return replace_line(t, 1, "SIM02\t1\tyes"); });
  expect_refused(merge_with(s, d), d.file("out"), 3, {"b.qc.samples.tsv line 2", "expected 6 tab-separated columns", "found 3"});
}

TEST_F(Hardening, MergeShortQcVariantsLineInALaterShard) {
  test::TempDir d;
  const std::string s = broken_shard(d, "b", ".qc.variants.tsv", [](std::string t) { return replace_line(t, 3, "rs6265\tchr11"); });
  expect_refused(merge_with(s, d), d.file("out"), 3, {"b.qc.variants.tsv line 4", "found 2"});
}

TEST_F(Hardening, MergeHugeCountsOverflow) {
  test::TempDir d;
  auto huge = [](std::string t) {
    auto f = test::split(test::split(t, '\n')[1], '\t');
    f[13] = f[14] = f[15] = f[16] = "9223372036854775807";
    std::string line;
    for (std::size_t i = 0; i < f.size(); ++i) line += (i ? "\t" : "") + f[i];
    return replace_line(t, 1, line);
  };
  const std::string s = broken_shard(d, "b", ".qc.variants.tsv", huge);
  expect_refused(merge_with(s, d), d.file("out"), 3, {"b.qc.variants.tsv line 2", "beyond 2^63"});
  // A count that is not a count.
  const std::string s2 = broken_shard(d, "c", ".qc.variants.tsv", [](std::string t) {
    auto f = test::split(test::split(t, '\n')[1], '\t');
    f[14] = "-3";
    std::string line;
    for (std::size_t i = 0; i < f.size(); ++i) line += (i ? "\t" : "") + f[i];
    return replace_line(t, 1, line);
  });
  expect_refused(merge_with(s2, d), d.file("out"), 3, {"c.qc.variants.tsv line 2, column 15 (called_samples)", "'-3' is not a count"});
}

TEST_F(Hardening, MergeNanProbabilityNeverReachesTheReport) {
  test::TempDir d;
  const std::string s = broken_shard(d, "b", ".predictions.tsv", [](std::string t) {
    auto f = test::split(test::split(t, '\n')[1], '\t');
    f[1] = "nan";
    std::string line;
    for (std::size_t i = 0; i < f.size(); ++i) line += (i ? "\t" : "") + f[i];
    return replace_line(t, 1, line);
  });
  expect_refused(merge_with(s, d), d.file("out"), 3, {"b.predictions.tsv, sample SIM02, column p_responder", "'nan' is not a probability"});
}

// --- merge: silently accepted garbage --------------------------------------------

TEST_F(Hardening, MergeJsonIdsDifferFromTsv) {
  test::TempDir d;
  const std::string s = broken_shard(d, "b", ".predictions.json", [](std::string t) {
    t.replace(t.find("{\"sample_id\":\"SIM02\""), 20, "{\"sample_id\":\"SIM99\"");
    return t;
  });
  expect_refused(merge_with(s, d), d.file("out"), 3, {"predictions.json lists 'SIM99' where predictions.tsv line 2 lists 'SIM02'"});
}

TEST_F(Hardening, MergeNulByteInSampleId) {
  test::TempDir d;
  const std::string s = broken_shard(d, "b", ".predictions.tsv", [](std::string t) {
    t.replace(t.find("SIM02"), 5, std::string("SIM\0" "2", 5));
    return t;
  });
  expect_refused(merge_with(s, d), d.file("out"), 3, {"b.predictions.tsv line 2 holds a control character (byte 0x00)"});
}

TEST_F(Hardening, MergeNonNumericCell) {
  test::TempDir d;
  const std::string s = broken_shard(d, "b", ".predictions.tsv", [](std::string t) {
    auto f = test::split(test::split(t, '\n')[1], '\t');
    f[18] = "half";  // dose_mg_per_kg
    std::string line;
    for (std::size_t i = 0; i < f.size(); ++i) line += (i ? "\t" : "") + f[i];
    return replace_line(t, 1, line);
  });
  expect_refused(merge_with(s, d), d.file("out"), 3, {"sample SIM02, column dose_mg_per_kg", "'half' is not a non-negative number"});
}

// --- score with a bundle whose parameters would give NaN ----------------------------

TEST_F(Hardening, ScoreZeroFoldSdInManifest) {
  test::TempDir d;
  fs::copy(test::source_dir() + "/models/default", d.file("bundle"), fs::copy_options::recursive);
  auto m = nlohmann::json::parse(test::read_file(d.file("bundle/manifest.json")));
  m["params"]["fold_sd"][0][0] = 0.0;
  test::write_file(d.file("bundle/manifest.json"), m.dump(2));
  expect_refused("score " + inputs() + " --model " + d.file("bundle") + " --out " + d.file("out/s"), d.file("out"), 4,
                 {"manifest.json field params.fold_sd[0][0] is out of range"});
}

// --- genotypes: signed or dangling alleles in the text decoder (qc, call, prs) ------------

TEST_F(Hardening, GtWithNegativeOrDanglingAlleles) {
  test::TempDir d;
  // A CYP3A5 defining position, so that call, qc and prs all decode it.
  test::write_file(d.file("w.tsv"), "ID\tA1\tW\nrs28383479\tT\t1\n");
  for (const char* gt : {"-1/0", "-3/0", "0/-2", "0|", ".|", "0/1/", "0//1", "/"}) {
    test::write_file(d.file("g.vcf"), std::string("##fileformat=VCFv4.2\n##contig=<ID=chr7,length=159345973>\n"
                                                  "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\tS2\n"
                                                  "chr7\t99660516\trs28383479\tC\tT\t.\tPASS\t.\tGT\t0/0\t") + gt + "\n");
    for (const std::string& cmd : std::vector<std::string>{"qc --all-variants", "call", "prs --weights " + d.file("w.tsv")})
      expect_refused(cmd + " --vcf " + d.file("g.vcf") + " --out " + d.file("out/x"), d.file("out"), 3,
                     {"g.vcf line 4 (chr7:99660516)", "sample S2", std::string("GT '") + gt + "'"});
  }
}

// --- PRS weights -----------------------------------------------------------------

TEST_F(Hardening, PrsDuplicateIdAndAllele) {
  test::TempDir d;
  test::write_file(d.file("w.tsv"), "ID\tA1\tW\nrs6265\tT\t0.5\nrs6265\tT\t0.5\n");
  expect_refused("prs --vcf " + sim("cohort.vcf.gz") + " --weights " + d.file("w.tsv") + " --out " + d.file("out/p"), d.file("out"), 3,
                 {"w.tsv line 3", "rs6265 allele T already has weights on line 2"});
  // plink2 refuses the same file.
  if (test::have_tool("plink2")) {
    const auto r = test::run("plink2 --vcf " + sim("cohort.vcf.gz") + " --score " + d.file("w.tsv") +
                             " 1 2 3 header-read no-mean-imputation --out " + d.file("plink"));
    EXPECT_NE(r.exit_code, 0);
  }
}

// --- dose rules ------------------------------------------------------------------

TEST_F(Hardening, DoseRulesSchema) {
  test::TempDir d;
  const std::string ok_rule = "  - id: base\n    when: {route: [iv_racemic]}\n    then: {set_mg_per_kg: 0.5}\n    evidence: e\n    source: s\n";
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {"negative dose", "  - id: neg\n    then: {set_mg_per_kg: -5}\n    evidence: e\n    source: s\n", "rule 'neg', then.set_mg_per_kg: -5 is out of range"},
      {"infinite dose", "  - id: inf\n    then: {set_dose_mg: .inf}\n    evidence: e\n    source: s\n", "rule 'inf', then.set_dose_mg: expected a decimal number, found '.inf'"},
      {"nan dose", "  - id: nan\n    then: {cap_mg_per_kg: .nan}\n    evidence: e\n    source: s\n", "rule 'nan', then.cap_mg_per_kg: expected a decimal number"},
      {"hex dose", "  - id: hex\n    then: {set_mg_per_kg: 0x1}\n    evidence: e\n    source: s\n", "rule 'hex', then.set_mg_per_kg: expected a decimal number"},
      {"too high", "  - id: high\n    then: {set_mg_per_kg: 5}\n    evidence: e\n    source: s\n", "expected 0 to 2"},
      {"negative minutes", "  - id: obs\n    then: {observation_minutes: -120}\n    evidence: e\n    source: s\n", "rule 'obs', then.observation_minutes: -120 is out of range"},
      {"scalar route", "  - id: sr\n    when: {route: iv_racemic}\n    then: {flag: x}\n    evidence: e\n    source: s\n", "rule 'sr', when.route: expected a list"},
      {"unknown route", "  - id: ur\n    when: {route: [oral]}\n    then: {flag: x}\n    evidence: e\n    source: s\n", "'oral' is not a route"},
      {"list evidence", "  - id: le\n    then: {flag: x}\n    evidence: [a, b]\n    source: s\n", "rule 'le', evidence: expected a text value, found a list"},
      {"mapping id", "  - id: {x: 1}\n    then: {flag: x}\n    evidence: e\n    source: s\n", "rule 2, id: expected a text value, found a mapping"},
      {"flag with ;", "  - id: semi\n    then: {flag: \"a; b\"}\n    evidence: e\n    source: s\n", "rule 'semi', then.flag: a note must not contain ';'"},
  };
  for (const auto& [name, rule, needle] : cases) {
    test::write_file(d.file("rules.yaml"), "notice: research use only\nrules:\n" + ok_rule + rule);
    expect_refused("score " + inputs() + " --dose-rules " + d.file("rules.yaml") + " --out " + d.file("out/s"), d.file("out"), 3,
                   {"--dose-rules " + d.file("rules.yaml"), needle});
  }
  test::write_file(d.file("rules.yaml"), "notice: [not, text]\nrules:\n" + ok_rule);
  expect_refused("score " + inputs() + " --dose-rules " + d.file("rules.yaml") + " --out " + d.file("out/s"), d.file("out"), 3,
                 {"rules.yaml, notice: expected a text value, found a list"});
}

// --- expression and covariates ----------------------------------------------------

TEST_F(Hardening, ExpressionHexNumber) {
  test::TempDir d;
  std::string e = test::read_file(sim("expression.tsv"));
  const auto line2 = e.find('\n') + 1;
  const auto tab = e.find('\t', line2);
  e.replace(tab + 1, e.find('\t', tab + 1) - tab - 1, "0x1F");
  test::write_file(d.file("e.tsv"), e);
  expect_refused("qc --vcf " + sim("cohort.vcf.gz") + " --expression " + d.file("e.tsv") + " --out " + d.file("out/q"), d.file("out"), 3,
                 {"e.tsv line 2, column 2", "'0x1F' is not a number"});
  // inf and nan are not numbers either.
  e.replace(e.find("0x1F"), 4, "inf");
  test::write_file(d.file("e.tsv"), e);
  expect_refused("qc --vcf " + sim("cohort.vcf.gz") + " --expression " + d.file("e.tsv") + " --out " + d.file("out/q"), d.file("out"), 3,
                 {"'inf' is not a number"});
}

TEST_F(Hardening, CovariateHexNumber) {
  test::TempDir d;
  test::write_file(d.file("c.tsv"), "sample_id\tage\tweight_kg\nSIM01\t0x28\t70\n");
  expect_refused("qc --vcf " + sim("cohort.vcf.gz") + " --covariates " + d.file("c.tsv") + " --out " + d.file("out/q"), d.file("out"), 3,
                 {"c.tsv line 2, column 2 (age)", "'0x28' is not a number"});
}

TEST_F(Hardening, GctDimensionLineChecked) {
  test::TempDir d;
  const std::string body = "Name\tDescription\tSIM01\tSIM02\nGRM2\tx\t10\t20\nBDNF\ty\t30\t40\n";
  test::write_file(d.file("bad.gct"), "#1.2\n3\t2\n" + body);
  expect_refused("qc --vcf " + sim("cohort.vcf.gz") + " --expression " + d.file("bad.gct") + " --out " + d.file("out/q"), d.file("out"), 3,
                 {"bad.gct line 2", "say 3 rows x 2 samples but the file has 2 x 2"});
  test::write_file(d.file("junk.gct"), "#1.2\nrows\tcols\n" + body);
  expect_refused("qc --vcf " + sim("cohort.vcf.gz") + " --expression " + d.file("junk.gct") + " --out " + d.file("out/q"), d.file("out"), 3,
                 {"junk.gct line 2", "dimensions line"});
  test::write_file(d.file("good.gct"), "#1.2\n2\t2\n" + body);
  EXPECT_EQ(test::run_ketapgx("qc --quiet --vcf " + sim("cohort.vcf.gz") + " --expression " + d.file("good.gct") + " --out " + d.file("ok/q")).exit_code, 0);
}

TEST_F(Hardening, CovariateRepeatedColumn) {
  test::TempDir d;
  test::write_file(d.file("c.tsv"), "sample_id\tage\tage\nSIM01\t40\t50\n");
  expect_refused("qc --vcf " + sim("cohort.vcf.gz") + " --covariates " + d.file("c.tsv") + " --out " + d.file("out/q"), d.file("out"), 3,
                 {"c.tsv line 1", "column 'age' appears twice in the header (columns 2 and 3)"});
}

TEST_F(Hardening, OutPrefixEndingInSlash) {
  test::TempDir d;
  fs::create_directories(d.file("out"));
  for (const std::string cmd : {"qc", "call", "features"})
    expect_refused(cmd + " --vcf " + sim("cohort.vcf.gz") + " --out " + d.file("out") + "/", d.file("out"), 2, {"would be a hidden file"});
  expect_refused("score " + inputs() + " --out " + d.file("out") + "/", d.file("out"), 2, {"would be a hidden file"});
}

}  // namespace
}  // namespace ketapgx

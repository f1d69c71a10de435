// `ketapgx merge`: a cohort scored in three round-robin shards and merged gives the unsharded run's predictions and
// QC tables byte for byte, its report, and its per-person JSON; overlapping,
// missing, truncated or mismatched (other version, other cohort) shards are
// refused without leaving output behind.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "support/test_support.h"

namespace ketapgx {
namespace {

namespace fs = std::filesystem;

class Merge : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    ASSERT_EQ(test::run_ketapgx("simulate --quiet -n 2000 --seed 47 --out " + dir_->file("sim")).exit_code, 0);
    auto r = test::run_ketapgx("score --quiet --contributions " + inputs() + " --out " + dir_->file("full"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // Round-robin shards (667, 667, 666 people), so no shard is a run of the
    // VCF; 2,000 people make the per-variant counts longer than a short string
    // (a dangling view into one once went unnoticed with 130).
    r = test::run("bcftools query -l " + sim("cohort.vcf.gz") + " > " + dir_->file("all.txt") + " && cd " + dir_->path() +
                  " && awk '{ print > sprintf(\"ids%02d\", (NR - 1) % 3) }' all.txt");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const char* k : {"00", "01", "02"}) {
      r = test::run_ketapgx("score --quiet --contributions " + inputs() + " --samples " + dir_->file(std::string("ids") + k) + " --out " +
                            dir_->file(std::string("shard") + k));
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string sim(const std::string& f) { return dir_->file("sim/" + f); }
  static std::string inputs() {
    return "--vcf " + sim("cohort.vcf.gz") + " --expression " + sim("expression.tsv") + " --covariates " + sim("covariates.tsv");
  }
  // Given out of order: the merged order comes from the sample IDs.
  static std::string shards() { return dir_->file("shard02") + " " + dir_->file("shard00") + " " + dir_->file("shard01"); }
  static test::TempDir* dir_;
};
test::TempDir* Merge::dir_ = nullptr;

TEST_F(Merge, ShardedEqualsUnsharded) {
  test::TempDir d;
  const auto r = test::run_ketapgx("merge --quiet --expect-samples " + dir_->file("all.txt") + " --out " + d.file("m") + " " + shards());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* f : {".predictions.tsv", ".qc.variants.tsv", ".qc.samples.tsv", ".contributions.tsv"})
    EXPECT_EQ(test::read_file(d.file(std::string("m") + f)), test::read_file(dir_->file(std::string("full") + f))) << f;
  const std::string merged_report = test::read_file(d.file("m.report.html")), full_report = test::read_file(dir_->file("full.report.html"));
  EXPECT_EQ(test::report_outside_run(merged_report), test::report_outside_run(full_report));
  EXPECT_NE(merged_report.find("merged from"), std::string::npos);  // its provenance says how it was made
  EXPECT_NE(merged_report.find("m.predictions.tsv"), std::string::npos);
  const auto merged = nlohmann::json::parse(test::read_file(d.file("m.predictions.json")));
  const auto full = nlohmann::json::parse(test::read_file(dir_->file("full.predictions.json")));
  EXPECT_EQ(merged.at("samples"), full.at("samples"));
  EXPECT_EQ(merged.at("model"), full.at("model"));
  // Cohort checks depend on the input files only: every shard wrote the whole cohort's.
  EXPECT_EQ(merged.at("cohort_checks"), full.at("cohort_checks"));
  EXPECT_EQ(merged.at("expression_standardize"), full.at("expression_standardize"));
  EXPECT_EQ(merged.at("star_alleles"), full.at("star_alleles"));  // the star-allele settings and what is not assessed
  EXPECT_FALSE(merged.at("star_alleles").at("not_assessed").empty());
  EXPECT_EQ(merged.at("command"), "merge");
  EXPECT_EQ(merged.at("merged_from").size(), 3u);
  EXPECT_NE(merged.at("notice").get<std::string>().find("research use only"), std::string::npos);
  // A shard really is a part: it holds fewer people than the whole.
  EXPECT_EQ(test::read_tsv(dir_->file("shard02.predictions.tsv")).rows.size(), 666u);
}

TEST_F(Merge, RefusesBrokenShardSets) {
  test::TempDir d;
  // The same shard twice: overlapping people.
  auto r = test::run_ketapgx("merge --out " + d.file("out/a") + " " + shards() + " " + dir_->file("shard01"));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("must not overlap"), std::string::npos) << r.err;
  // A shard left out while the full sample list is expected.
  r = test::run_ketapgx("merge --expect-samples " + dir_->file("all.txt") + " --out " + d.file("out/b") + " " +
                        dir_->file("shard00") + " " + dir_->file("shard02"));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("in no shard"), std::string::npos) << r.err;
  // A shard that never finished.
  r = test::run_ketapgx("merge --out " + d.file("out/c") + " " + dir_->file("shard00") + " " + d.file("nowhere"));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("nowhere.predictions.tsv"), std::string::npos) << r.err;
  // A shard from another ketapgx version (other columns).
  for (const char* f : {".predictions.tsv", ".qc.variants.tsv", ".qc.samples.tsv", ".predictions.json"})
    fs::copy_file(dir_->file(std::string("shard01") + f), d.file(std::string("old") + f));
  std::string t = test::read_file(d.file("old.predictions.tsv"));
  t.replace(t.find("p_responder"), 11, "p_response");
  test::write_file(d.file("old.predictions.tsv"), t);
  r = test::run_ketapgx("merge --out " + d.file("out/d") + " " + dir_->file("shard00") + " " + d.file("old"));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("other columns"), std::string::npos) << r.err;
  // A shard scored from another VCF (its recorded SHA-256 differs).
  for (const char* f : {".predictions.tsv", ".qc.variants.tsv", ".qc.samples.tsv", ".predictions.json"})
    fs::copy_file(dir_->file(std::string("shard01") + f), d.file(std::string("othervcf") + f));
  std::string other = test::read_file(d.file("othervcf.predictions.json"));
  const auto sha_at = other.find("\"sha256\": \"", other.find("\"vcf\": {"));
  ASSERT_NE(sha_at, std::string::npos);
  other.replace(sha_at + 11, 64, std::string(64, '0'));
  test::write_file(d.file("othervcf.predictions.json"), other);
  r = test::run_ketapgx("merge --out " + d.file("out/g") + " " + dir_->file("shard00") + " " + d.file("othervcf"));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("another --vcf file"), std::string::npos) << r.err;
  // A shard scored with other star-allele settings (e.g. --pgx-combinations).
  for (const char* f : {".predictions.tsv", ".qc.variants.tsv", ".qc.samples.tsv", ".predictions.json"})
    fs::copy_file(dir_->file(std::string("shard01") + f), d.file(std::string("othersettings") + f));
  std::string settings = test::read_file(d.file("othersettings.predictions.json"));
  const auto comb_at = settings.find("\"combinations\": false");
  ASSERT_NE(comb_at, std::string::npos);
  settings.replace(comb_at, 21, "\"combinations\": true");
  test::write_file(d.file("othersettings.predictions.json"), settings);
  r = test::run_ketapgx("merge --out " + d.file("out/s") + " " + dir_->file("shard00") + " " + d.file("othersettings"));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("other star_alleles"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(d.file("out/s.predictions.tsv")));
  // A shard whose predictions.json was cut short.
  for (const char* f : {".predictions.tsv", ".qc.variants.tsv", ".qc.samples.tsv"})
    fs::copy_file(dir_->file(std::string("shard01") + f), d.file(std::string("cut") + f));
  const std::string json = test::read_file(dir_->file("shard01.predictions.json"));
  test::write_file(d.file("cut.predictions.json"), json.substr(0, json.size() / 2));
  r = test::run_ketapgx("merge --out " + d.file("out/f") + " " + dir_->file("shard00") + " " + d.file("cut"));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("cut.predictions.json"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("truncated"), std::string::npos) << r.err;
  // A shard scored with other options (its expression standardised within the shard's cohort).
  r = test::run_ketapgx("score --quiet " + inputs() + " --expression-standardize cohort --contributions --samples " +
                        dir_->file("ids01") + " --out " + d.file("cohortstd"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = test::run_ketapgx("merge --out " + d.file("out/h") + " " + dir_->file("shard00") + " " + d.file("cohortstd"));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("scored with other options"), std::string::npos) << r.err;
  // A shard without the contributions the others have.
  for (const char* f : {".predictions.tsv", ".qc.variants.tsv", ".qc.samples.tsv", ".predictions.json"})
    fs::copy_file(dir_->file(std::string("shard01") + f), d.file(std::string("nocontrib") + f));
  r = test::run_ketapgx("merge --out " + d.file("out/i") + " " + d.file("nocontrib") + " " + dir_->file("shard00"));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("--contributions"), std::string::npos) << r.err;
  // No shards at all is a usage error.
  r = test::run_ketapgx("merge --out " + d.file("out/e"));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(!fs::exists(d.file("out")) || fs::is_empty(d.file("out"))) << "partial output left behind";
}

}  // namespace
}  // namespace ketapgx

// Progress on stderr: on a terminal (a pseudo-terminal from script(1)) one
// status line redrawn in place and cleared before anything else is printed;
// nothing with --quiet or without a terminal; one line per stage with its
// final figures under --verbose, for qc, call, prs, features, score and merge.
// KETAPGX_PROGRESS_MS=1 makes even a short read draw.
#include <gtest/gtest.h>

#include <regex>

#include "support/test_support.h"

namespace ketapgx {
namespace {

class Progress : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    // 400 samples x 3,000 records: a read of some milliseconds.
    std::string v = "##fileformat=VCFv4.2\n##contig=<ID=chr19,length=58617616>\n"
                    "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT";
    for (int s = 0; s < 400; ++s) v += "\tS" + std::to_string(s);
    v += '\n';
    for (int r = 0; r < 3000; ++r) {
      v += "chr19\t" + std::to_string(40000000 + 10 * r) + "\tv" + std::to_string(r) + "\tA\tG\t.\tPASS\t.\tGT";
      for (int s = 0; s < 400; ++s) v += (s + r) % 7 == 0 ? "\t0/1" : "\t0/0";
      v += '\n';
    }
    test::write_file(dir_->file("p.vcf"), v);
    ASSERT_EQ(test::run("bgzip -c " + dir_->file("p.vcf") + " > " + dir_->file("p.vcf.gz")).exit_code, 0);
    std::string w = "ID\tA1\tBETA\n";
    for (int r = 0; r < 3000; r += 3) w += "v" + std::to_string(r) + "\tG\t0.1\n";
    test::write_file(dir_->file("w.tsv"), w);
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string vcf() { return dir_->file("p.vcf.gz"); }
  // The command under a pseudo-terminal; stdout and stderr come back together.
  static std::string on_terminal(const std::string& args) {
    const auto r = test::run("KETAPGX_PROGRESS_MS=1 script -qec \"" + test::binary() + " " + args + "\" /dev/null");
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    return r.out;
  }
  static test::TempDir* dir_;
};
test::TempDir* Progress::dir_ = nullptr;

TEST_F(Progress, StatusLineOnATerminal) {
  if (!test::have_tool("script")) GTEST_SKIP() << "script(1) (util-linux) is not installed";
  const std::string out = on_terminal("qc --all-variants --threads 1 --vcf " + vcf() + " --out " + dir_->file("t"));
  // Drawn: "\r\033[K" then the stage, the records, the share of the file, the rate.
  const std::regex status("\r\033\\[Kreading genotypes: [0-9.]+ (k )?records \\([0-9]+% of the file, [0-9.]+ [kMG]?B/s\\), [0-9.]+ s");
  EXPECT_TRUE(std::regex_search(out, status)) << out;
  // Cleared before the next message: after the last status line comes "\r\033[K" and a message.
  const std::size_t last = out.rfind("reading genotypes:");
  ASSERT_NE(last, std::string::npos);
  const std::size_t clear = out.find("\r\033[K", last);
  ASSERT_NE(clear, std::string::npos) << "the status line was left on screen";
  EXPECT_EQ(out.compare(clear + 4, 8, "ketapgx:"), 0) << out.substr(last);
  EXPECT_EQ(out.find("reading genotypes:", clear), std::string::npos);
}

TEST_F(Progress, QuietOrNoTerminalDrawsNothing) {
  if (!test::have_tool("script")) GTEST_SKIP() << "script(1) (util-linux) is not installed";
  const std::string quiet = on_terminal("qc --quiet --all-variants --threads 1 --vcf " + vcf() + " --out " + dir_->file("q"));
  EXPECT_EQ(quiet.find("reading genotypes"), std::string::npos) << quiet;
  EXPECT_EQ(quiet.find("\033[K"), std::string::npos);
  const auto piped = test::run("KETAPGX_PROGRESS_MS=1 " + test::binary() + " qc --all-variants --threads 1 --vcf " + vcf() + " --out " +
                               dir_->file("p"));
  ASSERT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_EQ(piped.err.find("reading genotypes"), std::string::npos) << piped.err;
  EXPECT_EQ(piped.err.find('\r'), std::string::npos);
}

// Without a terminal, --verbose gives each stage one line with its final
// figures: the exact number of records read, the whole file.
TEST_F(Progress, VerboseStageLinesForEveryLongCommand) {
  auto stage_lines = [](const std::string& err, const std::string& stage) {
    int n = 0;
    for (const auto& line : test::split(err, '\n')) n += line.rfind("ketapgx debug: " + stage + ":", 0) == 0;
    return n;
  };
  auto run = [](const std::string& args) {
    const auto r = test::run_ketapgx(args + " --verbose");
    EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.err;
    EXPECT_EQ(r.err.find('\r'), std::string::npos) << args;
    return r.err;
  };
  std::string err = run("qc --all-variants --threads 1 --vcf " + vcf() + " --out " + dir_->file("v"));
  EXPECT_EQ(stage_lines(err, "reading genotypes"), 1) << err;
  EXPECT_NE(err.find("reading genotypes: 3000 records (100% of the file, "), std::string::npos) << err;
  err = run("prs --threads 2 --vcf " + vcf() + " --weights " + dir_->file("w.tsv") + " --out " + dir_->file("v"));
  EXPECT_NE(err.find("reading genotypes: 3000 records (100% of the file, "), std::string::npos) << err;
  for (const std::string cmd : {"call", "features"}) {
    err = run(cmd + " --vcf " + test::data_dir() + "/edge_cases.vcf --out " + dir_->file("v" + cmd));
    EXPECT_EQ(stage_lines(err, "reading genotypes"), 1) << cmd << "\n" << err;
  }
  err = run("score --demo --out " + dir_->file("s1"));
  // The demo cohort has one person without expression: each network has its stage line.
  for (const char* stage : {"reading genotypes", "predicting (5 fold models, genotypes+expression+covariates)",
                            "predicting (5 fold models, genotypes+covariates)", "per-person rows and dose rules", "writing outputs"})
    EXPECT_EQ(stage_lines(err, stage), 1) << stage << "\n" << err;
  EXPECT_NE(err.find("writing outputs: 40 people (100%"), std::string::npos) << err;
  const auto m = test::run_ketapgx("merge --verbose --out " + dir_->file("m") + " " + dir_->file("s1"));
  ASSERT_EQ(m.exit_code, 0) << m.err;
  EXPECT_NE(m.err.find("reading shards: 1 shard (100%"), std::string::npos) << m.err;
  EXPECT_EQ(stage_lines(m.err, "checking and writing the merged cohort"), 1) << m.err;
}

}  // namespace
}  // namespace ketapgx

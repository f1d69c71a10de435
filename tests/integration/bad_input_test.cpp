// Bad input to `ketapgx qc`: each case exits 3 (usage problems 2) with a
// message naming the file and the record or line, and leaves no output file.
#include <gtest/gtest.h>

#include <filesystem>

#include "support/test_support.h"

namespace ketapgx {
namespace {

const std::string kExample = test::source_dir() + "/examples/cohort/";
const std::string kEdge = test::data_dir() + "/edge_cases.vcf";

class BadInput : public ::testing::Test {
 protected:
  // Runs qc with `args` into a fresh output directory; checks the exit code,
  // that every `needles` appears in stderr, and that nothing was written.
  void expect_rejected(const std::string& args, std::initializer_list<std::string> needles, int code = 3) {
    test::TempDir out;
    const auto r = test::run_ketapgx("qc " + args + " --out " + out.file("sub/run"));
    EXPECT_EQ(r.exit_code, code) << r.err;
    for (const auto& n : needles) EXPECT_NE(r.err.find(n), std::string::npos) << "missing '" << n << "' in: " << r.err;
    const std::string sub = out.file("sub");
    if (std::filesystem::exists(sub)) {
      EXPECT_TRUE(std::filesystem::is_empty(sub)) << "output left behind in " << sub;
    }
    EXPECT_EQ(r.err.find("terminate called"), std::string::npos) << r.err;
  }
  std::string write(const std::string& name, const std::string& content) {
    test::write_file(tmp_.file(name), content);
    return tmp_.file(name);
  }
  std::string edge_with(const std::string& from, const std::string& to) {
    std::string text = test::read_file(kEdge);
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos);
    text.replace(at, from.size(), to);
    return text;
  }
  test::TempDir tmp_;
};

TEST_F(BadInput, TruncatedBgzfMidBlock) {
  const std::string gz = tmp_.file("big.vcf.gz");
  // Enough records for several BGZF blocks, then cut in the middle.
  ASSERT_EQ(test::run("(grep '^#' " + kEdge + "; grep -v '^#' " + kEdge +
                      " | head -1 | awk 'BEGIN{OFS=\"\\t\"}{for (p = 1; p <= 4000; ++p) {$2 = p; print}}') | bgzip -c > " + gz +
                      " && head -c $(( $(stat -c %s " + gz + ") / 2 )) " + gz + " > " + tmp_.file("cut.vcf.gz"))
                .exit_code,
            0);
  expect_rejected("--all-variants --vcf " + tmp_.file("cut.vcf.gz"), {tmp_.file("cut.vcf.gz"), "truncated"});
}

TEST_F(BadInput, TruncatedBgzfAtBlockBoundary) {
  // Dropping the 28-byte end-of-file block leaves a file HTSlib reads "successfully".
  ASSERT_EQ(test::run("bgzip -c " + kEdge + " > " + tmp_.file("e.vcf.gz") + " && head -c -28 " + tmp_.file("e.vcf.gz") +
                      " > " + tmp_.file("noeof.vcf.gz")).exit_code, 0);
  expect_rejected("--vcf " + tmp_.file("noeof.vcf.gz"), {"noeof.vcf.gz", "end-of-file marker"});
}

TEST_F(BadInput, MalformedLineNamesTheLine) {
  const std::string f = write("bad.vcf", edge_with("chr19\t41006936\trs3745274\tG\tT\t.\tPASS\tNOTE=biallelic\tGT\t0/1\t0/0",
                                                   "chr19\t41006936\trs3745274\tG\tT\t.\tPASS\tNOTE=biallelic\tGT\t0/1\t0/x"));
  expect_rejected("--vcf " + f, {"bad.vcf line 17 (chr19:41006936)", "malformed GT '0/x'"});
  const std::string pos = write("pos.vcf", edge_with("chr1\t1000\t", "chr1\tten\t"));
  expect_rejected("--vcf " + pos, {"pos.vcf line 12", "POS 'ten'"});
  const std::string cols = write("cols.vcf", edge_with("\t1/1\t0/1\t0/0\n", "\t1/1\n"));
  expect_rejected("--vcf " + cols, {"cols.vcf line 17", "expected 5 sample columns"});
}

TEST_F(BadInput, MissingGtField) {
  const std::string f = write("nogt.vcf", edge_with("NOTE=biallelic\tGT\t0/1\t0/0\t1/1\t0/1\t0/0",
                                                    "NOTE=biallelic\tDS\t1\t0\t2\t1\t0"));
  expect_rejected("--vcf " + f, {"nogt.vcf line 17", "no FORMAT/GT", "--dosages"});
  // With --dosages the same file is valid input: DS becomes the call.
  test::TempDir out;
  const auto r = test::run_ketapgx("qc --dosages --vcf " + f + " --out " + out.file("ok"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST_F(BadInput, NotAVcf) {
  const std::string f = write("notes.txt", "these are not genotypes\n");
  expect_rejected("--vcf " + f, {"notes.txt"});
  expect_rejected("--vcf " + tmp_.file("does-not-exist.vcf"), {"does-not-exist.vcf", "cannot open"});
}

TEST_F(BadInput, ExpressionWithATextValue) {
  std::string e = test::read_file(kExample + "expression.tsv");
  const auto line3 = e.find('\n', e.find('\n') + 1) + 1;  // start of line 3
  const auto tab = e.find('\t', line3);
  const auto tab2 = e.find('\t', tab + 1);
  e.replace(tab + 1, tab2 - tab - 1, "high");
  const std::string f = write("expr.tsv", e);
  expect_rejected("--vcf " + kExample + "cohort.vcf.gz --expression " + f,
                  {"expr.tsv line 3, column 2", "sample KTP001", "'high' is not a number"});
}

TEST_F(BadInput, DuplicatedSampleIds) {
  const std::string vcf = write("dup.vcf", edge_with("\tS4\tS5\n", "\tS4\tS1\n"));
  expect_rejected("--vcf " + vcf, {"dup.vcf", "'S1'", "twice"});
  const std::string expr = write("dupexpr.tsv", "sample_id\tGRM2\nS1\t5\nS2\t6\nS1\t7\n");
  expect_rejected("--vcf " + kEdge + " --expression " + expr, {"dupexpr.tsv", "'S1' appears twice", "lines 2 and 4"});
  const std::string cov = write("dupcov.tsv", "sample_id\tage\nS1\t40\nS1\t41\n");
  expect_rejected("--vcf " + kEdge + " --covariates " + cov, {"dupcov.tsv line 3", "already appears on line 2"});
}

TEST_F(BadInput, Grch37FileAgainstTheGrch38Panel) {
  std::string text = test::read_file(kEdge);
  for (const auto& [b38, b37] : std::vector<std::pair<std::string, std::string>>{
           {"chr1,length=248956422", "chr1,length=249250621"}, {"chr7,length=159345973", "chr7,length=159138663"},
           {"chr11,length=135086622", "chr11,length=135006516"}, {"chr19,length=58617616", "chr19,length=59128983"},
           {"chrX,length=156040895", "chrX,length=155270560"}}) {
    text.replace(text.find(b38), b38.size(), b37);
  }
  const std::string f = write("b37.vcf", text);
  const std::string panel = test::source_dir() + "/configs/panels/ketapgx_panel.GRCh38.tsv";
  expect_rejected("--vcf " + f + " --panel " + panel, {"b37.vcf is GRCh37", "ketapgx_panel.GRCh38.tsv is GRCh38",
                                                       "ketapgx_panel.GRCh37.tsv", "--build"});
}

TEST_F(BadInput, UnknownSamplesInTheSubset) {
  const std::string list = write("keep.txt", "S1\nS7\n");
  expect_rejected("--vcf " + kEdge + " --samples " + list, {"--samples", "S7", "--force-samples"});
}

TEST_F(BadInput, ImpossibleCovariates) {
  const std::string cov = write("cov.tsv", "sample_id\tage\tweight_kg\nS1\t300\t70\n");
  expect_rejected("--vcf " + kEdge + " --covariates " + cov, {"cov.tsv line 2, column 2 (age)", "300"});
}

}  // namespace
}  // namespace ketapgx

// The ketapgx command line: help, version, exit codes, and `qc` end to end on
// the bundled example cohort.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/test_support.h"

namespace ketapgx {
namespace {

const std::string kExample = test::source_dir() + "/examples/cohort/";

TEST(Cli, HelpAndVersion) {
  auto r = test::run_ketapgx("--help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("qc"), std::string::npos);
  EXPECT_NE(r.out.find("Exit codes"), std::string::npos);

  r = test::run_ketapgx("--version");
  EXPECT_EQ(r.exit_code, 0);
  const auto lines = test::split(r.out, '\n');
  ASSERT_GE(lines.size(), 4u);
  EXPECT_EQ(lines[0].rfind("ketapgx\t", 0), 0u) << r.out;
  for (const auto& l : lines)
    if (!l.empty()) EXPECT_EQ(test::split(l, '\t').size(), 2u) << "not 'name<TAB>value': " << l;
  EXPECT_NE(r.out.find("htslib\t"), std::string::npos);
  EXPECT_NE(r.out.find("libtorch\t"), std::string::npos);

  r = test::run_ketapgx("qc --help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("--vcf"), std::string::npos);
  EXPECT_NE(r.out.find("--expression-layout"), std::string::npos);
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(test::run_ketapgx("").exit_code, 2);
  const auto unknown = test::run_ketapgx("frobnicate");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("unknown command 'frobnicate'"), std::string::npos);
  EXPECT_EQ(test::run_ketapgx("qc --bogus").exit_code, 2);
  const auto no_vcf = test::run_ketapgx("qc --out x");
  EXPECT_EQ(no_vcf.exit_code, 2);
  EXPECT_NE(no_vcf.err.find("--vcf"), std::string::npos);
  EXPECT_EQ(test::run_ketapgx("qc --vcf a --out b --backend gpu").exit_code, 2);
  EXPECT_EQ(test::run_ketapgx("qc --vcf a --out b --build hg17").exit_code, 2);
  EXPECT_EQ(test::run_ketapgx("qc --vcf a --out b --quiet --verbose").exit_code, 2);
}

TEST(Cli, CudaBackendWithoutGpuIsARuntimeError) {
  const auto v = test::run_ketapgx("--version");
  if (v.out.find("cuda_devices\t0") == std::string::npos) GTEST_SKIP() << "a GPU is present";
  test::TempDir d;
  const auto r = test::run_ketapgx("qc --vcf " + kExample + "cohort.vcf.gz --backend cuda --out " + d.file("x"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("--backend cuda"), std::string::npos) << r.err;
  EXPECT_TRUE(d.list().empty());
}

TEST(Cli, QcOnTheExampleCohort) {
  test::TempDir d;
  const auto r = test::run_ketapgx("qc --vcf " + kExample + "cohort.vcf.gz --expression " + kExample +
                                   "expression.tsv --covariates " + kExample + "covariates.tsv --out " + d.file("ex"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.empty()) << "data goes to files, logs to stderr";
  EXPECT_NE(r.err.find("genome build: GRCh38"), std::string::npos) << r.err;
  EXPECT_EQ(d.list(), (std::vector<std::string>{"ex.qc.json", "ex.qc.samples.tsv", "ex.qc.variants.tsv"}));

  const auto variants = test::read_tsv(d.file("ex.qc.variants.tsv"));
  for (const char* c : {"variant_id", "chrom", "pos", "ref", "alt", "gene", "status", "call_rate", "alt_freq"})
    EXPECT_NE(std::find(variants.columns.begin(), variants.columns.end(), c), variants.columns.end()) << c;
  int missing = 0;
  for (const auto& row : variants.rows) {
    if (row.at("status") == "missing") {
      ++missing;
      EXPECT_EQ(row.at("variant_id"), "rs12721655");
      EXPECT_EQ(row.at("call_rate"), "NA");
    } else {
      const double cr = std::stod(row.at("call_rate"));
      EXPECT_GT(cr, 0.8);
      EXPECT_LE(cr, 1.0);
    }
  }
  EXPECT_EQ(missing, 1);

  const auto samples = test::read_tsv(d.file("ex.qc.samples.tsv"));
  EXPECT_EQ(samples.columns, (std::vector<std::string>{"sample_id", "call_rate", "in_vcf", "in_expression",
                                                        "in_covariates", "expression_genes_missing"}));
  ASSERT_EQ(samples.rows.size(), 41u);
  EXPECT_TRUE(std::is_sorted(samples.rows.begin(), samples.rows.end(),
                             [](const auto& a, const auto& b) { return a.at("sample_id") < b.at("sample_id"); }));
  const auto& ghost = samples.rows.back();  // KTP999: expression only
  EXPECT_EQ(ghost.at("sample_id"), "KTP999");
  EXPECT_EQ(ghost.at("in_vcf"), "no");
  EXPECT_EQ(ghost.at("call_rate"), "NA");
  const auto& last = samples.rows[39];  // KTP040: genotypes and covariates, no expression
  EXPECT_EQ(last.at("in_expression"), "no");
  EXPECT_EQ(last.at("expression_genes_missing"), "all");

  const auto j = nlohmann::json::parse(test::read_file(d.file("ex.qc.json")));
  EXPECT_EQ(j.at("genome_build").at("used"), "GRCh38");
  EXPECT_EQ(j.at("vcf").at("index_used"), true);
  EXPECT_NE(j.at("notice").get<std::string>().find("research use only"), std::string::npos);
  EXPECT_EQ(j.at("samples").at("not_in_every_input"), 3);
}

TEST(Cli, QuietPrintsNothingOnSuccess) {
  test::TempDir d;
  const auto r = test::run_ketapgx("qc --quiet --vcf " + kExample + "cohort.vcf.gz --out " + d.file("q"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
}

}  // namespace
}  // namespace ketapgx

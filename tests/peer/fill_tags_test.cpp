// Per-variant call rates and ALT frequencies of `ketapgx qc --all-variants`
// equal bcftools +fill-tags F_MISSING and AF on the same file.
//
// One deliberate difference: a half-call whose first allele is present ("1|.",
// "0/.") is a missing genotype for ketapgx (as in PLINK 2 with --vcf-half-call
// missing), while bcftools' F_MISSING counts a genotype as missing only when
// its first allele is. AN/AF treat half-calls the same in both.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "support/test_support.h"

namespace ketapgx {
namespace {

void compare(const std::string& vcf, const test::TempDir& tmp, int* half_call_records, int* no_called) {
  const auto q = test::run("bcftools +fill-tags " + vcf + " -- -t F_MISSING,AF | bcftools query -f '%CHROM\\t%POS\\t%ALT\\t%F_MISSING\\t%AF[\\t%GT]\\n'");
  ASSERT_EQ(q.exit_code, 0) << q.err;
  const auto r = test::run_ketapgx("qc --all-variants --quiet --vcf " + vcf + " --out " + tmp.file("q"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const test::Table t = test::read_tsv(tmp.file("q.qc.variants.tsv"));
  std::size_t row = 0;
  for (const auto& line : test::split(q.out, '\n')) {
    if (line.empty()) continue;
    const auto f = test::split(line, '\t');
    const auto alts = test::split(f[2], ',');
    const auto afs = test::split(f[4], ',');
    double call_rate = 1.0 - std::stod(f[3]);
    // Half-calls with a present first allele: ketapgx counts them missing.
    int half = 0;
    const std::size_t n = f.size() - 5;
    for (std::size_t s = 5; s < f.size(); ++s)
      if (f[s][0] != '.' && f[s].find('.') != std::string::npos) ++half;
    if (half) {
      ++*half_call_records;
      call_rate -= static_cast<double>(half) / static_cast<double>(n);
    }
    for (std::size_t k = 0; k < alts.size(); ++k, ++row) {
      ASSERT_LT(row, t.rows.size()) << "ketapgx wrote fewer rows than bcftools";
      const auto& ours = t.rows[row];
      ASSERT_EQ(ours.at("chrom"), f[0]);
      ASSERT_EQ(ours.at("pos"), f[1]);
      ASSERT_EQ(ours.at("alt"), alts[k]);
      EXPECT_NEAR(std::stod(ours.at("call_rate")), call_rate, 1e-6) << f[0] << ":" << f[1];
      if (afs[k] == ".") {  // no called allele: bcftools writes '.', ketapgx NA
        EXPECT_EQ(ours.at("alt_freq"), "NA") << f[0] << ":" << f[1];
        ++*no_called;
        continue;
      }
      EXPECT_NEAR(std::stod(ours.at("alt_freq")), std::stod(afs[k]), 1e-6) << f[0] << ":" << f[1] << " " << alts[k];
    }
  }
  EXPECT_EQ(row, t.rows.size());
  EXPECT_GT(row, 0u);
}

TEST(FillTags, EdgeCases) {
  ASSERT_TRUE(test::have_tool("bcftools"));
  test::TempDir tmp;
  int half = 0, none = 0;
  compare(test::data_dir() + "/edge_cases.vcf", tmp, &half, &none);
  EXPECT_EQ(half, 1);  // rs6265 has "1|."; ".|1" and "./1" count as missing in both tools
}

TEST(FillTags, ThousandGenomesExtract) {
  ASSERT_TRUE(std::filesystem::exists(test::kg_vcf()))
      << test::kg_vcf() << " is missing: install Debian's python-pyvcf-examples (scripts/setup.sh does)";
  test::TempDir tmp;
  int half = 0, none = 0;
  compare(test::kg_vcf_with_contig(tmp.path()), tmp, &half, &none);
  EXPECT_EQ(half, 0);
  EXPECT_GT(none, 0);  // the extract has sites where nobody is called
}

}  // namespace
}  // namespace ketapgx

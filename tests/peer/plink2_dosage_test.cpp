// `ketapgx prs --dosages` against `plink2 --vcf F dosage=DS --score` on
// generated imputed data where DS disagrees with GT: missing DS (the GT call
// is used), missing GT with a DS (the DS is used), both missing, records
// without DS and records with only DS; ALT- and REF-named alleles; default
// mean imputation, no-mean-imputation and center. plink2 2.00a3.5 cannot read
// multi-allelic dosages, so multi-allelic records are compared with plink2 on
// the same file split by `bcftools norm -m-` (ALT-named alleles: the split
// keeps each ALT's DS). Values agree within plink2's printed digits (six
// significant; NAMED_ALLELE_DOSAGE_SUM exactly as plink2 would print ours);
// ALLELE_CT exactly. Also: a DS above the ploidy is refused by both, and
// without --dosages the same file scores its GT calls (as plink2 without dosage=DS).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <sstream>

#include "support/test_support.h"

namespace ketapgx {
namespace {

// plink2 2.00a3.5 prints NAMED_ALLELE_DOSAGE_SUM through ddosagetoa
// (plink2_common.cc): the sum in units of 1/32768, three decimals, with its
// own rounding rule, under which a remainder of 4032 mod 8192 units (a
// fraction of .123046875, .373046875, ...) prints one thousandth low. The value
// plink2 would print for ours, so the column is compared exactly.
double plink2_printed_dosage_sum(double v) {
  const auto units = static_cast<std::uint64_t>(std::llround(v * 32768.0)) + 16;
  const double whole = static_cast<double>(units / 32768);
  const auto rem = static_cast<std::uint32_t>(units % 32768);
  if (rem < 33) return whole;
  const std::uint32_t thousandths = (125 * rem + 48) / 4096 - ((rem % 8192) == 4048 ? 1 : 0);
  return whole + thousandths / 1000.0;
}

// `n` samples, `m` biallelic records (+ `multi` tri-allelic ones), GT and DS drawn independently.
std::string imputed_vcf(int n, int m, int multi, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  std::ostringstream v;
  v << "##fileformat=VCFv4.2\n##contig=<ID=1,length=100000000>\n"
       "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
       "##FORMAT=<ID=DS,Number=A,Type=Float,Description=\"Dosage\">\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT";
  for (int s = 0; s < n; ++s) v << "\tS" << s;
  v << '\n';
  auto ds_text = [&](double d) {
    char b[32];
    std::snprintf(b, sizeof b, "%.4g", d);
    return std::string(b);
  };
  for (int r = 0; r < m + multi; ++r) {
    const bool tri = r >= m;
    const int kind = r % 5;  // 0: GT:DS, 1: GT:DS, 2: GT only, 3: DS only, 4: GT:DS
    v << "1\t" << 1000 + r * 100 << "\tv" << r << "\tA\t" << (tri ? "G,T" : "G") << "\t.\tPASS\t.\t"
      << (kind == 2 ? "GT" : kind == 3 ? "DS" : "GT:DS");
    const double freq = 0.1 + 0.8 * u(rng);
    for (int s = 0; s < n; ++s) {
      v << '\t';
      if (kind != 3) {
        if (u(rng) < 0.08) v << "./.";
        else if (tri) v << (u(rng) < freq) << '/' << (u(rng) < freq ? 2 : 0);
        else v << (u(rng) < freq) << '/' << (u(rng) < freq);
      }
      if (kind == 2) continue;
      if (kind != 3) v << ':';
      if (u(rng) < 0.1) {
        v << (tri ? ".,." : ".");
        continue;
      }
      const double d1 = 2 * freq * u(rng);
      if (tri) v << ds_text(d1 * 0.6) << ',' << ds_text((2 - d1) * 0.4 * u(rng));
      else v << ds_text(d1);
    }
    v << '\n';
  }
  return v.str();
}

class Plink2Dosage : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(test::have_tool("plink2")) << "plink2 is required (scripts/setup.sh installs Debian's plink2)"; }

  // Compares every sample and column; returns the number of values compared.
  std::size_t compare(const std::string& plink_vcf, const std::string& ketapgx_vcf, const std::string& weights, int n_scores,
                      const std::string& mode) {
    const std::string cols = " --score-col-nums 3-" + std::to_string(2 + n_scores);
    const auto p = test::run("plink2 --vcf " + plink_vcf + " dosage=DS --score " + weights + " 1 2 header-read cols=+scoresums " +
                             mode + cols + " --threads 1 --out " + tmp_.file("plink"));
    EXPECT_EQ(p.exit_code, 0) << p.out << p.err;
    const auto k = test::run_ketapgx("prs --quiet --dosages --vcf " + ketapgx_vcf + " --weights " + weights + " --out " +
                                     tmp_.file("ketapgx") + (mode.empty() ? "" : " --" + mode));
    EXPECT_EQ(k.exit_code, 0) << k.err;
    if (p.exit_code || k.exit_code) return 0;
    const auto a = test::read_tsv(tmp_.file("plink.sscore"));
    const auto b = test::read_tsv(tmp_.file("ketapgx.sscore"));
    EXPECT_EQ(a.columns, b.columns);
    EXPECT_EQ(a.rows.size(), b.rows.size());
    std::size_t values = 0;
    for (std::size_t i = 0; i < std::min(a.rows.size(), b.rows.size()); ++i) {
      EXPECT_EQ(a.rows[i].at("#IID"), b.rows[i].at("#IID"));
      EXPECT_EQ(a.rows[i].at("ALLELE_CT"), b.rows[i].at("ALLELE_CT")) << a.rows[i].at("#IID") << " mode '" << mode << "'";
      for (const auto& col : a.columns) {
        if (col == "#IID" || col == "ALLELE_CT") continue;
        const double x = std::stod(a.rows[i].at(col)), y = std::stod(b.rows[i].at(col));
        if (col == "NAMED_ALLELE_DOSAGE_SUM")
          EXPECT_NEAR(plink2_printed_dosage_sum(y), x, 1e-9) << a.rows[i].at("#IID") << " " << col << " ours " << y << " mode '" << mode << "'";
        else
          EXPECT_NEAR(y, x, std::max(1e-6, 5e-6 * std::fabs(x))) << a.rows[i].at("#IID") << " " << col << " mode '" << mode << "'";
        ++values;
      }
    }
    return values;
  }
  test::TempDir tmp_;
};

TEST_F(Plink2Dosage, BiallelicDosagesEveryMode) {
  test::write_file(tmp_.file("d.vcf"), imputed_vcf(80, 40, 0, 7));
  // Three scores; ALT- and REF-named alleles; an ID the VCF lacks.
  std::ostringstream w;
  w << "ID\tA1\tBETA\tOR\tZ\n";
  std::mt19937 rng(3);
  std::normal_distribution<double> nd(0, 0.5);
  for (int r = 0; r < 40; ++r) w << 'v' << r << '\t' << (r % 3 == 1 ? 'A' : 'G') << '\t' << nd(rng) << '\t' << nd(rng) << '\t' << nd(rng) << '\n';
  w << "absent\tG\t1\t1\t1\n";
  test::write_file(tmp_.file("w.tsv"), w.str());
  std::size_t values = 0;
  for (const char* mode : {"", "no-mean-imputation", "center"})
    values += compare(tmp_.file("d.vcf"), tmp_.file("d.vcf"), tmp_.file("w.tsv"), 3, mode);
  EXPECT_EQ(values, 3u * 80 * 7);  // NAMED_ALLELE_DOSAGE_SUM, 3 x AVG, 3 x SUM
}

TEST_F(Plink2Dosage, MultiallelicAgainstTheSplitFile) {
  test::write_file(tmp_.file("m.vcf"), imputed_vcf(80, 10, 10, 9));
  ASSERT_EQ(test::run("bcftools norm -m- " + tmp_.file("m.vcf") + " -Ov -o " + tmp_.file("split.vcf") +
                      " && bcftools annotate --set-id '%ID\\_%FIRST_ALT' " + tmp_.file("split.vcf") + " -Ov -o " + tmp_.file("split_ids.vcf")).exit_code, 0);
  // The same scores keyed for each file: ketapgx on the multi-allelic records (ID vN, allele G or T),
  // plink2 on the split ones (ID vN_G / vN_T).
  std::ostringstream wk, wp;
  wk << "ID\tA1\tW\n";
  wp << "ID\tA1\tW\n";
  for (int r = 10; r < 20; ++r) {
    const char* allele = r % 2 ? "G" : "T";
    wk << 'v' << r << '\t' << allele << '\t' << 0.1 * (r - 12) << '\n';
    wp << 'v' << r << '_' << allele << '\t' << allele << '\t' << 0.1 * (r - 12) << '\n';
  }
  test::write_file(tmp_.file("wk.tsv"), wk.str());
  test::write_file(tmp_.file("wp.tsv"), wp.str());
  for (const char* mode : {"", "no-mean-imputation", "center"}) {
    const auto p = test::run("plink2 --vcf " + tmp_.file("split_ids.vcf") + " dosage=DS --score " + tmp_.file("wp.tsv") +
                             " 1 2 3 header-read cols=+scoresums " + mode + " --threads 1 --out " + tmp_.file("plink"));
    ASSERT_EQ(p.exit_code, 0) << p.err;
    const auto k = test::run_ketapgx("prs --quiet --dosages --vcf " + tmp_.file("m.vcf") + " --weights " + tmp_.file("wk.tsv") +
                                     " --out " + tmp_.file("k") + (std::string(mode).empty() ? "" : std::string(" --") + mode));
    ASSERT_EQ(k.exit_code, 0) << k.err;
    const auto a = test::read_tsv(tmp_.file("plink.sscore")), b = test::read_tsv(tmp_.file("k.sscore"));
    ASSERT_EQ(a.rows.size(), 80u);
    for (std::size_t i = 0; i < a.rows.size(); ++i) {
      EXPECT_EQ(a.rows[i].at("ALLELE_CT"), b.rows[i].at("ALLELE_CT")) << i << " " << mode;
      for (const char* col : {"W_AVG", "W_SUM"}) {
        const double x = std::stod(a.rows[i].at(col)), y = std::stod(b.rows[i].at(col));
        EXPECT_NEAR(y, x, std::max(1e-6, 5e-6 * std::fabs(x))) << i << " " << col << " " << mode;
      }
    }
  }
}

TEST_F(Plink2Dosage, DosageAbovePloidyIsRefusedByBoth) {
  test::write_file(tmp_.file("bad.vcf"), "##fileformat=VCFv4.2\n##contig=<ID=1,length=10000>\n"
                                         "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"G\">\n"
                                         "##FORMAT=<ID=DS,Number=A,Type=Float,Description=\"D\">\n"
                                         "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS0\tS1\n"
                                         "1\t100\tv1\tA\tG\t.\tPASS\t.\tGT:DS\t0/1:1\t1:1.5\n");
  test::write_file(tmp_.file("w.tsv"), "ID\tA1\tW\nv1\tG\t1\n");
  const auto p = test::run("plink2 --vcf " + tmp_.file("bad.vcf") + " dosage=DS --score " + tmp_.file("w.tsv") +
                           " 1 2 3 header-read no-mean-imputation --out " + tmp_.file("plink"));
  EXPECT_NE(p.exit_code, 0);
  const auto k = test::run_ketapgx("prs --dosages --vcf " + tmp_.file("bad.vcf") + " --weights " + tmp_.file("w.tsv") +
                                   " --no-mean-imputation --out " + tmp_.file("out/k"));
  EXPECT_EQ(k.exit_code, 3) << k.err;
  EXPECT_NE(k.err.find("bad.vcf line 6 (1:100): sample S1 DS 1.5 is above the ploidy of its call (1)"), std::string::npos) << k.err;
}

TEST_F(Plink2Dosage, WithoutDosagesTheCallsAreScored) {
  test::write_file(tmp_.file("d.vcf"), imputed_vcf(80, 20, 0, 5));
  std::string w = "ID\tA1\tW\n";
  for (int r = 0; r < 20; ++r)
    if (r % 5 != 3) w += "v" + std::to_string(r) + "\tG\t" + std::to_string(0.2 * r - 1) + "\n";  // records with GT
  test::write_file(tmp_.file("w.tsv"), w);
  const auto p = test::run("plink2 --vcf " + tmp_.file("d.vcf") + " --score " + tmp_.file("w.tsv") +
                           " 1 2 3 header-read cols=+scoresums no-mean-imputation --out " + tmp_.file("plink"));
  ASSERT_EQ(p.exit_code, 0) << p.err;
  ASSERT_EQ(test::run_ketapgx("prs --quiet --vcf " + tmp_.file("d.vcf") + " --weights " + tmp_.file("w.tsv") +
                              " --no-mean-imputation --out " + tmp_.file("k")).exit_code, 0);
  ASSERT_EQ(test::run_ketapgx("prs --quiet --dosages --vcf " + tmp_.file("d.vcf") + " --weights " + tmp_.file("w.tsv") +
                              " --no-mean-imputation --out " + tmp_.file("kd")).exit_code, 0);
  const auto a = test::read_tsv(tmp_.file("plink.sscore")), b = test::read_tsv(tmp_.file("k.sscore")), c = test::read_tsv(tmp_.file("kd.sscore"));
  std::size_t differ = 0;
  for (std::size_t i = 0; i < a.rows.size(); ++i) {
    EXPECT_NEAR(std::stod(b.rows[i].at("W_SUM")), std::stod(a.rows[i].at("W_SUM")), 1e-5);
    differ += std::fabs(std::stod(c.rows[i].at("W_SUM")) - std::stod(b.rows[i].at("W_SUM"))) > 1e-3;
  }
  EXPECT_GT(differ, 60u);  // --dosages really changes the scores of these files
}

}  // namespace
}  // namespace ketapgx

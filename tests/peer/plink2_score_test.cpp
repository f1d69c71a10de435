// `ketapgx prs` against `plink2 --score` on the same files and weights: the
// 1000 Genomes extract (IDs '.', VCF 4.0, no contig lines) and generated data
// with missing calls, REF-named alleles, multi-allelic sites, duplicate IDs
// and weight entries absent from the VCF; default mean imputation,
// no-mean-imputation, center and variance-standardize. plink2 prints six
// significant digits, so values must agree within 1e-6 absolute or plink2's
// rounding (5e-6 relative), whichever is larger; ALLELE_CT exactly.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <random>
#include <sstream>

#include "support/test_support.h"

namespace ketapgx {
namespace {

struct Compared {
  std::size_t samples = 0, values = 0;
};

// Runs both tools; `plink_ids` adds --set-missing-var-ids @:#:$r:$a.
Compared compare(const std::string& vcf, const std::string& weights, int n_scores, const std::string& mode,
                 const test::TempDir& tmp) {
  Compared c;
  const std::string cols = n_scores == 1 ? "" : " --score-col-nums 3-" + std::to_string(2 + n_scores);
  const auto p = test::run("plink2 --vcf " + vcf + " --set-missing-var-ids @:#:\\$r:\\$a --new-id-max-allele-len 1000 "
                           "--score " + weights + " 1 2 header-read cols=+scoresums " + mode + cols +
                           " --threads 1 --out " + tmp.file("plink"));
  EXPECT_EQ(p.exit_code, 0) << p.out << p.err;
  const auto k = test::run_ketapgx("prs --quiet --vcf " + vcf + " --weights " + weights + " --out " + tmp.file("ketapgx") +
                                   (mode.empty() ? "" : " --" + mode));
  EXPECT_EQ(k.exit_code, 0) << k.err;
  if (p.exit_code || k.exit_code) return c;
  const auto a = test::read_tsv(tmp.file("plink.sscore"));
  const auto b = test::read_tsv(tmp.file("ketapgx.sscore"));
  EXPECT_EQ(a.columns, b.columns);
  EXPECT_EQ(a.rows.size(), b.rows.size());
  for (std::size_t i = 0; i < std::min(a.rows.size(), b.rows.size()); ++i) {
    EXPECT_EQ(a.rows[i].at("#IID"), b.rows[i].at("#IID"));
    EXPECT_EQ(a.rows[i].at("ALLELE_CT"), b.rows[i].at("ALLELE_CT")) << a.rows[i].at("#IID") << " " << mode;
    for (const auto& col : a.columns) {
      if (col == "#IID" || col == "ALLELE_CT") continue;
      const double x = std::stod(a.rows[i].at(col)), y = std::stod(b.rows[i].at(col));
      const double tol = std::max(1e-6, 5e-6 * std::fabs(x));
      EXPECT_NEAR(y, x, tol) << a.rows[i].at("#IID") << " " << col << " mode '" << mode << "'";
      ++c.values;
    }
    ++c.samples;
  }
  return c;
}

class Plink2Score : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(test::have_tool("plink2")) << "plink2 is required (scripts/setup.sh installs Debian's plink2)";
  }
  test::TempDir tmp_;
};

TEST_F(Plink2Score, ThousandGenomesExtract) {
  ASSERT_TRUE(std::filesystem::exists(test::kg_vcf())) << test::kg_vcf() << " missing: install python-pyvcf-examples";
  // Weights for every 3rd record: alternately the ALT and the REF allele, three
  // scores; plus an absent variant and a wrong allele.
  const auto q = test::run("zcat " + test::kg_vcf() + " | grep -v '^#' | cut -f1-5");
  ASSERT_EQ(q.exit_code, 0);
  std::ostringstream w;
  w << "ID\tA1\tBETA\tLOGOR\tZ\n";
  std::mt19937 rng(11);
  std::normal_distribution<double> nd(0.0, 0.3);
  int i = 0;
  for (const auto& line : test::split(q.out, '\n')) {
    if (line.empty() || i++ % 3) continue;
    const auto f = test::split(line, '\t');
    const std::string id = f[2] != "." ? f[2] : f[0] + ":" + f[1] + ":" + f[3] + ":" + f[4];
    w << id << '\t' << ((i / 3) % 2 ? f[4] : f[3]) << '\t' << nd(rng) << '\t' << nd(rng) << '\t' << nd(rng) << '\n';
  }
  w << "rs_not_there\tA\t1\t1\t1\n2:10038:C:A\tG\t1\t1\t1\n";
  test::write_file(tmp_.file("w.tsv"), w.str());
  std::size_t values = 0;
  for (const std::string mode : {"", "no-mean-imputation", "center", "variance-standardize"}) {
    const Compared c = compare(test::kg_vcf(), tmp_.file("w.tsv"), 3, mode, tmp_);
    EXPECT_EQ(c.samples, 629u) << mode;
    values += c.values;
  }
  std::cout << "1000 Genomes extract: " << values << " values agree with plink2 --score\n";
}

// A generated VCF: missing calls, phased and unphased, multi-allelic sites,
// two records sharing an ID, '.' IDs.
std::string generated_vcf(int samples, int variants, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::ostringstream v;
  v << "##fileformat=VCFv4.2\n##contig=<ID=1,length=248956422>\n"
       "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT";
  for (int s = 0; s < samples; ++s) v << "\tS" << s;
  v << '\n';
  const char* bases = "ACGT";
  for (int i = 0; i < variants; ++i) {
    const bool multi = i % 7 == 3;
    const int r = i % 4;
    std::string id = "g" + std::to_string(i);
    if (i % 11 == 5) id = ".";
    if (i == 20) id = "dup";
    if (i == 21) id = "dup";
    v << "1\t" << 1000 + 10 * i << '\t' << id << '\t' << bases[r] << '\t' << bases[(r + 1) % 4];
    if (multi) v << ',' << bases[(r + 2) % 4];
    v << "\t.\tPASS\t.\tGT";
    const double p1 = 0.05 + 0.4 * u(rng), p2 = multi ? 0.2 * u(rng) : 0.0;
    for (int s = 0; s < samples; ++s) {
      if (u(rng) < 0.06) {
        v << "\t./.";
        continue;
      }
      auto allele = [&]() {
        const double x = u(rng);
        return x < p1 ? 1 : (x < p1 + p2 ? 2 : 0);
      };
      const int a = allele(), b = allele();
      v << '\t' << a << (i % 2 ? '|' : '/') << b;
    }
    v << '\n';
  }
  return v.str();
}

TEST_F(Plink2Score, GeneratedEdgeCases) {
  test::write_file(tmp_.file("g.vcf"), generated_vcf(80, 60, 5));
  std::ostringstream w;
  w << "ID\tA1\tW1\tW2\n";
  std::mt19937 rng(3);
  std::normal_distribution<double> nd(0.0, 1.0);
  const char* bases = "ACGT";
  for (int i = 0; i < 60; ++i) {
    if (i == 20 || i == 21) continue;  // the duplicated ID is scored in its own test
    const int r = i % 4;
    const std::string id = i % 11 == 5 ? "1:" + std::to_string(1000 + 10 * i) + ":" + bases[r] + ":" + bases[(r + 1) % 4]
                                       : "g" + std::to_string(i);
    const bool multi = i % 7 == 3;
    char allele = i % 3 == 0 ? bases[r] : bases[(r + 1) % 4];  // REF-named every third
    if (multi && i % 2) allele = bases[(r + 2) % 4];          // the second ALT
    w << id << '\t' << allele << '\t' << nd(rng) << '\t' << nd(rng) << '\n';
    if (i % 13 == 0) w << id << '\t' << bases[(r + 3) % 4] << "\t1\t1\n";  // allele not in the VCF
  }
  w << "absent1\tA\t1\t1\nabsent2\tC\t2\t2\n";
  test::write_file(tmp_.file("w.tsv"), w.str());
  for (const std::string mode : {"", "no-mean-imputation", "center", "variance-standardize"}) {
    const Compared c = compare(tmp_.file("g.vcf"), tmp_.file("w.tsv"), 2, mode, tmp_);
    EXPECT_EQ(c.samples, 80u) << mode;
  }
}

TEST_F(Plink2Score, ScoredDuplicateIdIsRefusedByBoth) {
  test::write_file(tmp_.file("g.vcf"), generated_vcf(60, 30, 9));
  test::write_file(tmp_.file("w.tsv"), "ID\tA1\tW\ndup\tA\t1\ng1\tC\t1\n");
  const auto p = test::run("plink2 --vcf " + tmp_.file("g.vcf") + " --score " + tmp_.file("w.tsv") +
                           " 1 2 header-read --out " + tmp_.file("p"));
  EXPECT_NE(p.exit_code, 0);
  const auto k = test::run_ketapgx("prs --vcf " + tmp_.file("g.vcf") + " --weights " + tmp_.file("w.tsv") + " --out " +
                                   tmp_.file("k"));
  EXPECT_EQ(k.exit_code, 3);
  EXPECT_NE(k.err.find("'dup' appears more than once"), std::string::npos) << k.err;
  EXPECT_FALSE(std::filesystem::exists(tmp_.file("k.sscore")));
}

// The plink2 score-file forms: a file without a header line (plink2 without
// 'header-read': scores SCORE1, SCORE2, ...), columns picked by number with
// ranges (plink2 --score F 1 4 header-read --score-col-nums 6-7,9), and the
// refusal of a headerless file read as if it had a header.
TEST_F(Plink2Score, HeaderlessFilesAndPickedColumns) {
  test::write_file(tmp_.file("g.vcf"), generated_vcf(80, 60, 7));
  std::mt19937 rng(5);
  std::normal_distribution<double> nd(0.0, 1.0);
  const char* bases = "ACGT";
  std::ostringstream plain, wide;
  wide << "ID\tnote\tsource\tA1\tOTHER\tW1\tW2\tPVAL\tW3\n";
  for (int i = 0; i < 60; ++i) {
    if (i == 20 || i == 21 || i % 11 == 5) continue;
    const int r = i % 4;
    const std::string id = "g" + std::to_string(i);
    const char allele = i % 3 == 0 ? bases[r] : bases[(r + 1) % 4];
    plain << id << '\t' << allele << '\t' << nd(rng) << '\t' << nd(rng) << '\n';
    wide << id << "\tx\ty\t" << allele << '\t' << bases[(r + 2) % 4] << '\t' << nd(rng) << '\t' << nd(rng) << "\t0.01\t" << nd(rng) << '\n';
  }
  test::write_file(tmp_.file("plain.txt"), plain.str());
  test::write_file(tmp_.file("wide.txt"), wide.str());
  auto both = [&](const std::string& plink_args, const std::string& col_nums, const std::string& ketapgx_args, const std::string& tag) {
    const auto p = test::run("plink2 --vcf " + tmp_.file("g.vcf") + " --score " + plink_args + " cols=+scoresums --score-col-nums " +
                             col_nums + " --threads 1 --out " + tmp_.file("p" + tag));
    ASSERT_EQ(p.exit_code, 0) << p.out << p.err;
    const auto k = test::run_ketapgx("prs --quiet --vcf " + tmp_.file("g.vcf") + " " + ketapgx_args + " --out " + tmp_.file("k" + tag));
    ASSERT_EQ(k.exit_code, 0) << k.err;
    const auto a = test::read_tsv(tmp_.file("p" + tag + ".sscore")), b = test::read_tsv(tmp_.file("k" + tag + ".sscore"));
    EXPECT_EQ(a.columns, b.columns) << tag;
    ASSERT_EQ(a.rows.size(), 80u);
    ASSERT_EQ(b.rows.size(), a.rows.size());
    for (std::size_t i = 0; i < a.rows.size(); ++i)
      for (const auto& c : a.columns) {
        if (c == "#IID") continue;
        const double x = std::stod(a.rows[i].at(c)), y = std::stod(b.rows[i].at(c));
        EXPECT_NEAR(y, x, std::max(1e-6, 5e-6 * std::fabs(x))) << tag << " " << a.rows[i].at("#IID") << " " << c;
      }
  };
  both(tmp_.file("plain.txt") + " 1 2", "3-4", "--weights " + tmp_.file("plain.txt") + " --weights-no-header", "plain");
  both(tmp_.file("wide.txt") + " 1 4 header-read", "6-7,9", "--weights " + tmp_.file("wide.txt") + " --weights-cols 1,4,6-7,9", "wide");
  // Without --weights-no-header the first line of numbers is not taken for a header.
  const auto r = test::run_ketapgx("prs --vcf " + tmp_.file("g.vcf") + " --weights " + tmp_.file("plain.txt") + " --out " + tmp_.file("x"));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("plain.txt line 1: the first line looks like data"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--weights-no-header"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(tmp_.file("x.sscore")));
  // Bad column lists are usage errors naming the option.
  for (const std::string cols : {"1,2", "1,x,3", "1,2,5-3", "1,2,2"}) {
    const auto u = test::run_ketapgx("prs --vcf " + tmp_.file("g.vcf") + " --weights " + tmp_.file("wide.txt") + " --weights-cols " +
                                     cols + " --out " + tmp_.file("x"));
    EXPECT_EQ(u.exit_code, 2) << cols << ": " << u.err;
    EXPECT_NE(u.err.find("--weights-cols"), std::string::npos) << u.err;
  }
}

}  // namespace
}  // namespace ketapgx

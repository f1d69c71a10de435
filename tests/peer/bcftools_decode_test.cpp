// Genotype decoding equals `bcftools query -f '[%GT\t]'` on the project's
// edge-case VCF (as VCF, VCF.gz and BCF) and on the 1000 Genomes extract that
// Debian's python-pyvcf-examples ships (629 samples).
#include <gtest/gtest.h>

#include <filesystem>

#include "genotypes/genotype_reader.h"
#include "support/test_support.h"

namespace ketapgx {
namespace {

// The code a bcftools GT string should give for ALT `k`, derived from the text
// alone (independently of encode_genotype).
GenotypeCode expected_code(const std::string& gt_text, int k) {
  std::vector<std::string> alleles;
  bool phased = false;
  std::string cur;
  for (char c : gt_text) {
    if (c == '/' || c == '|') {
      if (alleles.empty() && cur.empty()) continue;  // phase prefix
      if (alleles.empty()) phased = c == '|';
      alleles.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  alleles.push_back(cur);
  GenotypeCode code = 0;
  for (std::size_t h = 0; h < alleles.size(); ++h) {
    const std::string& a = alleles[h];
    if (a == ".") code |= h == 0 ? gt::kHap1Miss : gt::kHap2Miss;
    else if (k > 0 && a == std::to_string(k)) code |= h == 0 ? gt::kHap1Alt : gt::kHap2Alt;
    else if (a != "0") code |= h == 0 ? gt::kHap1Other : gt::kHap2Other;
  }
  if (alleles.size() == 1) code |= gt::kHaploid;
  else if (phased) code |= gt::kPhased;
  return code;
}

// Compares every genotype of `path`; returns the number compared.
std::size_t compare_with_bcftools(const std::string& path) {
  const auto q = test::run("bcftools query -f '%CHROM\\t%POS\\t%REF\\t%ALT[\\t%GT]\\n' " + path);
  EXPECT_EQ(q.exit_code, 0) << q.err;
  std::vector<std::vector<std::string>> records;
  for (const auto& line : test::split(q.out, '\n'))
    if (!line.empty()) records.push_back(test::split(line, '\t'));

  VcfOpenOptions vo;
  vo.path = path;
  GenotypeReaderOptions ro;
  ro.all_variants = true;
  ro.block_bytes = 1 << 16;  // several blocks even for the small files
  GenotypeReader reader(std::make_unique<VcfFile>(vo), ro, nullptr);
  std::size_t rec = 0, compared = 0;
  int row_in_record = 0;
  GenotypeBlock b;
  while (reader.next_block(b)) {
    for (std::size_t r = 0; r < b.rows.size(); ++r) {
      const BlockRow& row = b.rows[r];
      if (rec >= records.size()) {
        ADD_FAILURE() << "more rows than bcftools records in " << path;
        return compared;
      }
      const auto& f = records[rec];
      EXPECT_EQ(row.chrom, f[0]);
      EXPECT_EQ(std::to_string(row.pos), f[1]);
      EXPECT_EQ(row.ref, f[2]);
      const int n_alts = f[3] == "." ? 0 : static_cast<int>(test::split(f[3], ',').size());
      EXPECT_EQ(row.n_alts, n_alts) << row.chrom << ":" << row.pos;
      EXPECT_EQ(row.alt_index, n_alts ? row_in_record + 1 : 0);
      EXPECT_EQ(f.size() - 4, b.n_samples);
      for (std::size_t s = 0; s < b.n_samples; ++s) {
        const GenotypeCode want = expected_code(f[4 + s], row.alt_index);
        const GenotypeCode got = b.codes[r * b.n_samples + s];
        if (want != got) {
          ADD_FAILURE() << path << " " << row.chrom << ":" << row.pos << " ALT " << row.alt << " sample " << s
                        << ": bcftools GT '" << f[4 + s] << "' -> expected code " << int(want) << ", got " << int(got);
          return compared;
        }
        ++compared;
      }
      if (++row_in_record >= std::max(1, n_alts)) {
        row_in_record = 0;
        ++rec;
      }
    }
  }
  EXPECT_EQ(rec, records.size()) << "bcftools saw more records than ketapgx in " << path;
  return compared;
}

class BcftoolsDecode : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(test::have_tool("bcftools")) << "bcftools is required (scripts/setup.sh installs it)"; }
  test::TempDir tmp_;
};

TEST_F(BcftoolsDecode, EdgeCasesAsVcfVcfGzAndBcf) {
  const std::string vcf = test::data_dir() + "/edge_cases.vcf";
  ASSERT_EQ(test::run("bcftools view -Oz -o " + tmp_.file("e.vcf.gz") + " " + vcf + " && bcftools view -Ob -o " +
                      tmp_.file("e.bcf") + " " + vcf).exit_code, 0);
  for (const std::string& f : {vcf, tmp_.file("e.vcf.gz"), tmp_.file("e.bcf")}) {
    const std::size_t n = compare_with_bcftools(f);
    EXPECT_EQ(n, 5u * 10u) << f;  // 9 records, one with two ALTs, 5 samples
  }
}

TEST_F(BcftoolsDecode, ThousandGenomesExtract) {
  ASSERT_TRUE(std::filesystem::exists(test::kg_vcf()))
      << test::kg_vcf() << " is missing: install Debian's python-pyvcf-examples (scripts/setup.sh does)";
  const std::size_t n = compare_with_bcftools(test::kg_vcf());
  EXPECT_GT(n, 629u * 100u);
  ASSERT_EQ(test::run("bcftools view -Ob -o " + tmp_.file("1kg.bcf") + " " + test::kg_vcf_with_contig(tmp_.path())).exit_code, 0);
  EXPECT_EQ(compare_with_bcftools(tmp_.file("1kg.bcf")), n);
}

}  // namespace
}  // namespace ketapgx

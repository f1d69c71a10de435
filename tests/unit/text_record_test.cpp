// ketapgx's own VCF text decoder: sites, GT/DS/PS columns, and its errors.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "genotypes/gt_row.h"
#include "genotypes/text_record.h"
#include "genotypes/vcf_record.h"
#include "ketapgx/core/errors.h"

namespace ketapgx {
namespace {

SampleLayout layout_all(std::size_t n) {
  SampleLayout l;
  for (std::size_t i = 0; i < n; ++i) {
    l.names.push_back("S" + std::to_string(i + 1));
    l.column_to_out.push_back(static_cast<std::int32_t>(i));
  }
  return l;
}

TEST(TextRecord, ParsesTheSite) {
  const SampleLayout l = layout_all(2);
  TextRecord r("chr19\t41016810\trs3211371\tc\tT,A\t50\tPASS\t.\tGT\t0/1\t1/2", "test line 1", l, 2);
  EXPECT_EQ(r.site().chrom, "chr19");
  EXPECT_EQ(r.site().contig, "19");
  EXPECT_EQ(r.site().pos, 41016810);
  EXPECT_EQ(r.site().ref, "C");
  ASSERT_EQ(r.site().alts.size(), 2u);
  EXPECT_EQ(r.site().alts[1], "A");
  EXPECT_TRUE(r.has_gt());
  EXPECT_FALSE(r.has_ds());
}

TEST(TextRecord, DecodesEveryKindOfCall) {
  const SampleLayout l = layout_all(8);
  TextRecord r("1\t5\t.\tA\tG,T\t.\t.\t.\tGT:PS\t0/1\t1|2:7\t./.\t.\t./1\t1\t|0\t2/2:.", "test", l, 8);
  GenotypeCode c[8];
  r.decode_gt(1, c);
  EXPECT_EQ(c[0], gt::kHap2Alt);
  EXPECT_EQ(c[1], gt::kHap1Alt | gt::kHap2Other | gt::kPhased);
  EXPECT_EQ(c[2], gt::kMissingDiploid);
  EXPECT_EQ(c[3], gt::kHap1Miss | gt::kHaploid);
  EXPECT_EQ(c[4], gt::kHap1Miss | gt::kHap2Alt);
  EXPECT_EQ(c[5], gt::kHap1Alt | gt::kHaploid);
  EXPECT_EQ(c[6], gt::kHaploid);  // VCF 4.4 phase prefix on a haploid REF call
  EXPECT_EQ(c[7], gt::kHap1Other | gt::kHap2Other);
  std::int32_t ps[8];
  r.decode_ps(ps);
  EXPECT_EQ(ps[1], 7);
  EXPECT_EQ(ps[0], 0);
  EXPECT_EQ(ps[7], 0);
}

TEST(TextRecord, ShortColumnsNextToTheFastPath) {
  // One-character haploid columns must not be mistaken for "a/b" columns.
  const SampleLayout l = layout_all(4);
  TextRecord r("X\t5\t.\tA\tG\t.\t.\t.\tGT\t0\t1\t0/1\t1", "test", l, 4);
  GenotypeCode c[4];
  r.decode_gt(1, c);
  EXPECT_EQ(c[0], gt::kHaploid);
  EXPECT_EQ(c[1], gt::kHap1Alt | gt::kHaploid);
  EXPECT_EQ(c[2], gt::kHap2Alt);
  EXPECT_EQ(c[3], gt::kHap1Alt | gt::kHaploid);
}

TEST(TextRecord, SubsetsSamples) {
  SampleLayout l;
  l.names = {"B"};
  l.column_to_out = {-1, 0, -1};
  TextRecord r("1\t5\t.\tA\tG\t.\t.\t.\tGT\t0/0\t1/1\t0/1", "test", l, 3);
  GenotypeCode c[1];
  r.decode_gt(1, c);
  EXPECT_EQ(gt_alt_dosage(c[0]), 2);
}

TEST(TextRecord, ReadsDosagesPerAllele) {
  const SampleLayout l = layout_all(3);
  TextRecord r("1\t5\t.\tA\tG,T\t.\t.\t.\tGT:DS\t0/1:0.9,0.1\t1/1:.\t./.", "test", l, 3);
  float ds[3];
  r.decode_ds(2, ds);
  EXPECT_FLOAT_EQ(ds[0], 0.1f);
  EXPECT_TRUE(std::isnan(ds[1]));
  EXPECT_TRUE(std::isnan(ds[2]));  // DS field absent from the column
}

TEST(TextRecord, RejectsMalformedCallsNamingTheLine) {
  const SampleLayout l = layout_all(2);
  TextRecord bad("1\t5\t.\tA\tG\t.\t.\t.\tGT\t0/1\t0/x", "file.vcf line 12 (1:5)", l, 2);
  GenotypeCode c[2];
  try {
    bad.decode_gt(1, c);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("file.vcf line 12"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("0/x"), std::string::npos) << e.what();
  }
  TextRecord triploid("1\t5\t.\tA\tG\t.\t.\t.\tGT\t0/1/1\t0/0", "x", l, 2);
  EXPECT_THROW(triploid.decode_gt(1, c), InputError);
  TextRecord allele_out_of_range("1\t5\t.\tA\tG\t.\t.\t.\tGT\t0/2\t0/0", "x", l, 2);
  EXPECT_THROW(allele_out_of_range.decode_gt(1, c), InputError);
  TextRecord short_line("1\t5\t.\tA\tG\t.\t.\t.\tGT\t0/1", "x", l, 2);
  EXPECT_THROW(short_line.decode_gt(1, c), InputError);
  TextRecord no_gt("1\t5\t.\tA\tG\t.\t.\t.\tDS\t0.1\t1", "x", l, 2);
  EXPECT_FALSE(no_gt.has_gt());
  EXPECT_THROW(no_gt.decode_gt(1, c), InputError);
}

// Alleles are unsigned numbers or '.', and a separator is always followed by
// one (bcftools refuses every case below; they were once read as calls).
TEST(TextRecord, RejectsSignedAllelesAndDanglingSeparators) {
  const SampleLayout l = layout_all(2);
  GenotypeCode c[2];
  for (const char* gt : {"-1/0", "-3/0", "0/-2", "0|", ".|", "0/1/", "0//1", "/", "", "+1/0", "1 /0"}) {
    TextRecord r(std::string("1\t5\t.\tA\tG\t.\t.\t.\tGT\t0/0\t") + gt, "x", l, 2);
    EXPECT_THROW(r.decode_gt(1, c), InputError) << "'" << gt << "'";
  }
  // What stays valid: haploid, missing, the VCF 4.4 phase prefix, multi-digit alleles.
  for (const char* gt : {"1", ".", "|0", "./.", "0|1", "10/0"}) {
    TextRecord r(std::string("1\t5\t.\tA\tG,C,T,AA,AC,AG,AT,CA,CC,CG\t.\t.\t.\tGT\t0/0\t") + gt, "x", l, 2);
    EXPECT_NO_THROW(r.decode_gt(1, c)) << "'" << gt << "'";
  }
}

TEST(TextRecord, RejectsBadFixedColumns) {
  const SampleLayout l = layout_all(1);
  EXPECT_THROW(TextRecord("1\tx\t.\tA\tG\t.\t.\t.\tGT\t0/1", "x", l, 1), InputError);
  EXPECT_THROW(TextRecord("1\t5\t.\tA", "x", l, 1), InputError);
  EXPECT_THROW(TextRecord("1\t5\t.\tQ\tG\t.\t.\t.\tGT\t0/1", "x", l, 1), InputError);
  EXPECT_THROW(TextRecord("1\t5\t.\tA\tG\t.\t.\t.", "x", l, 1), InputError);  // samples expected
}

TEST(PeekChromPos, ReadsOnlyTheFirstTwoColumns) {
  std::string_view chrom;
  std::int64_t pos = 0;
  EXPECT_TRUE(peek_chrom_pos("chr7\t99672916\trest", chrom, pos));
  EXPECT_EQ(chrom, "chr7");
  EXPECT_EQ(pos, 99672916);
  EXPECT_FALSE(peek_chrom_pos("chr7 99672916", chrom, pos));
  EXPECT_FALSE(peek_chrom_pos("chr7\tabc\t", chrom, pos));
}


// Rows of one-digit diploid calls take the 16-calls-at-a-time path
// (genotypes/gt_row.cpp): every code equals encode_genotype's for the same
// call, for row lengths on both sides of 16, every kind of call, each row
// allele, and a kept subset of samples. A row with one column of another shape
// anywhere (a haploid call, two digits, a FORMAT field, a bad character) is
// decoded or refused exactly as that column alone is (a column of a sample
// not kept is not read).
TEST(TextRecord, WholeRowsOfSimpleCallsEqualCallByCall) {
  std::mt19937 rng(17);
  for (const std::size_t n : {1u, 2u, 15u, 16u, 17u, 33u, 100u}) {
    for (const int n_alts : {1, 2, 3}) {
      for (int trial = 0; trial < 20; ++trial) {
        std::vector<std::string> cols(n);
        std::vector<int> a1(n), a2(n);
        std::vector<bool> phased(n);
        std::uniform_int_distribution<int> allele(-1, n_alts);
        for (std::size_t j = 0; j < n; ++j) {
          a1[j] = allele(rng), a2[j] = allele(rng), phased[j] = rng() % 2;
          auto ch = [](int a) { return a < 0 ? '.' : static_cast<char>('0' + a); };
          cols[j] = std::string{ch(a1[j]), phased[j] ? '|' : '/', ch(a2[j])};
        }
        // One trial in four: one column of another shape somewhere.
        const int odd = trial % 4 == 3 ? static_cast<int>(rng() % n) : -1;
        const char* odd_columns[] = {"1", "0/1:5", "0/a", "0\\1", "10/1", "0/1/1", "0/9"};
        if (odd >= 0) cols[static_cast<std::size_t>(odd)] = odd_columns[rng() % 7];
        std::string alts = "C";
        for (int a = 2; a <= n_alts; ++a) alts += a == 2 ? ",G" : ",T";
        std::string line = "1\t100\t.\tA\t" + alts + "\t.\t.\t.\tGT";
        for (const auto& c : cols) line += "\t" + c;
        // All samples, and every other one.
        SampleLayout sub;
        for (std::size_t j = 0; j < n; ++j) {
          const bool keep = j % 2 == 0;
          sub.column_to_out.push_back(keep ? static_cast<std::int32_t>(sub.names.size()) : -1);
          if (keep) sub.names.push_back("S" + std::to_string(j));
        }
        const SampleLayout all = layout_all(n);
        for (const SampleLayout* l : {static_cast<const SampleLayout*>(&all), static_cast<const SampleLayout*>(&sub)}) {
          for (int row_allele = 0; row_allele <= n_alts; ++row_allele) {
            TextRecord r(line, "test", *l, n);
            std::vector<GenotypeCode> got(l->n_kept(), 0xEE);
            std::string error;
            try {
              r.decode_gt(row_allele, got.data());
            } catch (const InputError& e) {
              error = e.what();
            }
            // Each column alone, as a one-sample record, is the reference.
            bool any_error = false;
            std::vector<GenotypeCode> want(n);
            for (std::size_t j = 0; j < n; ++j) {
              if (l->column_to_out[j] < 0) continue;  // columns of samples not kept are not read
              const SampleLayout one = layout_all(1);
              TextRecord single("1\t100\t.\tA\t" + alts + "\t.\t.\t.\tGT\t" + cols[j], "test", one, 1);
              try {
                single.decode_gt(row_allele, &want[j]);
              } catch (const InputError&) {
                any_error = true;
              }
            }
            ASSERT_EQ(!error.empty(), any_error) << line << ": " << error;
            if (any_error) continue;
            for (std::size_t j = 0; j < n; ++j) {
              const std::int32_t o = l->column_to_out[j];
              if (o >= 0) ASSERT_EQ(got[static_cast<std::size_t>(o)], want[j]) << line << " sample " << j << " row allele " << row_allele;
            }
            if (odd >= 0) continue;
            ASSERT_TRUE(error.empty()) << line << ": " << error;
            for (std::size_t j = 0; j < n; ++j) {
              const std::int32_t o = l->column_to_out[j];
              if (o < 0) continue;
              ASSERT_EQ(got[static_cast<std::size_t>(o)], encode_genotype(a1[j] < 0 ? kAlleleMissing : a1[j], a2[j] < 0 ? kAlleleMissing : a2[j],
                                                                          phased[j], row_allele))
                  << line << " sample " << j << " row allele " << row_allele;
            }
          }
        }
      }
    }
  }
}


// BCF int8 GT rows (two values per sample) through the same 16-at-a-time
// path: each sample's code equals encode_genotype's for the values BCF's
// encoding gives ((allele + 1) << 1 | phased; 0, 1 and INT8_MIN missing),
// and any other value (a vector end, an allele the record lacks) anywhere in
// the row makes it refuse the row.
TEST(GtRow, BcfInt8RowsEqualCallByCall) {
  std::mt19937 rng(5);
  for (const std::size_t n : {1u, 15u, 16u, 17u, 40u, 100u}) {
    for (const int n_alleles : {2, 3, 5}) {
      for (int trial = 0; trial < 30; ++trial) {
        std::vector<std::uint8_t> p(2 * n);
        std::vector<int> a(2 * n);
        std::uniform_int_distribution<int> allele(-1, n_alleles - 1);
        for (std::size_t i = 0; i < 2 * n; ++i) {
          a[i] = allele(rng);
          const int phase = i % 2 == 1 ? static_cast<int>(rng() % 2) : 0;
          p[i] = a[i] < 0 ? (rng() % 2 ? 0x80 : static_cast<std::uint8_t>(phase)) : static_cast<std::uint8_t>((a[i] + 1) << 1 | phase);
        }
        // One trial in three: one value that is no plain allele somewhere.
        const bool odd = trial % 3 == 2;
        if (odd) {
          const std::uint8_t bad[] = {0x81 /* vector end */, static_cast<std::uint8_t>((n_alleles + 1) << 1), 0xFE};
          p[rng() % p.size()] = bad[rng() % 3];
        }
        for (int row_allele = 0; row_allele < n_alleles; ++row_allele) {
          std::vector<GenotypeCode> got(n, 0xEE);
          const bool ok = decode_simple_bcf_gt(p.data(), n, n_alleles, row_allele, got.data());
          ASSERT_EQ(ok, !odd) << "n=" << n << " trial " << trial;
          if (!ok) continue;
          for (std::size_t s = 0; s < n; ++s) {
            const int a1 = a[2 * s] < 0 ? kAlleleMissing : a[2 * s], a2 = a[2 * s + 1] < 0 ? kAlleleMissing : a[2 * s + 1];
            ASSERT_EQ(got[s], encode_genotype(a1, a2, (p[2 * s + 1] & 1) != 0, row_allele))
                << "n=" << n << " sample " << s << " values " << int(p[2 * s]) << "," << int(p[2 * s + 1]) << " row allele " << row_allele;
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace ketapgx

// The compact genotype encoding: encode_genotype and the per-element formulas.
#include <gtest/gtest.h>

#include "genotypes/vcf_record.h"
#include "ketapgx/core/genotype_code.h"

namespace ketapgx {
namespace {

TEST(GenotypeCode, DiploidCallsForTheRowAllele) {
  const GenotypeCode het = encode_genotype(0, 1, false, 1);
  EXPECT_EQ(het, gt::kHap2Alt);
  EXPECT_EQ(gt_alt_dosage(het), 1);
  EXPECT_EQ(gt_called_alleles(het), 2);
  EXPECT_FALSE(gt_is_missing(het));

  const GenotypeCode hom = encode_genotype(1, 1, true, 1);
  EXPECT_EQ(hom, gt::kHap1Alt | gt::kHap2Alt | gt::kPhased);
  EXPECT_EQ(gt_alt_dosage(hom), 2);
  EXPECT_EQ(gt_alt_dosage(encode_genotype(0, 0, false, 1)), 0);
}

TEST(GenotypeCode, MultiallelicOtherAllelesAreNotTheRowAllele) {
  // GT 1/2 seen from ALT 2: haplotype 1 carries another ALT.
  const GenotypeCode g = encode_genotype(1, 2, false, 2);
  EXPECT_EQ(g, gt::kHap1Other | gt::kHap2Alt);
  EXPECT_EQ(gt_alt_dosage(g), 1);
  // Row whose allele is absent from the record: every ALT is "other".
  EXPECT_EQ(encode_genotype(1, 1, false, 0), gt::kHap1Other | gt::kHap2Other);
}

TEST(GenotypeCode, MissingAndHalfCalls) {
  const GenotypeCode missing = encode_genotype(kAlleleMissing, kAlleleMissing, false, 1);
  EXPECT_EQ(missing, gt::kMissingDiploid);
  EXPECT_TRUE(gt_is_missing(missing));
  EXPECT_EQ(gt_called_alleles(missing), 0);
  EXPECT_EQ(gt_alt_dosage(missing), -1);

  const GenotypeCode half = encode_genotype(kAlleleMissing, 1, false, 1);  // ./1
  EXPECT_TRUE(gt_is_missing(half));
  EXPECT_EQ(gt_called_alleles(half), 1);  // counts towards AN
  EXPECT_EQ(gt_alt_alleles(half), 1);     // and AC
  EXPECT_EQ(gt_alt_dosage(half), -1);     // but has no dosage
}

TEST(GenotypeCode, HaploidCalls) {
  const GenotypeCode alt = encode_genotype(1, kAlleleAbsent, false, 1);
  EXPECT_EQ(alt, gt::kHap1Alt | gt::kHaploid);
  EXPECT_EQ(gt_ploidy(alt), 1);
  EXPECT_EQ(gt_called_alleles(alt), 1);
  EXPECT_EQ(gt_alt_dosage(alt), 1);

  const GenotypeCode dot = encode_genotype(kAlleleMissing, kAlleleAbsent, false, 1);  // "."
  EXPECT_TRUE(gt_is_missing(dot));
  EXPECT_EQ(gt_called_alleles(dot), 0);
  // The phase flag is meaningless for one haplotype and never set.
  EXPECT_EQ(encode_genotype(0, kAlleleAbsent, true, 1) & gt::kPhased, 0);
}

}  // namespace
}  // namespace ketapgx

#include "genotypes/vcf_record.h"

namespace ketapgx {
namespace {

// Bits of one haplotype carrying allele `a`, shifted for haplotype 1 or 2.
GenotypeCode hap_bits(int a, int row_allele, int hap) {
  GenotypeCode alt = hap == 0 ? gt::kHap1Alt : gt::kHap2Alt;
  GenotypeCode miss = hap == 0 ? gt::kHap1Miss : gt::kHap2Miss;
  GenotypeCode other = hap == 0 ? gt::kHap1Other : gt::kHap2Other;
  if (a == kAlleleMissing) return miss;
  if (a == 0) return 0;
  if (row_allele > 0 && a == row_allele) return alt;
  return other;
}

}  // namespace

GenotypeCode encode_genotype(int a1, int a2, bool phased, int row_allele) {
  GenotypeCode code = hap_bits(a1, row_allele, 0);
  if (a2 == kAlleleAbsent) return static_cast<GenotypeCode>(code | gt::kHaploid);
  code |= hap_bits(a2, row_allele, 1);
  if (phased) code |= gt::kPhased;
  return code;
}

}  // namespace ketapgx

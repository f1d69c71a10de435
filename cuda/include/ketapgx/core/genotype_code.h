// The compact genotype encoding: one byte per (variant row, sample).
//
// A row describes one ALT allele of one VCF record ("the row's allele"), so a
// multi-allelic record matched at two panel alleles gives two rows. Each of the
// (at most two) haplotypes of a call is described by three exclusive states:
//   ALT    the haplotype carries the row's allele;
//   OTHER  it carries a different non-reference allele of the same record;
//   MISS   its allele is missing ('.');
// and neither bit set means it carries REF. Haploid calls use haplotype 1 only.
//
//   bit 0  hap 1 ALT      bit 3  hap 2 MISS
//   bit 1  hap 2 ALT      bit 4  hap 1 OTHER
//   bit 2  hap 1 MISS     bit 5  hap 2 OTHER
//   bit 6  phased ('|')   bit 7  haploid
//
// A genotype with any missing haplotype ('./.', '.', './1') is a missing
// genotype for dosage purposes, as in PLINK 2 and bcftools' F_MISSING; its
// called haplotypes still count towards allele numbers (AN), as in bcftools.
#pragma once

#include <cstdint>

#include "ketapgx/core/hd.h"

namespace ketapgx {

using GenotypeCode = std::uint8_t;

namespace gt {
constexpr GenotypeCode kHap1Alt = 1u << 0;
constexpr GenotypeCode kHap2Alt = 1u << 1;
constexpr GenotypeCode kHap1Miss = 1u << 2;
constexpr GenotypeCode kHap2Miss = 1u << 3;
constexpr GenotypeCode kHap1Other = 1u << 4;
constexpr GenotypeCode kHap2Other = 1u << 5;
constexpr GenotypeCode kPhased = 1u << 6;
constexpr GenotypeCode kHaploid = 1u << 7;

// The code of a wholly missing diploid call, './.'.
constexpr GenotypeCode kMissingDiploid = kHap1Miss | kHap2Miss;
}  // namespace gt

// Number of haplotypes in the call (1 haploid, 2 diploid).
KETAPGX_HD int gt_ploidy(GenotypeCode g) { return (g & gt::kHaploid) ? 1 : 2; }

// True when any haplotype is missing: the genotype counts as missing.
KETAPGX_HD bool gt_is_missing(GenotypeCode g) {
  return (g & (gt::kHap1Miss | gt::kHap2Miss)) != 0;
}

// Haplotypes with a called allele (0, 1 or 2): the genotype's share of AN.
KETAPGX_HD int gt_called_alleles(GenotypeCode g) {
  const int ploidy = gt_ploidy(g);
  int n = (g & gt::kHap1Miss) ? 0 : 1;
  if (ploidy == 2 && !(g & gt::kHap2Miss)) ++n;
  return n;
}

// Copies of the row's allele among the called haplotypes (0, 1 or 2): AC share.
KETAPGX_HD int gt_alt_alleles(GenotypeCode g) {
  return ((g & gt::kHap1Alt) ? 1 : 0) + ((g & gt::kHap2Alt) ? 1 : 0);
}

// Allele dosage of the row's allele for a complete call, -1 for a missing one.
KETAPGX_HD int gt_alt_dosage(GenotypeCode g) {
  return gt_is_missing(g) ? -1 : gt_alt_alleles(g);
}

// Called haplotypes carrying the reference allele (neither the row's ALT nor another ALT).
KETAPGX_HD int gt_ref_alleles(GenotypeCode g) {
  int n = (g & (gt::kHap1Miss | gt::kHap1Alt | gt::kHap1Other)) ? 0 : 1;
  if (gt_ploidy(g) == 2 && !(g & (gt::kHap2Miss | gt::kHap2Alt | gt::kHap2Other))) ++n;
  return n;
}

// Dosage class for scoring: copies (0, 1, 2) of the named allele (the row's
// ALT, or REF when ref_named), or 3 for a missing genotype.
constexpr int kDosageMissing = 3;
KETAPGX_HD int gt_dosage_class(GenotypeCode g, bool ref_named) {
  if (gt_is_missing(g)) return kDosageMissing;
  return ref_named ? gt_ref_alleles(g) : gt_alt_alleles(g);
}

}  // namespace ketapgx

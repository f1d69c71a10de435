// Diplotype calling for one gene and one sample, following PharmCAT's named-
// allele matcher (top-candidate mode, no combinations):
//  - positions the sample has no call at are left out, and so are alleles none
//    of whose defining positions remain; a position is never assumed reference;
//  - each haplotype must equal a named allele at every remaining position (an
//    allele is the reference sequence where it defines nothing);
//  - unknown phase is resolved by enumerating the orientations of the
//    heterozygous sites (phase sets fix the orientation within a set);
//  - a diplotype scores the defining positions of its two alleles (the
//    reference allele scores every remaining position); the highest score wins
//    and the other diplotypes that fit the genotypes are listed as alternatives.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "pgx/allele_definitions.h"

namespace ketapgx {

// One sample's genotype at one defining position.
struct PositionCall {
  static constexpr std::int8_t kNoCall = -1;        // absent, or a missing allele
  static constexpr std::int8_t kUndocumented = -2;  // an allele no definition has
  // A half call whose called half is not the reference (1/., ./1): one
  // haplotype is known to carry a variant, the other is unknown (both halves).
  static constexpr std::int8_t kHalfVariant = -3;
  std::int8_t a1 = kNoCall;                         // index into DefinitionPosition::sequences
  std::int8_t a2 = kNoCall;
  std::uint8_t phased = 0;                          // 1 when the genotype is phased ('|')
  std::uint8_t haploid = 0;                         // 1 for a one-allele call
  std::int32_t phase_set = 0;                       // PS; phased genotypes without PS share set 0
};

// What a call rests on (the kinds of call_quality).
enum class CallBasis { NoCall, Complete, PartialCannotChange, PartialIndeterminate, PartialReferenceAssumed, Outside, Combination };
constexpr int kCallBases = 7;
// "no_call", "complete", "partial_cannot_change", "partial_indeterminate",
// "partial_reference_assumed", "outside", "combination" (the keys of pgx.json's counts).
const char* call_basis_key(CallBasis b);

struct DiplotypeCall {
  std::string diplotype;          // "*1/*6"; empty when no call
  std::string allele1, allele2;
  std::string function1, function2;
  std::string phenotype;          // "NA" when no call
  int score = 0;
  std::vector<std::string> alternatives;       // other diplotypes fitting the genotypes, best first
  std::vector<std::string> missing_positions;  // defining positions without a call
  std::vector<std::string> warnings;
  // What the call rests on, in words for call_quality: "no call", "complete"
  // (every defining position read), "partial (missing: rs1, rs2; cannot change
  // the phenotype)", or "partial (missing: rs776746 defines *3)" when an unread
  // position could carry an allele that changes the phenotype: the phenotype is
  // then Indeterminate unless the caller assumes the reference there.
  std::string call_quality = "no call";
  CallBasis basis = CallBasis::NoCall;
  // Indeterminate because an unread position could change the phenotype.
  bool partial() const { return basis == CallBasis::PartialIndeterminate; }
};

class StarAlleleMatcher {
 public:
  // `def` must outlive the matcher. With `assume_reference_at_missing` an
  // unread position is taken to carry the reference (PharmCAT's behaviour):
  // the phenotype is never made Indeterminate for it.
  //
  // With `combinations`, a sample whose genotypes no pair of named alleles
  // explains (or that carries an undocumented allele) is called as PharmCAT's
  // combination mode calls it ([*2 + *5], g.41012316T>G; every candidate, best
  // first; phenotype Indeterminate unless both haplotypes are named alleles);
  // `undocumented_alts[p]` names the undocumented sequence at position p ("" =
  // none or ambiguous). Calls that a pair of named alleles explains are the same
  // either way.
  explicit StarAlleleMatcher(const GeneDefinition& def, bool assume_reference_at_missing = false, bool combinations = false,
                             std::vector<std::string> undocumented_alts = {});

  // `calls` has one entry per definition position.
  DiplotypeCall call(const std::vector<PositionCall>& calls) const;

  const GeneDefinition& definition() const { return *def_; }

  // Most heterozygous blocks with unknown relative phase that are enumerated
  // (2^(n-1) orientations); beyond it the sample gets no call and a warning.
  static constexpr int kMaxUnphasedBlocks = 16;
  // Most alternatives listed in combination mode (the rest are counted in a warning).
  static constexpr std::size_t kMaxCombinationAlternatives = 50;

 private:
  // Combination mode for a sample no pair of named alleles explains: `orient(o)`
  // fills `hap1`/`hap2` with orientation o of the present positions.
  DiplotypeCall call_combinations(const std::vector<std::size_t>& present, std::uint64_t orientations,
                                  const std::function<void(std::uint64_t)>& orient, const std::vector<std::int8_t>& hap1,
                                  const std::vector<std::int8_t>& hap2, DiplotypeCall out) const;
  using Mask = std::vector<std::uint64_t>;  // a set of alleles
  const GeneDefinition* def_;
  bool assume_reference_at_missing_;
  bool combinations_;
  std::vector<std::string> undocumented_alts_;
  std::size_t words_;
  // compat_[p][v]: the alleles consistent with sequence v at position p.
  std::vector<std::vector<Mask>> compat_;
};

}  // namespace ketapgx

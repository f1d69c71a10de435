// PharmCAT's combination mode (`-research combinations`) for one haplotype at
// a time: the named alleles it carries in full, combined when they share no
// defining position ([*2 + *5]), and the variant positions none of them
// explains named as partials (g.41012316T>G). Used only when no pair of named
// alleles explains a sample's genotypes (see StarAlleleMatcher). The rules,
// and the PharmCAT classes they follow: docs/design/pharmcat-combinations.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pgx/allele_definitions.h"

namespace ketapgx {

// One way to name a haplotype.
struct HaplotypeName {
  std::string name;                // "*9", "[*9 + *14]", "g.41006968T>A"
  int score = 0;                   // defining positions matched, less one per partial (can be <= 0)
  std::size_t allele = SIZE_MAX;   // the named allele when the name is one plain allele
};

// A diplotype of combination mode, written as PharmCAT writes it.
struct CombinationDiplotype {
  HaplotypeName hap1, hap2;        // hap1 first in PharmCAT's name order
  int score = 0;
  std::string name() const { return hap1.name + "/" + hap2.name; }
};

class CombinationMatcher {
 public:
  // `undocumented_alts[p]`: the sequence a record carries at position p that no
  // definition has (named in partials), "" when none or when it is ambiguous.
  CombinationMatcher(const GeneDefinition& def, std::vector<std::string> undocumented_alts);

  static constexpr std::int8_t kUndocumented = -2;  // a haplotype's allele at a position: PositionCall::kUndocumented

  // Every name of one haplotype: `hap[p]` is the sequence index (or
  // kUndocumented) at each position of `available`, the positions with calls.
  // Empty when the haplotype carries an undocumented allele that cannot be named.
  std::vector<HaplotypeName> names(const std::vector<std::int8_t>& hap, const std::vector<std::size_t>& available) const;

  // The diplotypes of pairs (best first: score, then PharmCAT's name order),
  // each unordered pair of names once.
  static std::vector<CombinationDiplotype> rank(std::vector<CombinationDiplotype> pairs);

  // PharmCAT's HaplotypeNameComparator: plain names before bracketed ones;
  // bracketed ones by component count, then component by component (partials
  // last); otherwise natural order (*2 < *10, *9 < g.41012316T>G). < 0, 0, > 0.
  static int compare_names(const std::string& a, const std::string& b);

 private:
  std::string partial_name(std::size_t p, std::int8_t allele) const;
  const GeneDefinition* def_;
  std::vector<std::string> undocumented_alts_;
};

}  // namespace ketapgx

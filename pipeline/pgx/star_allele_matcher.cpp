#include "pgx/star_allele_matcher.h"

#include <algorithm>
#include <map>

#include "output/format.h"
#include "pgx/combination_matcher.h"
#include "util/text.h"

namespace ketapgx {

namespace {

bool on_sex_chromosome(const std::string& chrom) {
  const std::string_view c = chrom.rfind("chr", 0) == 0 ? std::string_view(chrom).substr(3) : std::string_view(chrom);
  return c == "X" || c == "Y";
}

}  // namespace

const char* call_basis_key(CallBasis b) {
  switch (b) {
    case CallBasis::NoCall: return "no_call";
    case CallBasis::Complete: return "complete";
    case CallBasis::PartialCannotChange: return "partial_cannot_change";
    case CallBasis::PartialIndeterminate: return "partial_indeterminate";
    case CallBasis::PartialReferenceAssumed: return "partial_reference_assumed";
    case CallBasis::Outside: return "outside";
    case CallBasis::Combination: return "combination";
  }
  return "?";
}

StarAlleleMatcher::StarAlleleMatcher(const GeneDefinition& def, bool assume_reference_at_missing, bool combinations,
                                     std::vector<std::string> undocumented_alts)
    : def_(&def),
      assume_reference_at_missing_(assume_reference_at_missing),
      combinations_(combinations),
      undocumented_alts_(std::move(undocumented_alts)),
      words_((def.alleles.size() + 63) / 64) {
  compat_.resize(def.positions.size());
  for (std::size_t p = 0; p < def.positions.size(); ++p) {
    const std::size_t nseq = def.positions[p].sequences.size();
    compat_[p].assign(nseq, Mask(words_, 0));
    for (std::size_t a = 0; a < def.alleles.size(); ++a) {
      const std::uint32_t accepts = def.alleles[a].accepts[p] ? def.alleles[a].accepts[p] : 1u;  // undefined: reference
      for (std::size_t v = 0; v < nseq; ++v)
        if (accepts >> v & 1u) compat_[p][v][a / 64] |= std::uint64_t{1} << (a % 64);
    }
  }
}

DiplotypeCall StarAlleleMatcher::call(const std::vector<PositionCall>& calls) const {
  const GeneDefinition& def = *def_;
  DiplotypeCall out;
  out.phenotype = kNA;
  out.call_quality = "no call";
  std::vector<std::size_t> present, unread;
  bool undocumented = false;
  for (std::size_t p = 0; p < def.positions.size(); ++p) {
    const PositionCall& c = calls[p];
    if (c.a1 == PositionCall::kHalfVariant) {
      // PharmCAT gives no call for it too (or a g.<pos>? partial in combination mode, which ketapgx does not build).
      out.warnings.push_back(def.positions[p].variant + " has a half call with a variant allele (e.g. 1/.): one haplotype "
                             "carries a variant there, the other is unknown; no call for " + def.gene);
      out.missing_positions.push_back(def.positions[p].variant);
      return out;
    }
    if (c.a1 == PositionCall::kUndocumented || c.a2 == PositionCall::kUndocumented) {
      undocumented = true;
      if (combinations_) {
        // Combination mode names it as a partial (PharmCAT keeps the real base).
        out.warnings.push_back(def.positions[p].variant + " carries an allele that no " + def.gene +
                               " definition has (undocumented ALT)");
        present.push_back(p);
      } else {
        out.warnings.push_back(def.positions[p].variant + " carries an allele that no " + def.gene +
                               " definition has (undocumented ALT): no call for " + def.gene);
      }
      continue;
    }
    if (c.a1 < 0 || c.a2 < 0) {
      out.missing_positions.push_back(def.positions[p].variant);
      unread.push_back(p);
      continue;
    }
    if (c.haploid) {
      // One allele is a hemizygous call on X or Y. On an autosome it is a
      // deletion of the other copy or a data error: reading it as homozygous
      // would invent the second haplotype, so the position counts as unread
      // (the phenotype is Indeterminate where it could change it).
      if (!on_sex_chromosome(def.positions[p].chrom_grch38)) {
        out.warnings.push_back(def.positions[p].variant + ": haploid call (one allele) on an autosome: not read (a deletion of "
                               "the other copy, or a data error?)");
        out.missing_positions.push_back(def.positions[p].variant);
        unread.push_back(p);
        continue;
      }
      out.warnings.push_back(def.positions[p].variant + ": haploid call read as hemizygous");
    }
    present.push_back(p);
  }
  if (undocumented && !combinations_) return out;
  if (present.empty()) {
    out.warnings.push_back("no " + def.gene + " defining position has a call: no call");
    return out;
  }

  // Alleles that can still be observed, and their scores.
  const std::size_t n_alleles = def.alleles.size();
  Mask usable(words_, 0);
  std::vector<int> score(n_alleles, 0);
  for (std::size_t a = 0; a < n_alleles; ++a) {
    for (std::size_t p : present)
      if (def.alleles[a].accepts[p]) ++score[a];
    if (score[a] > 0) usable[a / 64] |= std::uint64_t{1} << (a % 64);
  }

  // Heterozygous sites grouped into blocks of known relative phase.
  std::vector<std::size_t> het;
  std::vector<int> block_of;  // per het site
  std::map<std::int32_t, int> phase_set_block;
  int n_blocks = 0;
  for (std::size_t p : present) {
    const PositionCall& c = calls[p];
    if (c.a1 == c.a2) continue;
    int b;
    if (c.phased) {
      auto [it, inserted] = phase_set_block.emplace(c.phase_set, n_blocks);
      if (inserted) ++n_blocks;
      b = it->second;
    } else {
      b = n_blocks++;
    }
    het.push_back(p);
    block_of.push_back(b);
  }
  if (n_blocks - 1 > kMaxUnphasedBlocks) {
    out.warnings.push_back(std::to_string(n_blocks) + " heterozygous sites of unknown relative phase: too many to resolve; no call");
    return out;
  }

  // Every orientation of the blocks (block 0 fixed: the two haplotypes are
  // unordered): the pairs of `allowed` alleles that explain the genotypes.
  std::vector<std::int8_t> hap1(def.positions.size()), hap2(def.positions.size());
  const std::uint64_t orientations = n_blocks > 0 ? std::uint64_t{1} << (n_blocks - 1) : 1;
  auto orient = [&](std::uint64_t o) {  // the two haplotypes of orientation o
    for (std::size_t p : present) {
      hap1[p] = calls[p].a1;
      hap2[p] = calls[p].a2;
    }
    for (std::size_t h = 0; h < het.size(); ++h) {
      const int b = block_of[h];
      if (b > 0 && (o >> (b - 1) & 1u)) std::swap(hap1[het[h]], hap2[het[h]]);
    }
  };
  if (undocumented) return call_combinations(present, orientations, orient, hap1, hap2, std::move(out));
  Mask m1(words_), m2(words_);
  auto fitting = [&](const Mask& allowed) {
    std::map<std::pair<std::size_t, std::size_t>, int> candidates;  // (allele, allele) -> score
    for (std::uint64_t o = 0; o < orientations; ++o) {
      orient(o);
      m1 = allowed;
      m2 = allowed;
      for (std::size_t p : present) {
        const Mask& c1 = compat_[p][static_cast<std::size_t>(hap1[p])];
        const Mask& c2 = compat_[p][static_cast<std::size_t>(hap2[p])];
        for (std::size_t w = 0; w < words_; ++w) {
          m1[w] &= c1[w];
          m2[w] &= c2[w];
        }
      }
      for (std::size_t a = 0; a < n_alleles; ++a) {
        if (!(m1[a / 64] >> (a % 64) & 1u)) continue;
        for (std::size_t b = 0; b < n_alleles; ++b) {
          if (!(m2[b / 64] >> (b % 64) & 1u)) continue;
          const auto key = std::minmax(a, b);
          int& s = candidates[key];
          s = std::max(s, score[a] + score[b]);
        }
      }
    }
    return candidates;
  };
  const auto candidates = fitting(usable);
  if (candidates.empty() && combinations_)
    return call_combinations(present, orientations, orient, hap1, hap2, std::move(out));
  if (candidates.empty()) {
    out.warnings.push_back("the genotypes fit no pair of named " + def.gene + " alleles: no call");
    return out;
  }

  std::vector<std::pair<std::pair<std::size_t, std::size_t>, int>> ranked(candidates.begin(), candidates.end());
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
  auto name = [&](const std::pair<std::size_t, std::size_t>& d) {
    return def.alleles[d.first].name + "/" + def.alleles[d.second].name;
  };
  auto phenotype_of = [&](const std::pair<std::size_t, std::size_t>& d) {
    const std::string ph = def.phenotypes.lookup(def.alleles[d.first].function, def.alleles[d.second].function);
    return ph.empty() ? std::string("Indeterminate") : ph;
  };
  const auto& top = ranked.front();
  out.diplotype = name(top.first);
  out.allele1 = def.alleles[top.first.first].name;
  out.allele2 = def.alleles[top.first.second].name;
  out.function1 = def.alleles[top.first.first].function;
  out.function2 = def.alleles[top.first.second].function;
  out.score = top.second;
  out.call_quality = "complete";
  out.basis = CallBasis::Complete;
  out.phenotype = phenotype_of(top.first);
  if (def.phenotypes.lookup(out.function1, out.function2).empty())
    out.warnings.push_back("no phenotype rule for " + out.function1 + " + " + out.function2 + ": Indeterminate");
  std::size_t ties = 1;
  for (std::size_t i = 1; i < ranked.size(); ++i) {
    out.alternatives.push_back(name(ranked[i].first));
    if (ranked[i].second == top.second) {
      ++ties;
      if (phenotype_of(ranked[i].first) != out.phenotype) out.phenotype = "Indeterminate";
    }
  }
  if (ties > 1) {
    out.warnings.push_back(std::to_string(ties) + " diplotypes fit equally well (score " + std::to_string(top.second) +
                           "); the first is reported" +
                           (out.phenotype == "Indeterminate" ? " and their phenotypes differ" : ""));
  }

  // Unread defining positions: could an allele defined there, with the read
  // positions as they are, give another phenotype? Every allele that fits the
  // read positions is allowed now, those defined only at unread ones included
  // (the matcher above never proposes those: they score nothing).
  if (!out.missing_positions.empty()) {
    std::vector<std::string> changes;  // "rs776746 defines *3"
    std::map<std::size_t, std::vector<std::string>> defines;  // unread position -> alleles that change the phenotype
    for (const auto& [pair, s] : fitting(Mask(words_, ~std::uint64_t{0}))) {
      if (phenotype_of(pair) == out.phenotype) continue;
      for (std::size_t a : {pair.first, pair.second}) {
        if (a == top.first.first || a == top.first.second) continue;
        for (std::size_t p : unread)
          if (def.alleles[a].accepts[p]) {
            auto& v = defines[p];
            if (std::find(v.begin(), v.end(), def.alleles[a].name) == v.end()) v.push_back(def.alleles[a].name);
          }
      }
    }
    for (const auto& [p, alleles] : defines) changes.push_back(def.positions[p].variant + " defines " + text::join(alleles, ", "));
    if (changes.empty()) {
      out.call_quality = "partial (missing: " + text::join(out.missing_positions, ", ") + "; cannot change the phenotype)";
      out.basis = CallBasis::PartialCannotChange;
    } else if (assume_reference_at_missing_) {
      out.call_quality = "partial (missing: " + text::join(changes, "; ") + "; reference assumed)";
      out.basis = CallBasis::PartialReferenceAssumed;
    } else {
      out.call_quality = "partial (missing: " + text::join(changes, "; ") + ")";
      if (out.phenotype == "Indeterminate") {
        // Tied diplotypes with other phenotypes made it so already: not a
        // phenotype resting on an unread position (no <GENE>_partial flag).
        out.call_quality = "partial (missing: " + text::join(changes, "; ") + "; Indeterminate already: tied diplotypes differ)";
        out.basis = CallBasis::PartialCannotChange;
      } else {
        out.basis = CallBasis::PartialIndeterminate;
        out.warnings.push_back("phenotype " + out.phenotype + " rests on unread positions (" + text::join(changes, "; ") +
                               "): Indeterminate (--pgx-assume-reference-at-missing keeps it)");
        out.phenotype = "Indeterminate";
      }
    }
  }
  return out;
}

DiplotypeCall StarAlleleMatcher::call_combinations(const std::vector<std::size_t>& present, std::uint64_t orientations,
                                                   const std::function<void(std::uint64_t)>& orient,
                                                   const std::vector<std::int8_t>& hap1, const std::vector<std::int8_t>& hap2,
                                                   DiplotypeCall out) const {
  const GeneDefinition& def = *def_;
  const CombinationMatcher cm(def, undocumented_alts_);
  std::vector<CombinationDiplotype> pairs;
  for (std::uint64_t o = 0; o < orientations; ++o) {
    orient(o);
    const auto n1 = cm.names(hap1, present), n2 = cm.names(hap2, present);
    for (const auto& a : n1)
      for (const auto& b : n2) pairs.push_back({a, b, 0});
  }
  const auto ranked = CombinationMatcher::rank(std::move(pairs));
  if (ranked.empty()) {
    out.warnings.push_back("combination mode: an undocumented allele could not be named (several undocumented ALTs at one "
                           "position): no call");
    return out;
  }
  const CombinationDiplotype& top = ranked.front();
  out.diplotype = top.name();
  out.allele1 = top.hap1.name;
  out.allele2 = top.hap2.name;
  out.score = top.score;
  // A combination or a partial has no CPIC function: the phenotype is
  // Indeterminate unless both haplotypes are named alleles.
  const bool named = top.hap1.allele != SIZE_MAX && top.hap2.allele != SIZE_MAX;
  out.function1 = top.hap1.allele != SIZE_MAX ? def.alleles[top.hap1.allele].function : "";
  out.function2 = top.hap2.allele != SIZE_MAX ? def.alleles[top.hap2.allele].function : "";
  const std::string ph = named ? def.phenotypes.lookup(out.function1, out.function2) : "";
  out.phenotype = ph.empty() ? "Indeterminate" : ph;
  std::size_t ties = 0;
  for (std::size_t i = 1; i < ranked.size(); ++i) {
    // Every candidate is listed, as PharmCAT lists them, up to a limit: 17
    // unphased sites can give 65,535, a 6 MB cell.
    if (out.alternatives.size() < kMaxCombinationAlternatives) out.alternatives.push_back(ranked[i].name());
    ties += ranked[i].score == top.score;
  }
  if (ranked.size() - 1 > kMaxCombinationAlternatives)
    out.warnings.push_back(std::to_string(ranked.size() - 1 - kMaxCombinationAlternatives) + " more combination-mode answers not listed");
  out.warnings.push_back("no pair of named " + def.gene + " alleles fits: combination mode (--combinations) names the " +
                         "haplotypes as PharmCAT's research mode does" +
                         (ties ? "; " + std::to_string(ties + 1) + " answers fit equally well, the first is reported" : ""));
  out.call_quality = out.missing_positions.empty() ? "combination" : "combination (missing: " + text::join(out.missing_positions, ", ") + ")";
  out.basis = CallBasis::Combination;
  return out;
}

}  // namespace ketapgx

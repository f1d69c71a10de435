#include "pgx/combination_matcher.h"

#include <algorithm>
#include <string_view>

#include "util/text.h"

namespace ketapgx {
namespace {

// pgkb-common's natural order: runs of digits compare as numbers, other runs
// as text, a number before text; equal runs: the shorter name first.
int natural_compare(std::string_view a, std::string_view b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const bool da = a[i] >= '0' && a[i] <= '9', db = b[j] >= '0' && b[j] <= '9';
    std::size_t ie = i, je = j;
    while (ie < a.size() && ((a[ie] >= '0' && a[ie] <= '9') == da)) ++ie;
    while (je < b.size() && ((b[je] >= '0' && b[je] <= '9') == db)) ++je;
    const std::string_view ra = a.substr(i, ie - i), rb = b.substr(j, je - j);
    if (da != db) return da ? -1 : 1;
    if (da) {
      // Numbers: without leading zeros, the longer is larger; else digit by digit.
      std::string_view na = ra, nb = rb;
      while (na.size() > 1 && na[0] == '0') na.remove_prefix(1);
      while (nb.size() > 1 && nb[0] == '0') nb.remove_prefix(1);
      if (na.size() != nb.size()) return na.size() < nb.size() ? -1 : 1;
      if (int c = na.compare(nb)) return c < 0 ? -1 : 1;
    } else if (int c = ra.compare(rb)) {
      return c < 0 ? -1 : 1;
    }
    i = ie;
    j = je;
  }
  if (i < a.size()) return 1;
  if (j < b.size()) return -1;
  return 0;
}

bool is_combination_name(std::string_view n) {
  return n.size() > 2 && n.front() == '[' && n.back() == ']' && n.find(" + ") != std::string_view::npos;
}

// PharmCAT's partial-name pattern ^g\.\d+[?=]?[ACGT>\d]+$, by hand (a
// std::regex here was most of combination mode's time).
bool is_partial_name(std::string_view n) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  auto tail = [&](std::string_view t) {  // [ACGT>\d]+
    if (t.empty()) return false;
    for (char c : t)
      if (!(digit(c) || c == 'A' || c == 'C' || c == 'G' || c == 'T' || c == '>')) return false;
    return true;
  };
  if (n.size() < 4 || n.compare(0, 2, "g.") != 0 || !digit(n[2])) return false;
  const std::string_view rest = n.substr(2);
  std::size_t j = 1;
  while (j < rest.size() && digit(rest[j])) ++j;
  if (j < rest.size() && (rest[j] == '?' || rest[j] == '=')) return tail(rest.substr(j + 1));
  return tail(rest.substr(1));
}

std::vector<std::string> components(std::string_view n) {
  std::vector<std::string> out;
  n = n.substr(1, n.size() - 2);
  for (std::size_t at = 0;;) {
    const auto plus = n.find(" + ", at);
    out.emplace_back(n.substr(at, plus == std::string_view::npos ? std::string_view::npos : plus - at));
    if (plus == std::string_view::npos) break;
    at = plus + 3;
  }
  return out;
}

}  // namespace

int CombinationMatcher::compare_names(const std::string& a, const std::string& b) {
  const bool ca = is_combination_name(a), cb = is_combination_name(b);
  if (ca != cb) return ca ? 1 : -1;
  if (!ca) return natural_compare(a, b);
  const auto xa = components(a), xb = components(b);
  if (xa.size() != xb.size()) return xa.size() < xb.size() ? -1 : 1;
  for (std::size_t k = 0; k < xa.size(); ++k) {
    const bool pa = is_partial_name(xa[k]), pb = is_partial_name(xb[k]);
    if (pa != pb) return pa ? 1 : -1;
    if (int c = natural_compare(xa[k], xb[k])) return c;
  }
  return 0;
}

CombinationMatcher::CombinationMatcher(const GeneDefinition& def, std::vector<std::string> undocumented_alts)
    : def_(&def), undocumented_alts_(std::move(undocumented_alts)) {
  undocumented_alts_.resize(def.positions.size());
}

// PharmCAT names a partial by the definition's HGVS name of the allele (for
// SNVs g.<GRCh38 position><REF>><ALT>); an undocumented allele the same way.
// Always GRCh38 coordinates, as PharmCAT's definitions are.
std::string CombinationMatcher::partial_name(std::size_t p, std::int8_t allele) const {
  const DefinitionPosition& d = def_->positions[p];
  const std::string& seq = allele >= 0 ? d.sequences[static_cast<std::size_t>(allele)] : undocumented_alts_[p];
  return "g." + std::to_string(d.pos_grch38) + d.sequences[0] + ">" + seq;
}

std::vector<HaplotypeName> CombinationMatcher::names(const std::vector<std::int8_t>& hap,
                                                     const std::vector<std::size_t>& available) const {
  const GeneDefinition& def = *def_;
  std::vector<std::size_t> variant;  // positions where the haplotype is not the reference sequence
  for (std::size_t p : available) {
    if (hap[p] == kUndocumented && undocumented_alts_[p].empty()) return {};  // cannot be named
    if (hap[p] != 0) variant.push_back(p);
  }
  // The alleles carried in full: every one of their defining positions that
  // was read holds their sequence (nothing is assumed elsewhere).
  struct Covered {
    std::size_t allele;
    std::vector<std::size_t> core;
  };
  std::vector<Covered> covered;
  for (std::size_t a = 0; a < def.alleles.size(); ++a) {
    if (def.alleles[a].reference) continue;
    Covered c{a, {}};
    bool fits = true;
    for (std::size_t p : available) {
      const std::uint32_t m = def.alleles[a].accepts[p];
      if (!m) continue;
      c.core.push_back(p);
      if (hap[p] < 0 || !(m >> hap[p] & 1u)) fits = false;
    }
    if (fits && !c.core.empty()) covered.push_back(std::move(c));
  }
  auto overlap = [](const std::vector<std::size_t>& x, const std::vector<std::size_t>& y) {
    for (std::size_t p : x)
      if (std::find(y.begin(), y.end(), p) != y.end()) return true;
    return false;
  };
  // One match per combination: the alleles in it, the variant positions left as partials.
  auto make = [&](std::vector<std::size_t> alleles) {
    std::vector<std::size_t> core;
    for (std::size_t a : alleles)
      for (const auto& c : covered)
        if (c.allele == a) core.insert(core.end(), c.core.begin(), c.core.end());
    std::vector<std::string> parts;
    std::sort(alleles.begin(), alleles.end(), [&](std::size_t x, std::size_t y) {
      return compare_names(def.alleles[x].name, def.alleles[y].name) < 0;
    });
    for (std::size_t a : alleles) parts.push_back(def.alleles[a].name);
    std::size_t partials = 0;
    for (std::size_t p : variant)  // ascending definition order = ascending position
      if (std::find(core.begin(), core.end(), p) == core.end()) {
        parts.push_back(partial_name(p, hap[p]));
        ++partials;
      }
    HaplotypeName h;
    if (alleles.empty() && partials == 0) {  // the reference haplotype
      h.name = def.alleles[0].name;
      h.score = static_cast<int>(available.size());
      h.allele = 0;
      return h;
    }
    const int matched = alleles.empty() ? static_cast<int>(available.size()) : static_cast<int>(core.size());
    h.score = matched - static_cast<int>(partials);
    h.name = parts.size() > 1 ? "[" + text::join(parts, " + ") + "]" : parts[0];
    if (alleles.size() == 1 && partials == 0) h.allele = alleles[0];
    return h;
  };
  if (covered.size() <= 1) {
    std::vector<std::size_t> alleles;
    if (!covered.empty()) alleles.push_back(covered[0].allele);
    return {make(alleles)};
  }
  // PharmCAT's viable combinations: the largest alleles first (then by name as
  // plain text); an allele joins every combination it shares no position with;
  // one overlapping an allele of another size is left out (a "shell", e.g. *9
  // inside *6), one overlapping only alleles of its own size starts its own.
  std::stable_sort(covered.begin(), covered.end(), [&](const Covered& x, const Covered& y) {
    if (x.core.size() != y.core.size()) return x.core.size() > y.core.size();
    return def.alleles[x.allele].name < def.alleles[y.allele].name;
  });
  std::vector<std::vector<const Covered*>> combos;
  for (const Covered& c : covered) {
    bool added = false;
    int overlap_count = 0;
    const std::size_t existing_combos = combos.size();
    for (std::size_t k = 0; k < existing_combos; ++k) {
      bool overlaps = false;
      for (const Covered* e : combos[k]) {
        if (!overlap(e->core, c.core)) continue;
        overlaps = true;
        if (e->core.size() != c.core.size()) {
          ++overlap_count;
          break;
        }
      }
      if (!overlaps) {
        combos[k].push_back(&c);
        added = true;
      }
    }
    if (!added && overlap_count == 0) combos.push_back({&c});
  }
  std::vector<HaplotypeName> out;
  for (const auto& combo : combos) {
    std::vector<std::size_t> alleles;
    for (const Covered* c : combo) alleles.push_back(c->allele);
    HaplotypeName h = make(alleles);
    if (std::none_of(out.begin(), out.end(), [&](const HaplotypeName& o) { return o.name == h.name; })) out.push_back(std::move(h));
  }
  return out;
}

std::vector<CombinationDiplotype> CombinationMatcher::rank(std::vector<CombinationDiplotype> pairs) {
  for (auto& d : pairs) {
    if (compare_names(d.hap2.name, d.hap1.name) < 0) std::swap(d.hap1, d.hap2);
    d.score = d.hap1.score + d.hap2.score;
  }
  std::sort(pairs.begin(), pairs.end(), [](const CombinationDiplotype& x, const CombinationDiplotype& y) {
    if (x.score != y.score) return x.score > y.score;
    if (int c = compare_names(x.hap1.name, y.hap1.name)) return c < 0;
    return compare_names(x.hap2.name, y.hap2.name) < 0;
  });
  pairs.erase(std::unique(pairs.begin(), pairs.end(),
                          [](const CombinationDiplotype& x, const CombinationDiplotype& y) {
                            return x.score == y.score && x.hap1.name == y.hap1.name && x.hap2.name == y.hap2.name;
                          }),
              pairs.end());
  return pairs;
}

}  // namespace ketapgx

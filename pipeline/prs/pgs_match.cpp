#include "prs/pgs_match.h"

#include <map>

namespace ketapgx {

const char* pgs_match_type_name(PgsMatchType t) {
  switch (t) {
    case PgsMatchType::RefAlt: return "refalt";
    case PgsMatchType::AltRef: return "altref";
    case PgsMatchType::RefAltFlip: return "refalt_flip";
    case PgsMatchType::AltRefFlip: return "altref_flip";
    case PgsMatchType::NoOaRef: return "no_oa_ref";
    case PgsMatchType::NoOaAlt: return "no_oa_alt";
    case PgsMatchType::NoOaRefFlip: return "no_oa_ref_flip";
    case PgsMatchType::NoOaAltFlip: return "no_oa_alt_flip";
    case PgsMatchType::ById: return "by_id";
  }
  return "?";
}

const char* pgs_match_status_name(PgsMatchStatus s) {
  switch (s) {
    case PgsMatchStatus::Matched: return "matched";
    case PgsMatchStatus::Excluded: return "excluded";
    case PgsMatchStatus::NotScorable: return "not_scorable";
    case PgsMatchStatus::Unmatched: break;
  }
  return "unmatched";
}

std::string complement_allele(const std::string& allele) {
  std::string out = allele;
  for (char& c : out) {
    switch (c) {
      case 'A': c = 'T'; break;
      case 'T': c = 'A'; break;
      case 'C': c = 'G'; break;
      case 'G': c = 'C'; break;
      default: return allele;  // not plain bases: no flip
    }
  }
  return out;
}

namespace {

bool is_flip(PgsMatchType t) {
  return t == PgsMatchType::RefAltFlip || t == PgsMatchType::AltRefFlip || t == PgsMatchType::NoOaRefFlip || t == PgsMatchType::NoOaAltFlip;
}

// The best type by which `v` matches `t`, or false; `named_ref`: the matched
// effect allele is the target's REF.
bool best_type(const PgsVariant& v, const PgsTarget& t, PgsMatchType& type, bool& named_ref) {
  const std::string& ea = v.effect_allele;
  const std::string& oa = v.other_allele;
  const std::string fea = complement_allele(ea);
  if (!oa.empty()) {
    const std::string foa = complement_allele(oa);
    if (ea == t.ref && oa == t.alt) type = PgsMatchType::RefAlt, named_ref = true;
    else if (ea == t.alt && oa == t.ref) type = PgsMatchType::AltRef, named_ref = false;
    else if (fea == t.ref && foa == t.alt) type = PgsMatchType::RefAltFlip, named_ref = true;
    else if (fea == t.alt && foa == t.ref) type = PgsMatchType::AltRefFlip, named_ref = false;
    else return false;
    return true;
  }
  if (ea == t.ref) type = PgsMatchType::NoOaRef, named_ref = true;
  else if (ea == t.alt) type = PgsMatchType::NoOaAlt, named_ref = false;
  else if (fea == t.ref) type = PgsMatchType::NoOaRefFlip, named_ref = true;
  else if (fea == t.alt) type = PgsMatchType::NoOaAltFlip, named_ref = false;
  else return false;
  return true;
}

}  // namespace

void match_position(const std::vector<PgsRowRef>& rows, const std::vector<PgsTarget>& targets, const PgsMatchSettings& settings,
                    std::vector<PgsMatch>& out) {
  out.assign(rows.size(), PgsMatch{});
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const PgsVariant& v = *rows[i].variant;
    PgsMatch& m = out[i];
    if (!v.not_scorable.empty()) {
      m.status = PgsMatchStatus::NotScorable;
      m.reason = v.not_scorable + " (not scorable with PLINK 2 --score)";
      continue;
    }
    // The best type over the candidates; the first target with it. As
    // pgsc_calc, which leaves multi-allelic records out of the targets
    // unless they are kept: a row matching only such a record is reported
    // as excluded for it.
    std::size_t with_best = 0;
    auto find_best = [&](bool multiallelic_too) {
      bool found = false;
      with_best = 0;
      for (std::size_t k = 0; k < targets.size(); ++k) {
        if (targets[k].multiallelic && !multiallelic_too) continue;
        PgsMatchType type{};
        bool named_ref = false;
        if (!best_type(v, targets[k], type, named_ref)) continue;
        if (!found || type < m.type) {
          found = true;
          m.type = type;
          m.target = k;
          m.named_alt_index = named_ref ? 0 : targets[k].alt_index;
          with_best = 1;
        } else if (type == m.type) {
          ++with_best;
        }
      }
      return found;
    };
    if (!find_best(settings.keep_multiallelic) && (settings.keep_multiallelic || !find_best(true))) {
      m.reason = targets.empty() ? "no record at the position" : "no record there has these alleles";
      continue;
    }
    m.status = PgsMatchStatus::Matched;
    m.duplicate_best_match = with_best > 1;
    const PgsTarget& t = targets[m.target];
    m.flipped = is_flip(m.type);
    m.multiallelic = t.multiallelic;
    m.ambiguous = complement_allele(t.ref) == t.alt && complement_allele(t.ref) != t.ref;
  }
  // Several rows of one score on one target variant: none is used. A
  // variant is an allele pair, or a whole multi-allelic record (pgsc_calc
  // names its ALTs with one ID, chrom:pos).
  std::map<std::pair<std::size_t, std::size_t>, std::vector<std::size_t>> by_target;  // (score, variant) -> rows
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (out[i].status == PgsMatchStatus::Matched) {
      const PgsTarget& t = targets[out[i].target];
      const std::size_t variant = t.multiallelic ? targets.size() + t.record : out[i].target;
      by_target[{rows[i].score, variant}].push_back(i);
    }
  for (const auto& [key, list] : by_target)
    if (list.size() > 1)
      for (std::size_t i : list) out[i].duplicate_id = true;
  for (PgsMatch& m : out) {
    if (m.status != PgsMatchStatus::Matched) continue;
    std::string why;
    auto add = [&why](const char* r) { why += (why.empty() ? "" : ", ") + std::string(r); };
    if (m.duplicate_id) add("duplicate_id (several rows of the score match this variant)");
    if (m.ambiguous && !settings.keep_ambiguous) add("ambiguous (strand-ambiguous A/T or C/G; --pgs-keep-ambiguous keeps it)");
    if (m.multiallelic && !settings.keep_multiallelic) add("multiallelic (--pgs-keep-multiallelic keeps it)");
    if (m.flipped && settings.ignore_strand_flips) add("strand flip (--pgs-ignore-strand-flips)");
    if (!why.empty()) {
      m.status = PgsMatchStatus::Excluded;
      m.reason = why;
    }
  }
}

}  // namespace ketapgx

// Matching PGS Catalog scoring-file variants to the target's records, by the
// rules of the PGS Catalog Calculator (pgsc_calc's pgscatalog.match): at one
// position, every ALT of every record is a candidate; a row with an other
// allele matches as refalt > altref > refalt_flip > altref_flip, one without
// as no_oa_ref > no_oa_alt > no_oa_ref_flip > no_oa_alt_flip (flip: each base
// complemented, A<->T, C<->G); the best type wins, the first target of it
// when several have it (duplicate_best_match); several rows of one score
// whose best match is the same target allele pair are all excluded
// (duplicate_id); ambiguous targets (REF the complement of ALT: A/T, C/G)
// and multi-allelic records are excluded unless kept; flipped matches are
// excluded only with ignore_strand_flips. Everything here is per position:
// the reader hands over all records at one position together.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "prs/pgs_file.h"

namespace ketapgx {

enum class PgsMatchType { RefAlt, AltRef, RefAltFlip, AltRefFlip, NoOaRef, NoOaAlt, NoOaRefFlip, NoOaAltFlip, ById };
const char* pgs_match_type_name(PgsMatchType t);

struct PgsMatchSettings {
  bool keep_ambiguous = false;
  bool keep_multiallelic = false;
  bool ignore_strand_flips = false;
};

// One ALT allele of one target record: a candidate.
struct PgsTarget {
  std::size_t record = 0;    // index among the records at the position
  int alt_index = 1;         // 1-based ALT index in the record
  std::string id;            // the record's ID, or chrom:pos:ref:alt when '.'
  std::string ref, alt;
  bool multiallelic = false; // the record has more than one ALT
};

enum class PgsMatchStatus { Unmatched, Matched, Excluded, NotScorable };
const char* pgs_match_status_name(PgsMatchStatus s);

struct PgsMatch {
  PgsMatchStatus status = PgsMatchStatus::Unmatched;
  PgsMatchType type = PgsMatchType::RefAlt;
  std::size_t target = 0;    // index into the position's targets
  int named_alt_index = 0;   // the matched effect allele in the record: 0 = REF, k = k-th ALT
  bool ambiguous = false, multiallelic = false, flipped = false;
  bool duplicate_best_match = false, duplicate_id = false;
  std::string reason;        // why excluded or not matched
};

// A scoring row at the position: which score it belongs to and the row.
struct PgsRowRef {
  std::size_t score = 0;
  const PgsVariant* variant = nullptr;
};

// Matches `rows` (all at one position, of any scores) against `targets` (the
// ALTs of the records there, in file order); `out[i]` for rows[i].
void match_position(const std::vector<PgsRowRef>& rows, const std::vector<PgsTarget>& targets, const PgsMatchSettings& settings,
                    std::vector<PgsMatch>& out);

// The A<->T, C<->G complement of each base; an allele with other letters is
// returned as it is (as pgsc_calc does).
std::string complement_allele(const std::string& allele);

}  // namespace ketapgx

// PGS Catalog scoring files (format 2.0, and the custom files in its column
// layout that pgsc_calc accepts): the '#key=value' header, the variant rows,
// and which positions to match them at for a given genome build.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "genotypes/genome_build.h"

namespace ketapgx {

enum class EffectType { Additive, Dominant, Recessive };
const char* effect_type_name(EffectType t);

struct PgsVariant {
  long line = 0;               // line in the file (for messages and the match report)
  std::string rsid;            // rsID (or hm_rsID), "" when absent
  std::string chrom;           // canonical contig of the positions in use, "" when absent
  std::int64_t pos = 0;        // 0 when absent
  bool by_rsid = false;        // a file without position columns: matched by the VCF's ID
  std::string effect_allele;   // upper case
  std::string other_allele;    // upper case; "" when absent or ambiguous ('A/G')
  double weight = 0;
  std::string weight_text;     // as written
  EffectType effect = EffectType::Additive;
  // Rows PLINK 2 cannot score (is_haplotype, is_diplotype, is_interaction):
  // counted in the score's size, reported, never matched. Empty when scorable.
  std::string not_scorable;
};

struct PgsFile {
  std::string path;
  std::string id;               // #pgs_id, else #pgs_name, else the file name without .txt/.gz
  std::string name;             // #pgs_name ("" when absent)
  GenomeBuild genome_build = GenomeBuild::Unknown;     // #genome_build (author-reported positions)
  GenomeBuild harmonized_build = GenomeBuild::Unknown; // #HmPOS_build (hm_chr/hm_pos)
  std::string weight_type;      // #weight_type
  bool harmonized_positions = false;  // the rows carry hm_chr/hm_pos and those are in use
  GenomeBuild positions_build = GenomeBuild::Unknown;  // the build of the positions in use
  std::vector<PgsVariant> variants;
  std::size_t rsid_only = 0;    // scorable rows matched by rsID (the file has no position columns)
  std::size_t no_position = 0;  // scorable rows of a positioned file without one (e.g. hm_pos empty): never matched
};

// Reads a scoring file (plain or gzip). Positions come from hm_chr/hm_pos when
// the file is harmonized to `target` (#HmPOS_build), else from chr_name /
// chr_position, whose build (#genome_build) must be `target`: another build is
// refused (InputError naming both); an unstated one is warned about and taken
// as `target`. `target` Unknown (the VCF's build could not be told): the
// author-reported positions are used, with a warning. Malformed rows throw
// InputError naming the file, line and column.
PgsFile read_pgs_file(const std::string& path, GenomeBuild target);

}  // namespace ketapgx

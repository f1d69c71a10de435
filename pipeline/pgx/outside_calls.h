// Star-allele calls made elsewhere (--outside-calls FILE), for what a VCF
// cannot show (CYP2B6 *29/*30, called from reads by another tool) or for calls
// a lab trusts more: a TSV with the header `sample_id gene diplotype
// [phenotype]` whose rows replace our call for that sample and gene.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "pgx/allele_definitions.h"
#include "pgx/star_allele_matcher.h"

namespace ketapgx {

struct OutsideCall {
  std::string sample, gene, allele1, allele2;
  std::string phenotype;  // as given, or from the allele functions (Indeterminate without a rule)
  long line = 0;          // in the file
};

struct OutsideCalls {
  std::string path;
  std::vector<OutsideCall> calls;  // file order
};

// Reads `path` and checks every row against the definitions of
// `definitions_dir`: a gene not in its genes.tsv, an allele that is neither a
// named nor a structural allele of the gene, a diplotype not written A/B, a
// phenotype not used by the gene's phenotype rules (or Indeterminate), and a
// second row for the same sample and gene are refused (InputError naming the
// file and line). Rows for genes outside `defs` (not called in this run) are
// kept out with one warning.
OutsideCalls read_outside_calls(const std::string& path, const std::vector<GeneDefinition>& defs,
                                const std::string& definitions_dir);

// The call an outside row stands for (call_quality "outside"); `replaced` is
// the VCF call it replaces, named in a warning.
DiplotypeCall outside_diplotype_call(const OutsideCall& c, const GeneDefinition& def, const std::string& path,
                                     const DiplotypeCall& replaced);

}  // namespace ketapgx

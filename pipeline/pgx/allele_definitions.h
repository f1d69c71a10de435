// Star-allele definitions of one pharmacogene, read from configs/pgx/:
// defining positions (both builds), named alleles with their functions, and
// the allele-function pair -> phenotype rules.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "genotypes/genome_build.h"

namespace ketapgx {

struct DefinitionPosition {
  std::string variant;                // rsID, or an HGVS-like name when there is none
  std::string chrom_grch38, chrom_grch37;
  std::int64_t pos_grch38 = 0, pos_grch37 = 0;
  std::string ref_grch38, ref_grch37;
  std::vector<std::string> sequences;  // sequences[0]: the reference allele's sequence

  const std::string& chrom(GenomeBuild b) const { return b == GenomeBuild::GRCh37 ? chrom_grch37 : chrom_grch38; }
  std::int64_t pos(GenomeBuild b) const { return b == GenomeBuild::GRCh37 ? pos_grch37 : pos_grch38; }
  const std::string& ref(GenomeBuild b) const { return b == GenomeBuild::GRCh37 ? ref_grch37 : ref_grch38; }
  // Index of `seq` in sequences, -1 when absent.
  int sequence_index(const std::string& seq) const;
};

struct NamedAllele {
  std::string name;
  std::string function;                // e.g. "Decreased function"
  bool reference = false;
  // Per position: bit k set = sequence k accepted. 0 = not a defining
  // position of this allele (the reference sequence is then implied).
  std::vector<std::uint32_t> accepts;
};

class PhenotypeRules {
 public:
  void add(const std::string& f1, const std::string& f2, const std::string& phenotype);
  // The phenotype of two allele functions (either order); "" when no rule matches.
  std::string lookup(const std::string& f1, const std::string& f2) const;
  std::size_t size() const { return rules_.size(); }
  // Whether any rule names this allele function.
  bool has_function(const std::string& f) const;

 private:
  std::map<std::pair<std::string, std::string>, std::string> rules_;
};

// An allele made by a structural change (a hybrid, a partial deletion) that a
// VCF of small variants cannot show: known to outside calls, never called here.
struct StructuralAllele {
  std::string name, function, description;
};

struct GeneDefinition {
  std::string gene;
  std::vector<DefinitionPosition> positions;
  std::vector<NamedAllele> alleles;  // the reference allele first
  std::vector<StructuralAllele> structural;  // <gene>.structural.tsv (optional)
  PhenotypeRules phenotypes;

  // The function of a named or structural allele; nullptr when unknown.
  const std::string* function_of(const std::string& allele) const;
  // "CYP2B6 *29 (CYP2B7-CYP2B6 hybrid ...), *30 (...) are not assessed from a VCF ...",
  // or "" when the gene has no structural alleles.
  std::string not_assessed_statement() const;
};

// Reads <dir>/<gene>.positions.tsv, .alleles.tsv, .phenotypes.tsv and, when
// present, .structural.tsv; throws InputError naming the file and line on
// anything inconsistent.
GeneDefinition load_gene_definition(const std::string& dir, const std::string& gene);

// The genes listed in <dir>/genes.tsv, in order.
std::vector<std::string> list_definition_genes(const std::string& dir);

// Short metabolizer class for the model and dose rules: "Poor Metabolizer" -> "PM",
// Intermediate and Possible Intermediate -> "IM", Normal -> "NM", Rapid -> "RM",
// Ultrarapid -> "UM"; anything else (Indeterminate, n/a) -> "".
std::string metabolizer_class(const std::string& phenotype);

}  // namespace ketapgx

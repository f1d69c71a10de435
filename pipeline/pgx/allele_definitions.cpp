#include "pgx/allele_definitions.h"

#include <algorithm>
#include <fstream>
#include <set>

#include "ketapgx/core/errors.h"
#include "util/line_reader.h"
#include "util/text.h"

namespace ketapgx {
namespace {

// Reads a TSV whose header is `columns` (after '#'/'##' comment lines); calls
// row(fields, where) for each data line.
template <typename F>
void read_table(const std::string& path, const std::vector<std::string>& columns, F&& row) {
  LineReader in(path, "definition table");
  std::string_view line;
  bool header = false;
  while (in.next(line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto f = text::split(line, '\t');
    const std::string where = path + " line " + std::to_string(in.line_number());
    if (!header) {
      for (std::size_t i = 0; i < columns.size(); ++i)
        if (i >= f.size() || f[i] != columns[i])
          throw InputError(where + ": expected header column " + std::to_string(i + 1) + " '" + columns[i] + "'");
      header = true;
      continue;
    }
    if (f.size() < columns.size())
      throw InputError(where + ": expected " + std::to_string(columns.size()) + " tab-separated columns");
    row(f, where);
  }
  if (!header) throw InputError(path + ": no header line");
}

// IUPAC nucleotide codes -> the bases they stand for.
std::string iupac_bases(char c) {
  switch (c) {
    case 'R': return "AG";
    case 'Y': return "CT";
    case 'S': return "CG";
    case 'W': return "AT";
    case 'K': return "GT";
    case 'M': return "AC";
    case 'B': return "CGT";
    case 'D': return "AGT";
    case 'H': return "ACT";
    case 'V': return "ACG";
    case 'N': return "ACGT";
  }
  return "";
}

}  // namespace

int DefinitionPosition::sequence_index(const std::string& seq) const {
  for (std::size_t i = 0; i < sequences.size(); ++i)
    if (sequences[i] == seq) return static_cast<int>(i);
  return -1;
}

void PhenotypeRules::add(const std::string& f1, const std::string& f2, const std::string& phenotype) {
  rules_[std::minmax(f1, f2)] = phenotype;
}

std::string PhenotypeRules::lookup(const std::string& f1, const std::string& f2) const {
  auto it = rules_.find(std::minmax(f1, f2));
  return it == rules_.end() ? "" : it->second;
}

bool PhenotypeRules::has_function(const std::string& f) const {
  for (const auto& [pair, phenotype] : rules_)
    if (pair.first == f || pair.second == f) return true;
  return false;
}

std::vector<std::string> list_definition_genes(const std::string& dir) {
  std::vector<std::string> genes;
  read_table(dir + "/genes.tsv", {"gene"}, [&](const auto& f, const std::string&) { genes.emplace_back(f[0]); });
  return genes;
}

GeneDefinition load_gene_definition(const std::string& dir, const std::string& gene) {
  GeneDefinition def;
  def.gene = gene;
  const std::string base = dir + "/" + gene;
  std::map<std::string, std::size_t> by_variant;
  read_table(base + ".positions.tsv",
             {"variant", "chrom_grch38", "pos_grch38", "ref_grch38", "chrom_grch37", "pos_grch37", "ref_grch37", "alleles"},
             [&](const auto& f, const std::string& where) {
               DefinitionPosition p;
               p.variant = std::string(f[0]);
               p.chrom_grch38 = std::string(f[1]);
               p.chrom_grch37 = std::string(f[4]);
               const auto p38 = text::parse_int(f[2]), p37 = text::parse_int(f[5]);
               if (!p38 || !p37) throw InputError(where + ": positions must be integers");
               p.pos_grch38 = *p38;
               p.pos_grch37 = *p37;
               p.ref_grch38 = std::string(f[3]);
               p.ref_grch37 = std::string(f[6]);
               for (auto s : text::split(f[7], ',')) p.sequences.emplace_back(s);
               if (p.sequences.size() < 2 || p.sequences.size() > 32)
                 throw InputError(where + ": expected 2 to 32 comma-separated allele sequences");
               if (p.sequences[0] != p.ref_grch38)
                 throw InputError(where + ": the first allele sequence must be the GRCh38 reference " + p.ref_grch38);
               if (p.sequence_index(p.ref_grch37) < 0)
                 throw InputError(where + ": the GRCh37 reference " + p.ref_grch37 + " is not among the allele sequences");
               if (!by_variant.emplace(p.variant, def.positions.size()).second)
                 throw InputError(where + ": variant " + p.variant + " listed twice");
               def.positions.push_back(std::move(p));
             });
  const std::size_t n = def.positions.size();
  std::set<std::string> names;
  read_table(base + ".alleles.tsv", {"allele", "function", "defining_variants"}, [&](const auto& f, const std::string& where) {
    NamedAllele a;
    a.name = std::string(f[0]);
    a.function = std::string(f[1]);
    a.accepts.assign(n, 0);
    if (!names.insert(a.name).second) throw InputError(where + ": allele " + a.name + " listed twice");
    if (f[2] == "reference") {
      if (!def.alleles.empty()) throw InputError(where + ": the reference allele must be the first allele listed");
      a.reference = true;
      for (auto& m : a.accepts) m = 1u;  // sequence 0 everywhere
    } else {
      if (def.alleles.empty()) throw InputError(where + ": the first allele must be the reference ('reference')");
      for (auto item : text::split(f[2], ';')) {
        const auto eq = item.find('=');
        if (eq == std::string_view::npos) throw InputError(where + ": expected variant=sequence, got '" + std::string(item) + "'");
        const std::string variant(item.substr(0, eq)), seq(item.substr(eq + 1));
        auto it = by_variant.find(variant);
        if (it == by_variant.end()) throw InputError(where + ": unknown variant '" + variant + "' (not in " + gene + ".positions.tsv)");
        const DefinitionPosition& p = def.positions[it->second];
        std::uint32_t mask = 0;
        if (const int k = p.sequence_index(seq); k >= 0) {
          mask = 1u << k;
        } else if (seq.size() == 1 && !iupac_bases(seq[0]).empty()) {
          for (char b : iupac_bases(seq[0]))
            if (const int kb = p.sequence_index(std::string(1, b)); kb >= 0) mask |= 1u << kb;
        }
        if (!mask) throw InputError(where + ": sequence '" + seq + "' is not an allele of " + variant);
        a.accepts[it->second] = mask;
      }
    }
    def.alleles.push_back(std::move(a));
  });
  if (def.alleles.empty()) throw InputError(base + ".alleles.tsv: no alleles");
  read_table(base + ".phenotypes.tsv", {"allele1_function", "allele2_function", "phenotype"},
             [&](const auto& f, const std::string&) { def.phenotypes.add(std::string(f[0]), std::string(f[1]), std::string(f[2])); });
  if (std::ifstream(base + ".structural.tsv").good())
    read_table(base + ".structural.tsv", {"allele", "function", "description"}, [&](const auto& f, const std::string& where) {
      StructuralAllele a{std::string(f[0]), std::string(f[1]), std::string(f[2])};
      if (!def.phenotypes.has_function(a.function))
        throw InputError(where + ": function '" + a.function + "' of " + a.name + " is in no rule of " + gene + ".phenotypes.tsv");
      if (!names.insert(a.name).second) throw InputError(where + ": allele " + a.name + " listed twice (or also in " + gene + ".alleles.tsv)");
      def.structural.push_back(std::move(a));
    });
  return def;
}

const std::string* GeneDefinition::function_of(const std::string& allele) const {
  for (const auto& a : alleles)
    if (a.name == allele) return &a.function;
  for (const auto& a : structural)
    if (a.name == allele) return &a.function;
  return nullptr;
}

std::string GeneDefinition::not_assessed_statement() const {
  if (structural.empty()) return "";
  std::vector<std::string> items;
  for (const auto& a : structural) items.push_back(a.name + " (" + a.description + ")");
  return gene + " " + text::join(items, ", ") +
         " and other structural alleles are not assessed from a VCF; give them as outside calls (--outside-calls)";
}

std::string metabolizer_class(const std::string& phenotype) {
  if (phenotype == "Poor Metabolizer") return "PM";
  if (phenotype == "Intermediate Metabolizer" || phenotype == "Possible Intermediate Metabolizer") return "IM";
  if (phenotype == "Normal Metabolizer") return "NM";
  if (phenotype == "Rapid Metabolizer") return "RM";
  if (phenotype == "Ultrarapid Metabolizer") return "UM";
  return "";
}

}  // namespace ketapgx

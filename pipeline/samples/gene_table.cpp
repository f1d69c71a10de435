#include "samples/gene_table.h"

#include <set>

#include "ketapgx/core/errors.h"
#include "util/line_reader.h"
#include "util/text.h"

namespace ketapgx {
namespace {

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string strip_version(const std::string& id) {
  const auto dot = id.find('.');
  return dot == std::string::npos ? id : id.substr(0, dot);
}

}  // namespace

std::string GeneTable::resolve(const std::string& id) const {
  const std::string u = upper(id);
  if (u.rfind("ENSG", 0) == 0) {
    auto it = ensembl_to_symbol.find(strip_version(u));
    return it == ensembl_to_symbol.end() ? "" : it->second;
  }
  auto it = symbol_upper.find(u);
  return it == symbol_upper.end() ? "" : it->second;
}

GeneTable load_gene_table(const std::string& path) {
  LineReader in(path, "gene table");
  GeneTable t;
  std::string_view line;
  bool header = false;
  while (in.next(line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto f = text::split(line, '\t');
    if (!header) {
      if (f.size() < 2 || f[0] != "symbol" || f[1] != "ensembl_id")
        throw InputError("gene table " + path + " line " + std::to_string(in.line_number()) +
                         ": expected a header starting 'symbol<TAB>ensembl_id'");
      header = true;
      continue;
    }
    if (f.size() < 2) throw InputError("gene table " + path + " line " + std::to_string(in.line_number()) + ": expected at least 2 columns");
    const std::string symbol(f[0]);
    t.symbol_upper[upper(symbol)] = symbol;
    if (f[1] != "." && !f[1].empty()) t.ensembl_to_symbol[upper(std::string(f[1]))] = symbol;
  }
  return t;
}

std::vector<GeneSet> load_gene_sets(const std::string& path, const GeneTable& genes) {
  LineReader in(path, "--gene-sets");
  std::vector<GeneSet> sets;
  std::string_view line;
  bool header = false;
  while (in.next(line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto f = text::split(line, '\t');
    const std::string where = "--gene-sets " + path + " line " + std::to_string(in.line_number());
    if (!header) {
      if (f.size() < 2 || f[0] != "gene_set" || f[1] != "gene")
        throw InputError(where + ": expected the header 'gene_set<TAB>gene'");
      header = true;
      continue;
    }
    if (f.size() < 2 || f[0].empty() || f[1].empty()) throw InputError(where + ": expected 'gene_set<TAB>gene'");
    std::string gene(f[1]);
    if (const std::string sym = genes.resolve(gene); !sym.empty()) gene = sym;
    const std::string name(f[0]);
    if (sets.empty() || sets.back().name != name) {
      for (const GeneSet& s : sets)
        if (s.name == name) throw InputError(where + ": gene set '" + name + "' continues after another set began; keep each set's lines together");
      sets.push_back(GeneSet{name, {}});
    }
    sets.back().genes.push_back(gene);
  }
  if (sets.empty()) throw InputError("--gene-sets " + path + ": no gene sets");
  return sets;
}

std::vector<std::string> gene_set_genes(const std::vector<GeneSet>& sets) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const GeneSet& s : sets)
    for (const std::string& g : s.genes)
      if (seen.insert(g).second) out.push_back(g);
  return out;
}

}  // namespace ketapgx

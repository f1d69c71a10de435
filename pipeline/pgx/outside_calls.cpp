#include "pgx/outside_calls.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "ketapgx/core/errors.h"
#include "util/line_reader.h"
#include "util/log.h"
#include "util/text.h"

namespace ketapgx {
namespace {

// The phenotypes a gene's rules can give, and Indeterminate.
std::set<std::string> known_phenotypes(const GeneDefinition& def) {
  std::set<std::string> out = {"Indeterminate"};
  std::vector<std::string> functions;
  for (const auto& a : def.alleles) functions.push_back(a.function);
  for (const auto& a : def.structural) functions.push_back(a.function);
  for (const auto& f1 : functions)
    for (const auto& f2 : functions)
      if (auto p = def.phenotypes.lookup(f1, f2); !p.empty()) out.insert(p);
  return out;
}

}  // namespace

OutsideCalls read_outside_calls(const std::string& path, const std::vector<GeneDefinition>& defs,
                                const std::string& definitions_dir) {
  const std::vector<std::string> known = list_definition_genes(definitions_dir);
  const std::string fix = "; fix the file given to --outside-calls";
  OutsideCalls out;
  out.path = path;
  LineReader in(path, "--outside-calls");
  std::string_view line;
  int c_sample = -1, c_gene = -1, c_diplotype = -1, c_phenotype = -1;
  std::size_t n_columns = 0;
  std::unordered_map<std::string, long> seen;  // "sample\tgene" -> line (hashed: a biobank gives 500,000 rows)
  std::map<std::string, std::set<std::string>> phenotypes;
  std::map<std::string, long> not_called;  // gene -> rows
  long contradicting = 0, first_contradicting = 0;  // rows whose phenotype differs from their alleles' functions
  while (in.next(line)) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    const auto f = text::split(line, '\t');
    const std::string where = "--outside-calls " + path + " line " + std::to_string(in.line_number());
    if (c_sample < 0) {
      for (std::size_t i = 0; i < f.size(); ++i) {
        if (std::count(f.begin(), f.begin() + static_cast<std::ptrdiff_t>(i), f[i]))
          throw InputError(where + ": column '" + std::string(f[i]) + "' appears twice in the header" + fix);
        if (f[i] == "sample_id") c_sample = static_cast<int>(i);
        else if (f[i] == "gene") c_gene = static_cast<int>(i);
        else if (f[i] == "diplotype") c_diplotype = static_cast<int>(i);
        else if (f[i] == "phenotype") c_phenotype = static_cast<int>(i);
        else throw InputError(where + ": unknown column '" + std::string(f[i]) +
                              "'; expected the header sample_id, gene, diplotype and optionally phenotype" + fix);
      }
      if (c_sample < 0 || c_gene < 0 || c_diplotype < 0)
        throw InputError(where + ": expected a header line with the columns sample_id, gene, diplotype (and optionally "
                         "phenotype), tab-separated" + fix);
      n_columns = f.size();
      continue;
    }
    if (f.size() != n_columns)
      throw InputError(where + ": expected " + std::to_string(n_columns) + " tab-separated fields, found " +
                       std::to_string(f.size()) + fix);
    OutsideCall c;
    c.sample = std::string(f[static_cast<std::size_t>(c_sample)]);
    c.gene = std::string(f[static_cast<std::size_t>(c_gene)]);
    c.line = in.line_number();
    if (c.sample.empty()) throw InputError(where + ": empty sample_id" + fix);
    if (std::find(known.begin(), known.end(), c.gene) == known.end())
      throw InputError(where + ": unknown gene '" + c.gene + "'; the genes are " + text::join(known, ", ") + " (" +
                       definitions_dir + "/genes.tsv)" + fix);
    auto def = std::find_if(defs.begin(), defs.end(), [&](const GeneDefinition& d) { return d.gene == c.gene; });
    if (def == defs.end()) {
      ++not_called[c.gene];
      continue;
    }
    const std::string diplotype(f[static_cast<std::size_t>(c_diplotype)]);
    const auto halves = text::split(diplotype, '/');
    if (halves.size() != 2 || halves[0].empty() || halves[1].empty())
      throw InputError(where + ": diplotype '" + diplotype + "' is not two alleles written A/B (e.g. *1/*29)" + fix);
    c.allele1 = std::string(halves[0]);
    c.allele2 = std::string(halves[1]);
    for (const std::string* a : {&c.allele1, &c.allele2})
      if (!def->function_of(*a))
        throw InputError(where + ": " + c.gene + " has no allele '" + *a + "' (neither in " + definitions_dir + "/" + c.gene +
                         ".alleles.tsv nor in its structural alleles)" + fix);
    const std::string f1 = *def->function_of(c.allele1), f2 = *def->function_of(c.allele2);
    if (c_phenotype >= 0 && !f[static_cast<std::size_t>(c_phenotype)].empty() && f[static_cast<std::size_t>(c_phenotype)] != ".") {
      c.phenotype = std::string(f[static_cast<std::size_t>(c_phenotype)]);
      auto& allowed = phenotypes[c.gene];
      if (allowed.empty()) allowed = known_phenotypes(*def);
      if (!allowed.count(c.phenotype))
        throw InputError(where + ": phenotype '" + c.phenotype + "' is not one of " + c.gene + "'s (" +
                         text::join(std::vector<std::string>(allowed.begin(), allowed.end()), ", ") +
                         "); leave the column empty to take it from the allele functions" + fix);
      const std::string rule = def->phenotypes.lookup(f1, f2);
      if (!rule.empty() && rule != c.phenotype && !contradicting++) first_contradicting = c.line;
    } else {
      c.phenotype = def->phenotypes.lookup(f1, f2);
      if (c.phenotype.empty()) c.phenotype = "Indeterminate";
    }
    const auto [it, inserted] = seen.emplace(c.sample + '\t' + c.gene, c.line);
    if (!inserted)
      throw InputError(where + ": a second row for " + c.sample + " " + c.gene + " (the first is line " +
                       std::to_string(it->second) + "); give one call per sample and gene" + fix);
    out.calls.push_back(std::move(c));
  }
  if (c_sample < 0) throw InputError("--outside-calls " + path + ": no header line (sample_id, gene, diplotype [phenotype])" + fix);
  if (contradicting)
    log::warn("--outside-calls " + path + ": " + std::to_string(contradicting) + " row(s) give a phenotype other than their "
              "alleles' functions give (first: line " + std::to_string(first_contradicting) + "); the given phenotype is used");
  for (const auto& [gene, rows] : not_called)
    log::warn("--outside-calls " + path + ": " + std::to_string(rows) + " row(s) for " + gene +
              ", which this run does not call (--genes); not used");
  return out;
}

DiplotypeCall outside_diplotype_call(const OutsideCall& c, const GeneDefinition& def, const std::string& path,
                                     const DiplotypeCall& replaced) {
  DiplotypeCall out;
  out.diplotype = c.allele1 + "/" + c.allele2;
  out.allele1 = c.allele1;
  out.allele2 = c.allele2;
  out.function1 = *def.function_of(c.allele1);
  out.function2 = *def.function_of(c.allele2);
  out.phenotype = c.phenotype;
  out.call_quality = "outside";
  out.basis = CallBasis::Outside;
  // (no line number: rows alike share this call)
  out.warnings.push_back("outside call (--outside-calls " + path + ") replaces the VCF's " +
                         (replaced.diplotype.empty() ? "no call" : replaced.diplotype + " " + replaced.phenotype));
  const std::string from_functions = def.phenotypes.lookup(out.function1, out.function2);
  if (!from_functions.empty() && from_functions != c.phenotype)
    out.warnings.push_back("the outside phenotype " + c.phenotype + " differs from the allele functions' (" + from_functions + ")");
  return out;
}

}  // namespace ketapgx

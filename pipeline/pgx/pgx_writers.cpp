#include "pgx/pgx_writers.h"

#include <algorithm>
#include <map>
#include <numeric>

#include "output/format.h"
#include "util/text.h"

namespace ketapgx {
namespace {

std::string list_or_na(const std::vector<std::string>& v) { return v.empty() ? std::string(kNA) : text::join(v, ";"); }

}  // namespace

void write_pgx_tsv(std::ostream& out, const PgxResults& r) {
  out << "sample_id\tgene\tdiplotype\tallele1\tallele2\tallele1_function\tallele2_function\tphenotype\t"
         "missing_positions\talternatives\twarnings\tmetabolizer_class\tcall_quality\n";
  std::vector<std::size_t> order(r.samples.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return r.samples[a] < r.samples[b]; });
  for (std::size_t s : order) {
    for (const GeneResults& g : r.genes) {
      const DiplotypeCall& c = g.distinct[g.by_sample[s]];
      std::vector<std::string> warnings = g.position_warnings;
      warnings.insert(warnings.end(), c.warnings.begin(), c.warnings.end());
      const std::string cls = metabolizer_class(c.phenotype);
      out << r.samples[s] << '\t' << g.gene << '\t' << or_na(c.diplotype) << '\t' << or_na(c.allele1) << '\t'
          << or_na(c.allele2) << '\t' << or_na(c.function1) << '\t' << or_na(c.function2) << '\t' << c.phenotype
          << '\t' << list_or_na(c.missing_positions) << '\t' << list_or_na(c.alternatives) << '\t'
          << list_or_na(warnings) << '\t' << or_na(cls) << '\t'
          << c.call_quality << '\n';
    }
  }
}

nlohmann::ordered_json pgx_summary(const PgxResults& r, const std::vector<GeneDefinition>& defs) {
  nlohmann::ordered_json genes = nlohmann::ordered_json::object();
  for (std::size_t g = 0; g < r.genes.size(); ++g) {
    const GeneResults& gr = r.genes[g];
    std::map<std::string, std::size_t> phenotypes, diplotypes;
    std::size_t basis_count[kCallBases] = {};
    std::size_t no_call = 0;
    for (std::uint32_t i : gr.by_sample) {
      const DiplotypeCall& c = gr.distinct[i];
      ++phenotypes[c.phenotype];
      ++basis_count[static_cast<int>(c.basis)];
      if (c.diplotype.empty()) ++no_call;
      else ++diplotypes[c.diplotype];
    }
    std::vector<std::pair<std::string, std::size_t>> top(diplotypes.begin(), diplotypes.end());
    std::sort(top.begin(), top.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    if (top.size() > 20) top.resize(20);
    nlohmann::ordered_json bases = nlohmann::ordered_json::object();
    for (CallBasis b : {CallBasis::Complete, CallBasis::PartialCannotChange, CallBasis::PartialIndeterminate,
                        CallBasis::PartialReferenceAssumed, CallBasis::Outside, CallBasis::Combination, CallBasis::NoCall})
      bases[call_basis_key(b)] = basis_count[static_cast<int>(b)];
    nlohmann::ordered_json top_json = nlohmann::ordered_json::object();
    for (const auto& [d, k] : top) top_json[d] = k;
    genes[gr.gene] = {{"defining_positions", defs[g].positions.size()},
                      {"not_assessed", defs[g].not_assessed_statement().empty() ? nlohmann::ordered_json(nullptr)
                                                                               : nlohmann::ordered_json(defs[g].not_assessed_statement())},
                      {"named_alleles", defs[g].alleles.size()},
                      {"positions_not_read", gr.positions_not_read},
                      {"warnings", gr.position_warnings},
                      {"no_call", no_call},
                      {"distinct_genotype_patterns", gr.genotype_patterns},
                      {"phenotypes", phenotypes},
                      {"call_quality", bases},
                      {"most_common_diplotypes", top_json}};
  }
  return genes;
}

}  // namespace ketapgx

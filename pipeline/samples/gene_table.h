// The genes ketapgx knows by name: symbol <-> Ensembl ID, and the gene sets
// whose expression the features use (configs/genes.tsv, configs/gene_sets.tsv).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace ketapgx {

struct GeneTable {
  std::map<std::string, std::string> ensembl_to_symbol;  // unversioned ENSG -> symbol
  std::map<std::string, std::string> symbol_upper;       // upper-case symbol -> symbol
  // Resolves a symbol (any case) or an Ensembl ID (with or without ".version")
  // to the symbol; returns "" for an unknown gene.
  std::string resolve(const std::string& id) const;
};

struct GeneSet {
  std::string name;
  std::vector<std::string> genes;
};

GeneTable load_gene_table(const std::string& path);
std::vector<GeneSet> load_gene_sets(const std::string& path, const GeneTable& genes);

// Every gene of the sets, once, in the order first met.
std::vector<std::string> gene_set_genes(const std::vector<GeneSet>& sets);

}  // namespace ketapgx

// Expression matrices: TSV or GCT 1.2, genes x samples or samples x genes
// (orientation detected from the sample IDs or the gene names, or given),
// gene symbols or Ensembl IDs, counts or TPM.
#pragma once

#include <cstddef>
#include <set>
#include <unordered_set>
#include <string>
#include <string_view>
#include <vector>

#include "samples/gene_table.h"

namespace ketapgx {

enum class ExpressionLayout { Auto, GenesBySamples, SamplesByGenes };
enum class ExpressionUnits { Auto, Counts, Tpm };

ExpressionLayout parse_expression_layout(const std::string& s);  // auto|genes-by-samples|samples-by-genes
ExpressionUnits parse_expression_units(const std::string& s);    // auto|counts|tpm
const char* expression_layout_name(ExpressionLayout l);
const char* expression_units_name(ExpressionUnits u);

struct ExpressionOptions {
  ExpressionLayout layout = ExpressionLayout::Auto;
  ExpressionUnits units = ExpressionUnits::Auto;
  bool allow_missing = false;             // NA/empty values become NaN instead of an error
  std::unordered_set<std::string_view> known_samples;  // sample IDs of the other inputs (views into them), for orientation
  std::set<std::string> keep_genes;       // symbols whose values are kept; empty keeps all
  int threads = 1;                        // threads parsing values (the same matrix for any number)
};

struct ExpressionMatrix {
  std::string path;
  ExpressionLayout layout = ExpressionLayout::Auto;  // as detected or given
  ExpressionUnits units = ExpressionUnits::Auto;     // as detected or given
  std::vector<std::string> samples;
  std::vector<std::string> genes;        // symbol when known to the gene table, else the ID as written
  std::vector<char> gene_known;          // per gene: resolved through the gene table
  std::size_t n_genes_in_file = 0;       // before keep_genes
  std::vector<double> values;            // samples.size() x genes.size(), row-major; NaN = missing
  std::vector<double> library_size;      // per sample: sum over every gene of the file (for CPM)

  double at(std::size_t sample, std::size_t gene) const { return values[sample * genes.size() + gene]; }
};

// Reads and validates an expression file. Throws InputError naming the file,
// the line and column, and what to do, on anything malformed.
ExpressionMatrix read_expression(const std::string& path, const ExpressionOptions& options, const GeneTable& genes);

}  // namespace ketapgx

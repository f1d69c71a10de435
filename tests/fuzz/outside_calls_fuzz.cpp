// The outside-calls reader (--outside-calls), against the bundled definitions.
#include "fuzz_support.h"
#include "ketapgx/core/errors.h"
#include "pgx/allele_definitions.h"
#include "pgx/outside_calls.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ketapgx;
  static const std::string dir = fuzz::source_dir() + "/configs/pgx";
  static const std::vector<GeneDefinition> defs = [] {
    std::vector<GeneDefinition> d;
    for (const auto& g : list_definition_genes(dir)) d.push_back(load_gene_definition(dir, g));
    return d;
  }();
  try {
    read_outside_calls(fuzz::write_input("outside.tsv", data, size), defs, dir);
  } catch (const Error&) {
  }
  return 0;
}

// The expression reader (TSV and GCT 1.2, both orientations, counts or TPM).
#include "fuzz_support.h"
#include "ketapgx/core/errors.h"
#include "samples/expression.h"
#include "samples/gene_table.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ketapgx;
  static const GeneTable genes = load_gene_table(fuzz::source_dir() + "/configs/genes.tsv");
  const std::string path = fuzz::write_input("expression.tsv", data, size);
  for (bool allow_missing : {false, true}) {
    ExpressionOptions o;
    o.allow_missing = allow_missing;
    o.known_samples = {"S1", "S2", "SIM01", "KTP001"};
    try {
      read_expression(path, o, genes);
    } catch (const Error&) {
    }
  }
  return 0;
}

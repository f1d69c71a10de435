// The variant panel reader.
#include "fuzz_support.h"
#include "genotypes/panel.h"
#include "ketapgx/core/errors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ketapgx;
  try {
    load_panel(fuzz::write_input("panel.tsv", data, size));
  } catch (const Error&) {
  }
  return 0;
}

// The PRS weight-file reader.
#include "fuzz_support.h"
#include "ketapgx/core/errors.h"
#include "prs/weights.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ketapgx;
  try {
    read_weights(fuzz::write_input("weights.tsv", data, size));
  } catch (const Error&) {
  }
  return 0;
}

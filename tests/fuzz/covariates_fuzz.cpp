// The covariates reader.
#include "fuzz_support.h"
#include "ketapgx/core/errors.h"
#include "samples/covariates.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ketapgx;
  try {
    read_covariates(fuzz::write_input("covariates.tsv", data, size));
  } catch (const Error&) {
  }
  return 0;
}

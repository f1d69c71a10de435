// The model bundle loader: a fuzzed manifest.json beside the default bundle's
// files (weights, panel, gene sets), so that a mutation naming them verifies.
#include <filesystem>

#include "fuzz_support.h"
#include "ketapgx/core/errors.h"
#include "model/bundle.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ketapgx;
  namespace fs = std::filesystem;
  static const std::string dir = [] {
    const std::string d = fuzz::scratch_dir() + "/bundle";
    fs::remove_all(d);
    fs::copy(fuzz::source_dir() + "/models/default", d, fs::copy_options::recursive);
    return d;
  }();
  fuzz::write_input("bundle/manifest.json", data, size);
  try {
    const Bundle b = load_bundle(dir);
    (void)b;
  } catch (const Error&) {
  }
  return 0;
}

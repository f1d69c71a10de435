// `merge`'s shard readers: two shards of a small scored cohort (made by
// tests/fuzz/make_shards.sh; $KETAPGX_FUZZ_SHARDS names their directory), the
// second with one of its four files replaced by the input (its first byte
// picks which); merged outputs are removed again.
#include <filesystem>

#include "fuzz_support.h"
#include "ketapgx/core/errors.h"
#include "score/merge.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ketapgx;
  namespace fs = std::filesystem;
  static const char* kFiles[] = {".predictions.tsv", ".predictions.json", ".qc.variants.tsv", ".qc.samples.tsv"};
  static const std::string shards = [] {
    const char* env = std::getenv("KETAPGX_FUZZ_SHARDS");  // a directory with shard_a.* and shard_b.*
    if (!env || !*env) {
      std::fprintf(stderr, "merge_shard_fuzz: set KETAPGX_FUZZ_SHARDS to a directory of two scored shards (scripts/fuzz.sh does)\n");
      std::abort();
    }
    const std::string d = fuzz::scratch_dir() + "/shards";
    fs::remove_all(d);
    fs::copy(env, d, fs::copy_options::recursive);
    for (const char* f : kFiles) fs::copy_file(d + "/shard_b" + f, d + "/shard_b" + f + ".orig");
    return d;
  }();
  if (size == 0) return 0;
  const std::string target = std::string("shards/shard_b") + kFiles[data[0] % 4];
  for (const char* f : kFiles) fs::copy_file(shards + "/shard_b" + f + ".orig", shards + "/shard_b" + f, fs::copy_options::overwrite_existing);
  fuzz::write_input(target, data + 1, size - 1);
  MergeOptions o;
  o.shards = {shards + "/shard_a", shards + "/shard_b"};
  o.out = fuzz::scratch_dir() + "/merged/m";
  try {
    run_merge(o, "fuzz");
  } catch (const Error&) {
  }
  std::error_code ec;
  fs::remove_all(fuzz::scratch_dir() + "/merged", ec);
  return 0;
}

// `ketapgx merge`: gathers the outputs of `score` run on shards of one cohort
// (`score --samples shardK.txt --out PREFIX_K`) into one set of outputs, the
// predictions and QC tables byte-identical to an unsharded run's, plus one
// JSON file and one report. Refuses overlapping shards, and with
// --expect-samples, shards that leave someone out.
#pragma once

#include <string>
#include <vector>

namespace ketapgx {

struct MergeOptions {
  std::vector<std::string> shards;  // output prefixes of the shard runs
  std::string out;                  // merged prefix
  std::string expect_samples;       // optional: every sample ID that must appear in some shard
  void validate() const;
};

void run_merge(const MergeOptions& options, const std::string& command_line);

}  // namespace ketapgx

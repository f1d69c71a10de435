// `ketapgx merge` options -> MergeOptions.
#include <boost/program_options.hpp>

#include "cli/commands.h"
#include "cli/common_options.h"
#include "cli/exit_codes.h"
#include "ketapgx/core/errors.h"
#include "score/merge.h"

namespace po = boost::program_options;

namespace ketapgx::cli {

int run_merge_command(const std::vector<std::string>& args, const std::string& command_line) {
  MergeOptions o;
  CommonOptions common;
  po::options_description desc("Options");
  desc.add_options()
      ("out,o", po::value(&o.out), "merged output prefix (required)")
      ("expect-samples", po::value(&o.expect_samples), "file of every sample ID the shards must cover (one per line)")
      ("shard", po::value(&o.shards)->multitoken(), "output prefix of a shard's score run (also positional)");
  add_common_options(desc, common);
  po::positional_options_description pos;
  pos.add("shard", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(desc).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(std::string("merge: ") + e.what() + " (see 'ketapgx merge --help')");
  }
  if (common.help) {
    print_help("merge",
               "Gathers the outputs of score runs on shards of one cohort into one set of outputs (predictions and QC\n"
               "tables identical to an unsharded run). Usage: ketapgx merge --out PREFIX SHARD_PREFIX...",
               desc);
    return exit_code::kOk;
  }
  apply_logging(common);
  run_merge(o, command_line);
  return exit_code::kOk;
}

}  // namespace ketapgx::cli

// `ketapgx merge` options -> MergeOptions.
#include <boost/program_options.hpp>

#include <iostream>

#include "cli/commands.h"
#include "cli/common_options.h"
#include "cli/exit_codes.h"
#include "cli/help.h"
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
  parse_args("merge", args, desc, vm, &pos);
  if (common.help) {
    print_help(std::cout, "merge",
               {"Gathers the outputs of score runs on shards of one cohort into one set of outputs (predictions and QC\n"
                "tables identical to an unsharded run). Usage: ketapgx merge --out PREFIX SHARD_PREFIX...",
                {"PREFIX.predictions.tsv, .predictions.json, .qc.variants.tsv, .qc.samples.tsv, .report.html (and",
                 ".contributions.tsv when every shard has one): as one score run on the whole cohort writes them"},
                {"ketapgx score --vcf examples/cohort/cohort.vcf.gz --expression examples/cohort/expression.tsv --covariates examples/cohort/covariates.tsv "
                 "--samples examples/cohort/shard1.samples.txt --out shards/s1",
                 "ketapgx score --vcf examples/cohort/cohort.vcf.gz --expression examples/cohort/expression.tsv --covariates examples/cohort/covariates.tsv "
                 "--samples examples/cohort/shard2.samples.txt --out shards/s2",
                 "ketapgx merge --out results/merged shards/s1 shards/s2"}},
               desc);
    return exit_code::kOk;
  }
  apply_logging(common);
  run_merge(o, command_line);
  return exit_code::kOk;
}

}  // namespace ketapgx::cli

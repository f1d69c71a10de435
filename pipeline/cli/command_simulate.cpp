// `ketapgx simulate` options -> SimulateOptions.
#include <boost/program_options.hpp>

#include "cli/commands.h"
#include "cli/common_options.h"
#include "cli/exit_codes.h"
#include "simulate/simulate.h"

namespace po = boost::program_options;

namespace ketapgx::cli {

int run_simulate_command(const std::vector<std::string>& args, const std::string& command_line) {
  SimulateOptions o;
  CommonOptions common;
  po::options_description desc("Options");
  desc.add_options()
      ("samples,n", po::value(&o.samples), "number of people (required)")
      ("seed", po::value(&o.seed)->default_value(1), "random seed: the same seed gives the same files")
      ("out,o", po::value(&o.out), "output folder (required)");
  add_common_options(desc, common);
  po::variables_map vm;
  parse_args("simulate", args, desc, vm);
  if (common.help) {
    print_help("simulate",
               "A synthetic ketamine trial cohort from a documented generative model (docs/simulation.md): VCF.gz +\n"
               "index, expression, covariates, outcomes, and each person's true response probability.",
               desc);
    return exit_code::kOk;
  }
  apply_logging(common);
  run_simulate(o, command_line);
  return exit_code::kOk;
}

}  // namespace ketapgx::cli

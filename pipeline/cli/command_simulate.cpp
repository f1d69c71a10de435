// `ketapgx simulate` options -> SimulateOptions.
#include <boost/program_options.hpp>

#include <iostream>

#include <limits>

#include "cli/commands.h"
#include "cli/common_options.h"
#include "cli/exit_codes.h"
#include "cli/help.h"
#include "cli/number_options.h"
#include "ketapgx/core/errors.h"
#include "simulate/simulate.h"

namespace po = boost::program_options;

namespace ketapgx::cli {

int run_simulate_command(const std::vector<std::string>& args, const std::string& command_line) {
  SimulateOptions o;
  CommonOptions common;
  po::options_description desc("Options");
  desc.add_options()
      ("people,n", whole_number(&o.samples, "people", 1, kMaxSimulatedPeople), "number of people, 1 to 10,000,000 (required)")
      ("seed", whole_number(&o.seed, "seed", 0, std::numeric_limits<std::int64_t>::max())->default_value("1"),
       "random seed: the same seed gives the same files")
      ("out,o", po::value(&o.out), "output folder (required)")
      ("response-rate", decimal_number(&o.response_rate, "response-rate", 0.01, 0.99),
       "target overall response rate, 0.01-0.99 (default: 0.55; trials report 0.5-0.7)")
      ("pgs", po::value(&o.pgs),
       "plant a published score: a PGS Catalog scoring file (GRCh38 positions) whose variants are written into the VCF (effect "
       "allele as ALT, frequencies drawn per variant) and whose standardised score moves each person's response logit by "
       "--pgs-effect (for testing that training finds it)")
      ("pgs-effect", decimal_number(&o.pgs_effect, "pgs-effect", -5, 5)->default_value("0"),
       "with --pgs: the response log-odds per standard deviation of the planted score")
      ("expression-batch-shift", decimal_number(&o.expression_batch_shift, "expression-batch-shift", -10, 10)->default_value("0"),
       "measure expression in another batch: gene g's level shifted by S x u_g log2 units, u_g ~ N(0,1) per gene "
       "(same people and outcomes as without it)");
  add_common_options(desc, common);
  // The SPEC names the count --samples; in every other command --samples is a
  // file of sample IDs, so --people (-n) is the name the help leads with.
  decltype(o.samples) spec_count = 0;
  desc.add_options()("samples", whole_number(&spec_count, "samples", 1, kMaxSimulatedPeople),
                     "the same as --people (the SPEC's name; in the other commands --samples is a file of sample IDs)");
  po::variables_map vm;
  parse_args("simulate", args, desc, vm);
  if (common.help) {
    print_help(std::cout, "simulate",
               {"A synthetic ketamine trial cohort from a documented generative model (docs/simulation.md): VCF.gz +\n"
                "index, expression, covariates, outcomes, and each person's true response probability.",
                {"OUT/cohort.vcf.gz (+ .tbi)  genotypes of the panel's variants and star-allele positions (GRCh38)",
                 "OUT/expression.tsv          expression counts, genes in rows",
                 "OUT/covariates.tsv          age, sex, weight_kg, baseline_madrs",
                 "OUT/outcomes.tsv            responder (0/1) and metabolizer_class",
                 "OUT/truth.tsv               each person's true response probability and metabolizer class",
                 "OUT/simulation.json         the settings and the generative model's version"},
                {"ketapgx simulate --people 200 --seed 7 --out sim/",
                 "ketapgx simulate -n 100 --response-rate 0.7 --expression-batch-shift 1 --out sim_batch/"}},
               desc);
    return exit_code::kOk;
  }
  if (vm.count("samples")) {
    if (vm.count("people")) throw UsageError("simulate: give the number of people once: --people (-n) or --samples");
    o.samples = spec_count;
  }
  apply_logging(common);
  run_simulate(o, command_line);
  return exit_code::kOk;
}

}  // namespace ketapgx::cli

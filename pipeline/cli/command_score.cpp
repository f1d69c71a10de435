// `ketapgx score` options -> ScoreOptions.
#include <boost/program_options.hpp>

#include "cli/commands.h"
#include "cli/common_options.h"
#include "cli/exit_codes.h"
#include "cli/input_options.h"
#include "score/score.h"

namespace po = boost::program_options;

namespace ketapgx::cli {

int run_score_command(const std::vector<std::string>& args, const std::string& command_line) {
  ScoreOptions o;
  CommonOptions common;
  FeaturesOptions& in = o.inputs;
  po::options_description desc("Inputs");
  add_genotype_options(desc, in.genotypes, {/*build=*/true, /*dosages=*/true});
  add_sample_input_options(desc, in.sample_inputs);
  add_feature_definition_options(desc, in.definitions, DefinitionDefaults::ModelBundle);
  desc.add_options()
      ("model", po::value(&o.model), "model bundle directory (default: the bundled models/default)")
      ("expression-standardize", po::value(&o.expression_standardize)->default_value("bundle"),
       "bundle: z-scores against the model's training statistics; cohort: against this cohort's own (every sample of "
       "--expression; for another lab's or platform's batch, at least 30 people)")
      ("demo", po::bool_switch(&o.demo), "score the bundled example cohort with the default model");
  add_star_allele_options(desc, in.pgx, StarAlleleOptionNames::Pipeline);
  add_pgs_options(desc, in.pgs, /*as_features=*/true);
  po::options_description rules("Dose rules and output");
  rules.add_options()
      ("route", po::value(&o.route)->default_value("iv_racemic"), "dose route: iv_racemic or esketamine_nasal")
      ("dose-rules", po::value(&o.dose_rules), "dose-rule YAML (default: configs/dosing.yaml)")
      ("out,o", po::value(&o.out), "output prefix (required unless --demo, which defaults to ketapgx-demo)")
      ("contributions", po::bool_switch(&o.contributions),
       "also write PREFIX.contributions.tsv: every feature's contribution to each person's logit (they sum to logit - baseline_logit)");
  add_compute_options(rules, in.compute);
  add_common_options(rules, common);
  po::options_description all;
  all.add(desc).add(rules);
  po::variables_map vm;
  parse_args("score", args, all, vm);
  if (common.help) {
    print_help("score",
               "The main job: predictions (p_responder with an interval, metabolizer class, the features that moved it),\n"
               "star-allele calls, research dose suggestions with the rules that fired, QC tables and an HTML report.\n"
               "For research use only.",
               all);
    return exit_code::kOk;
  }
  apply_logging(common);
  run_score(o, command_line);
  return exit_code::kOk;
}

}  // namespace ketapgx::cli

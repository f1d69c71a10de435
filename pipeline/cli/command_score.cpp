// `ketapgx score` options -> ScoreOptions.
#include <boost/program_options.hpp>

#include <iostream>

#include "cli/commands.h"
#include "cli/common_options.h"
#include "cli/exit_codes.h"
#include "cli/help.h"
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
    print_help(std::cout, "score",
               {"The main job: predictions (p_responder with an interval, metabolizer class, the features that moved it),\n"
                "star-allele calls, research dose suggestions with the rules that fired, QC tables and an HTML report.\n"
                "For research use only: not a clinical decision tool.",
                {"PREFIX.predictions.tsv     one row per person: p_responder and its interval, metabolizer class, star-allele",
                 "                           calls, the research dose suggestion with its rules and notes, flags",
                 "PREFIX.predictions.json    the same with explanations and the run's provenance",
                 "PREFIX.qc.variants.tsv     per-variant QC of the panel (as 'ketapgx qc' writes it)",
                 "PREFIX.qc.samples.tsv      per-sample QC: call rate, heterozygosity, which inputs each person is in",
                 "PREFIX.report.html         one self-contained page to open in a browser",
                 "PREFIX.contributions.tsv   with --contributions: every feature's contribution to each person's logit"},
                {"ketapgx score --demo",
                 "ketapgx score --vcf examples/cohort/cohort.vcf.gz --expression examples/cohort/expression.tsv --covariates examples/cohort/covariates.tsv --out results/cohort",
                 "ketapgx score --vcf examples/cohort/cohort.vcf.gz --covariates examples/cohort/covariates.tsv --route esketamine_nasal --out results/no_expression"}},
               all);
    return exit_code::kOk;
  }
  apply_logging(common);
  run_score(o, command_line);
  return exit_code::kOk;
}

}  // namespace ketapgx::cli

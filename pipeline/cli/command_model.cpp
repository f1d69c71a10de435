// `ketapgx train` and `ketapgx evaluate` options.
#include <boost/program_options.hpp>

#include <iostream>
#include <limits>

#include "cli/commands.h"
#include "cli/common_options.h"
#include "cli/exit_codes.h"
#include "cli/help.h"
#include "cli/number_options.h"
#include "cli/input_options.h"
#include "ketapgx/core/errors.h"
#include "model/model_commands.h"
#include "output/format.h"

namespace po = boost::program_options;

namespace ketapgx::cli {
namespace {

// The feature inputs train and evaluate share with `features` and `score`.
void add_feature_inputs(po::options_description& d, FeaturesOptions& o, DefinitionDefaults defaults) {
  add_genotype_options(d, o.genotypes, {/*build=*/true, /*dosages=*/true});
  add_sample_input_options(d, o.sample_inputs);
  add_feature_definition_options(d, o.definitions, defaults);
  add_star_allele_options(d, o.pgx, StarAlleleOptionNames::Pipeline);
  add_pgs_options(d, o.pgs, /*as_features=*/true);
  add_compute_options(d, o.compute);
}

}  // namespace

int run_train_command(const std::vector<std::string>& args, const std::string& command_line) {
  TrainOptions o;
  CommonOptions common;
  models::TrainConfig flags;
  po::options_description desc("Options");
  add_feature_inputs(desc, o.inputs, DefinitionDefaults::Bundled);
  desc.add_options()
      ("outcomes", po::value(&o.outcomes),
       "outcomes TSV with a header: sample_id, then responder (0/1 or yes/no; NA unknown) and/or metabolizer_class (PM, IM, NM, "
       "RM, UM; NA unknown) (required)")
      ("out,o", po::value(&o.out), "bundle directory to create, with or without a trailing '/' (required; absent or empty: "
                                   "the bundle is built beside it and renamed into place when complete)")
      ("config", po::value(&o.config), "YAML training settings (the flags below override it)")
      ("simulated", po::bool_switch(&o.simulated), "mark the bundle as trained on simulated data");
  // Each training setting is a YAML key and a flag of the same name ('_' -> '-').
  // Defaults are TrainConfig's, written from it so help and code cannot disagree.
  const models::TrainConfig defaults;
  auto dflt = [](auto v) { return " (default: " + format_double(static_cast<double>(v), 6) + ")"; };
  std::string calibration, class_weight;
  po::options_description settings("Training settings (each also a --config key: '-' -> '_')");
  settings.add_options()
      ("seed", whole_number(&flags.seed, "seed", 0, std::numeric_limits<std::int64_t>::max()),
       ("random seed: same seed, same weights on CPU" + dflt(defaults.seed)).c_str())
      ("folds", whole_number(&flags.folds, "folds", 2, 100), ("cross-validation folds, 2-100" + dflt(defaults.folds)).c_str())
      ("max-epochs", whole_number(&flags.max_epochs, "max-epochs", 1, 1000000),
       ("most epochs per fold, 1-1000000" + dflt(defaults.max_epochs)).c_str())
      ("patience", whole_number(&flags.patience, "patience", 1, 1000000),
       ("early-stopping patience in epochs, 1-1000000" + dflt(defaults.patience)).c_str())
      ("hidden", whole_number(&flags.hidden, "hidden", 1, 4096), ("units per hidden layer, 1-4096" + dflt(defaults.hidden)).c_str())
      ("batch-size", whole_number(&flags.batch_size, "batch-size", 1, 1000000),
       ("minibatch size, 1-1000000" + dflt(defaults.batch_size)).c_str())
      ("learning-rate", decimal_number(&flags.learning_rate, "learning-rate", 1e-12, 10),
       ("Adam learning rate, 1e-12 to 10" + dflt(defaults.learning_rate)).c_str())
      ("weight-decay", decimal_number(&flags.weight_decay, "weight-decay", 0, 10),
       ("Adam weight decay, 0-10" + dflt(defaults.weight_decay)).c_str())
      ("dropout", decimal_number(&flags.dropout, "dropout", 0, 0.99), ("dropout rate in the trunk, 0-0.99" + dflt(defaults.dropout)).c_str())
      ("calibration", po::value(&calibration), ("probability calibration on out-of-fold predictions: platt or temperature (default: " +
                                                defaults.calibration + ")").c_str())
      ("responder-class-weight", po::value(&class_weight),
       (std::string("weight responders and non-responders equally in the loss: yes or no (default: ") +
        (defaults.responder_class_weight ? "yes" : "no") + ")").c_str());
  add_common_options(desc, common);
  po::options_description all;
  all.add(desc).add(settings);
  po::variables_map vm;
  parse_args("train", args, all, vm);
  if (common.help) {
    print_help(std::cout, "train",
               {"Trains the multi-task model (k-fold CV, early stopping, calibration) and writes a model bundle.",
                {"OUT/manifest.json   the model's id, inputs, settings, cross-validated metrics and every file's SHA-256",
                 "OUT/MODEL_CARD.md   what it was trained on, how well it did (by subgroup), its limits",
                 "OUT/*.pt, panel.tsv, gene_sets.tsv, calibration and decision-curve SVGs"},
                {"ketapgx train --vcf examples/cohort/cohort.vcf.gz --expression examples/cohort/expression.tsv --covariates examples/cohort/covariates.tsv --outcomes examples/cohort/outcomes.tsv --folds 3 --max-epochs 60 --out bundle/"}},
               all);
    return exit_code::kOk;
  }
  apply_logging(common);
  if (!o.config.empty()) apply_train_config_file(o.config, o.train);
  if (vm.count("seed")) o.train.seed = flags.seed;
  if (vm.count("folds")) o.train.folds = flags.folds;
  if (vm.count("max-epochs")) o.train.max_epochs = flags.max_epochs;
  if (vm.count("patience")) o.train.patience = flags.patience;
  if (vm.count("hidden")) o.train.hidden = flags.hidden;
  if (vm.count("batch-size")) o.train.batch_size = flags.batch_size;
  if (vm.count("learning-rate")) o.train.learning_rate = flags.learning_rate;
  if (vm.count("weight-decay")) o.train.weight_decay = flags.weight_decay;
  if (vm.count("dropout")) o.train.dropout = flags.dropout;
  if (vm.count("calibration")) {
    if (calibration != "platt" && calibration != "temperature")
      throw UsageError("train: --calibration must be platt or temperature, got '" + calibration + "'");
    o.train.calibration = calibration;
  }
  if (vm.count("responder-class-weight")) {
    if (class_weight != "yes" && class_weight != "no" && class_weight != "true" && class_weight != "false")
      throw UsageError("train: --responder-class-weight must be yes or no, got '" + class_weight + "'");
    o.train.responder_class_weight = class_weight == "yes" || class_weight == "true";
  }
  run_train(o, command_line);
  return exit_code::kOk;
}

int run_evaluate_command(const std::vector<std::string>& args, const std::string& command_line) {
  EvaluateOptions o;
  CommonOptions common;
  po::options_description desc("Options");
  add_feature_inputs(desc, o.inputs, DefinitionDefaults::ModelBundle);
  desc.add_options()
      ("model", po::value(&o.model), "model bundle directory (required)")
      ("outcomes", po::value(&o.outcomes),
       "outcomes TSV with a header: sample_id, then responder (0/1 or yes/no; NA unknown) and/or metabolizer_class (PM, IM, NM, "
       "RM, UM; NA unknown); the people with outcomes are evaluated (required)")
      ("expression-standardize", po::value(&o.expression_standardize)->default_value("bundle"),
       "bundle: z-scores against the model's training statistics; cohort: against this cohort's own (see score --help)")
      ("route", po::value(&o.route)->default_value("iv_racemic"), "dose route of the dose columns, as score's: iv_racemic or esketamine_nasal")
      ("dose-rules", po::value(&o.dose_rules), "dose-rule YAML (default: configs/dosing.yaml)")
      ("out,o", po::value(&o.out),
       "output prefix: PREFIX.metrics.json, PREFIX.metrics.txt, PREFIX.predictions.tsv, PREFIX.calibration.svg (required)");
  add_common_options(desc, common);
  po::variables_map vm;
  parse_args("evaluate", args, desc, vm);
  if (common.help) {
    print_help(std::cout, "evaluate",
               {"Metrics of a model bundle on labelled data, with bootstrap 95% intervals and a reliability table.",
                {"PREFIX.metrics.json       every metric with its 95% interval, by subgroup",
                 "PREFIX.metrics.txt        the same for reading",
                 "PREFIX.predictions.tsv    one row per labelled person: score's PREFIX.predictions.tsv columns, then",
                 "                          observed_responder and observed_metabolizer_class (NA where not known)",
                 "PREFIX.calibration.svg, PREFIX.decision_curve.svg"},
                {"ketapgx evaluate --model models/default --vcf examples/cohort/cohort.vcf.gz --expression examples/cohort/expression.tsv --covariates examples/cohort/covariates.tsv --outcomes examples/cohort/outcomes.tsv --out eval/cohort"}},
               desc);
    return exit_code::kOk;
  }
  apply_logging(common);
  run_evaluate(o, command_line);
  return exit_code::kOk;
}

}  // namespace ketapgx::cli

// `ketapgx train` and `ketapgx evaluate` options.
#include <boost/program_options.hpp>

#include <limits>

#include "cli/commands.h"
#include "cli/common_options.h"
#include "cli/exit_codes.h"
#include "cli/number_options.h"
#include "cli/input_options.h"
#include "model/model_commands.h"

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
      ("outcomes", po::value(&o.outcomes), "outcomes TSV: sample_id, responder (0/1), metabolizer_class (required)")
      ("out,o", po::value(&o.out), "bundle directory to create (required; must not exist)")
      ("config", po::value(&o.config), "YAML training settings (the flags below override it)")
      ("simulated", po::bool_switch(&o.simulated), "mark the bundle as trained on simulated data");
  // Each training setting is a YAML key and a flag of the same name ('_' -> '-').
  po::options_description settings("Training settings (default in brackets)");
  settings.add_options()
      ("seed", whole_number(&flags.seed, "seed", 0, std::numeric_limits<std::int64_t>::max()), "random seed [1]: same seed, same weights on CPU")
      ("folds", whole_number(&flags.folds, "folds", 2, 100), "cross-validation folds, 2-100 [5]")
      ("max-epochs", whole_number(&flags.max_epochs, "max-epochs", 1, 1000000), "most epochs per fold, 1-1000000 [300]")
      ("patience", whole_number(&flags.patience, "patience", 1, 1000000), "early-stopping patience in epochs, 1-1000000 [50]")
      ("hidden", whole_number(&flags.hidden, "hidden", 1, 4096), "units per hidden layer, 1-4096 [32]")
      ("batch-size", whole_number(&flags.batch_size, "batch-size", 1, 1000000), "minibatch size, 1-1000000 [64]")
      ("learning-rate", decimal_number(&flags.learning_rate, "learning-rate", 1e-12, 10), "Adam learning rate, 1e-12 to 10 [0.001]")
      ("weight-decay", decimal_number(&flags.weight_decay, "weight-decay", 0, 10), "Adam weight decay, 0-10 [0.001]")
      ("dropout", decimal_number(&flags.dropout, "dropout", 0, 0.99), "dropout rate in the trunk, 0-0.99 [0.2]");
  add_common_options(desc, common);
  po::options_description all;
  all.add(desc).add(settings);
  po::variables_map vm;
  parse_args("train", args, all, vm);
  if (common.help) {
    print_help("train", "Trains the multi-task model (k-fold CV, early stopping, calibration) and writes a model bundle.", all);
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
      ("outcomes", po::value(&o.outcomes), "outcomes TSV (required)")
      ("expression-standardize", po::value(&o.expression_standardize)->default_value("bundle"),
       "bundle: z-scores against the model's training statistics; cohort: against this cohort's own (see score --help)")
      ("out,o", po::value(&o.out),
       "output prefix: PREFIX.metrics.json, PREFIX.metrics.txt, PREFIX.predictions.tsv, PREFIX.calibration.svg (required)");
  add_common_options(desc, common);
  po::variables_map vm;
  parse_args("evaluate", args, desc, vm);
  if (common.help) {
    print_help("evaluate", "Metrics of a model bundle on labelled data, with bootstrap 95% intervals and a reliability table.", desc);
    return exit_code::kOk;
  }
  apply_logging(common);
  run_evaluate(o, command_line);
  return exit_code::kOk;
}

}  // namespace ketapgx::cli

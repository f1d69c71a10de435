// `ketapgx train` and `ketapgx evaluate` options.
#include <boost/program_options.hpp>

#include "cli/commands.h"
#include "cli/common_options.h"
#include "cli/exit_codes.h"
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
      ("seed", po::value(&flags.seed), "random seed [1]: same seed, same weights on CPU")
      ("folds", po::value(&flags.folds), "cross-validation folds [5]")
      ("max-epochs", po::value(&flags.max_epochs), "most epochs per fold [300]")
      ("patience", po::value(&flags.patience), "early-stopping patience in epochs [50]")
      ("hidden", po::value(&flags.hidden), "units per hidden layer [32]")
      ("batch-size", po::value(&flags.batch_size), "minibatch size [64]")
      ("learning-rate", po::value(&flags.learning_rate), "Adam learning rate [0.001]")
      ("weight-decay", po::value(&flags.weight_decay), "Adam weight decay [0.001]")
      ("dropout", po::value(&flags.dropout), "dropout rate in the trunk [0.2]");
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

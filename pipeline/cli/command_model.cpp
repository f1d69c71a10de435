// `ketapgx train` and `ketapgx evaluate` options.
#include <boost/program_options.hpp>

#include "cli/commands.h"
#include "cli/common_options.h"
#include "cli/exit_codes.h"
#include "model/model_commands.h"

namespace po = boost::program_options;

namespace ketapgx::cli {
namespace {

// The feature inputs train and evaluate share with `features`.
void add_feature_inputs(po::options_description& d, FeaturesOptions& o) {
  d.add_options()
      ("vcf", po::value(&o.vcf), "genotypes: VCF, VCF.gz or BCF (required)")
      ("expression", po::value(&o.expression), "expression matrix: TSV or GCT 1.2")
      ("expression-layout", po::value(&o.expression_layout)->default_value("auto"), "auto, genes-by-samples or samples-by-genes")
      ("expression-units", po::value(&o.expression_units)->default_value("auto"), "auto, counts or tpm")
      ("allow-missing-expression", po::bool_switch(&o.allow_missing_expression), "accept NA/empty expression values")
      ("covariates", po::value(&o.covariates), "covariates TSV")
      ("panel", po::value(&o.panel), "variant panel TSV (default: the bundled panel of the build)")
      ("gene-sets", po::value(&o.gene_sets), "gene-set TSV (default: configs/gene_sets.tsv)")
      ("build", po::value(&o.build)->default_value("auto"), "genome build: auto, GRCh37 or GRCh38")
      ("samples", po::value(&o.samples), "file of sample IDs to keep")
      ("backend", po::value(&o.backend)->default_value("auto"), "feature engine: auto, cpu or cuda");
}

}  // namespace

int run_train_command(const std::vector<std::string>& args, const std::string& command_line) {
  TrainOptions o;
  CommonOptions common;
  models::TrainConfig flags;
  po::options_description desc("Options");
  add_feature_inputs(desc, o.inputs);
  desc.add_options()
      ("outcomes", po::value(&o.outcomes), "outcomes TSV: sample_id, responder (0/1), metabolizer_class (required)")
      ("out,o", po::value(&o.out), "bundle directory to create (required; must not exist)")
      ("config", po::value(&o.config), "YAML training settings (flags below override it)")
      ("seed", po::value(&flags.seed), "random seed (default 1): same seed, same weights on CPU")
      ("folds", po::value(&flags.folds), "cross-validation folds (default 5)")
      ("max-epochs", po::value(&flags.max_epochs), "most epochs per fold (default 300)")
      ("patience", po::value(&flags.patience), "early-stopping patience in epochs (default 50)")
      ("hidden", po::value(&flags.hidden), "units per hidden layer (default 32)")
      ("learning-rate", po::value(&flags.learning_rate), "Adam learning rate (default 0.001)")
      ("simulated", po::bool_switch(&o.simulated), "mark the bundle as trained on simulated data");
  add_common_options(desc, common);
  po::variables_map vm;
  parse_args("train", args, desc, vm);
  if (common.help) {
    print_help("train", "Trains the multi-task model (k-fold CV, early stopping, calibration) and writes a model bundle.", desc);
    return exit_code::kOk;
  }
  apply_logging(common);
  o.inputs.threads = common.threads;
  if (!o.config.empty()) apply_train_config_file(o.config, o.train);
  if (vm.count("seed")) o.train.seed = flags.seed;
  if (vm.count("folds")) o.train.folds = flags.folds;
  if (vm.count("max-epochs")) o.train.max_epochs = flags.max_epochs;
  if (vm.count("patience")) o.train.patience = flags.patience;
  if (vm.count("hidden")) o.train.hidden = flags.hidden;
  if (vm.count("learning-rate")) o.train.learning_rate = flags.learning_rate;
  o.inputs.out = o.out;
  run_train(o, command_line);
  return exit_code::kOk;
}

int run_evaluate_command(const std::vector<std::string>& args, const std::string& command_line) {
  EvaluateOptions o;
  CommonOptions common;
  po::options_description desc("Options");
  add_feature_inputs(desc, o.inputs);
  desc.add_options()
      ("model", po::value(&o.model), "model bundle directory (required)")
      ("outcomes", po::value(&o.outcomes), "outcomes TSV (required)")
      ("out,o", po::value(&o.out), "output prefix: PREFIX.metrics.json and PREFIX.metrics.txt (required)");
  add_common_options(desc, common);
  po::variables_map vm;
  parse_args("evaluate", args, desc, vm);
  if (common.help) {
    print_help("evaluate", "Metrics of a model bundle on labelled data, with bootstrap 95% intervals.", desc);
    return exit_code::kOk;
  }
  apply_logging(common);
  o.inputs.threads = common.threads;
  o.inputs.out = o.out;
  run_evaluate(o, command_line);
  return exit_code::kOk;
}

}  // namespace ketapgx::cli

// `ketapgx features` options -> FeaturesOptions.
#include <boost/program_options.hpp>

#include <iostream>

#include "cli/commands.h"
#include "cli/common_options.h"
#include "cli/exit_codes.h"
#include "cli/help.h"
#include "cli/input_options.h"
#include "features/features.h"

namespace po = boost::program_options;

namespace ketapgx::cli {

int run_features_command(const std::vector<std::string>& args, const std::string& command_line) {
  FeaturesOptions o;
  CommonOptions common;
  po::options_description desc("Options");
  add_genotype_options(desc, o.genotypes, {/*build=*/true, /*dosages=*/true});
  add_sample_input_options(desc, o.sample_inputs);
  add_feature_definition_options(desc, o.definitions, DefinitionDefaults::Bundled);
  desc.add_options()
      ("out,o", po::value(&o.out), "output prefix: writes PREFIX.features.tsv and PREFIX.features.json (required)")
      ("no-metabolizer", po::bool_switch(&o.no_metabolizer), "leave out the star-allele metabolizer features");
  add_star_allele_options(desc, o.pgx, StarAlleleOptionNames::Pipeline);
  add_pgs_options(desc, o.pgs, /*as_features=*/true);
  add_compute_options(desc, o.compute);
  add_common_options(desc, common);
  po::variables_map vm;
  parse_args("features", args, desc, vm);
  if (common.help) {
    print_help(std::cout, "features",
               {"The feature matrix the model sees: response-variant dosages, per-gene and per-gene-set burdens,\n"
                "metabolizer phenotypes, expression z-scores and gene-set scores, covariates (one row per sample).",
                {"PREFIX.features.tsv   one row per sample, one column per feature (NA where a value is missing)",
                 "PREFIX.features.json  the feature names, the panel and gene sets used, the expression scale and statistics"},
                {"ketapgx features --vcf examples/cohort/cohort.vcf.gz --expression examples/cohort/expression.tsv --covariates examples/cohort/covariates.tsv --out features/cohort",
                 "ketapgx features --vcf examples/cohort/cohort.vcf.gz --no-metabolizer --out features/genotypes_only"}},
               desc);
    return exit_code::kOk;
  }
  apply_logging(common);
  run_features(o, command_line);
  return exit_code::kOk;
}

}  // namespace ketapgx::cli

// `ketapgx features` options -> FeaturesOptions.
#include <boost/program_options.hpp>

#include "cli/commands.h"
#include "cli/common_options.h"
#include "cli/exit_codes.h"
#include "features/features.h"

namespace po = boost::program_options;

namespace ketapgx::cli {

int run_features_command(const std::vector<std::string>& args, const std::string& command_line) {
  FeaturesOptions o;
  CommonOptions common;
  po::options_description desc("Options");
  desc.add_options()
      ("vcf", po::value(&o.vcf), "genotypes: VCF, VCF.gz (bgzip) or BCF; '-' reads stdin (required)")
      ("out,o", po::value(&o.out), "output prefix: writes PREFIX.features.tsv and PREFIX.features.json (required)")
      ("panel", po::value(&o.panel), "variant panel TSV (default: the bundled panel of the build)")
      ("build", po::value(&o.build)->default_value("auto"), "genome build: auto, GRCh37 or GRCh38")
      ("gene-sets", po::value(&o.gene_sets), "gene-set TSV (default: configs/gene_sets.tsv)")
      ("expression", po::value(&o.expression), "expression matrix: TSV or GCT 1.2, either orientation")
      ("expression-layout", po::value(&o.expression_layout)->default_value("auto"), "auto, genes-by-samples or samples-by-genes")
      ("expression-units", po::value(&o.expression_units)->default_value("auto"), "auto (integers = counts), counts or tpm")
      ("allow-missing-expression", po::bool_switch(&o.allow_missing_expression), "accept NA/empty expression values")
      ("covariates", po::value(&o.covariates), "covariates TSV: sample_id and any of age, sex, weight_kg, baseline_madrs")
      ("samples", po::value(&o.samples), "file of sample IDs to keep (one per line)")
      ("force-samples", po::bool_switch(&o.force_samples), "skip --samples IDs that are not in the VCF instead of failing")
      ("no-metabolizer", po::bool_switch(&o.no_metabolizer), "leave out the star-allele metabolizer features")
      ("backend", po::value(&o.backend)->default_value("auto"), "feature engine: auto, cpu or cuda")
      ("block-mb", po::value(&o.block_mb)->default_value(64), "genotype block size in MiB (bounds memory)");
  add_common_options(desc, common);
  po::variables_map vm;
  parse_args("features", args, desc, vm);
  if (common.help) {
    print_help("features",
               "The feature matrix the model sees: response-variant dosages, per-gene and per-gene-set burdens,\n"
               "metabolizer phenotypes, expression z-scores and gene-set scores, covariates (one row per sample).",
               desc);
    return exit_code::kOk;
  }
  apply_logging(common);
  o.threads = common.threads;
  run_features(o, command_line);
  return exit_code::kOk;
}

}  // namespace ketapgx::cli

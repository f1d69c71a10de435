// `ketapgx score` options -> ScoreOptions.
#include <boost/program_options.hpp>

#include "cli/commands.h"
#include "cli/common_options.h"
#include "cli/exit_codes.h"
#include "score/score.h"

namespace po = boost::program_options;

namespace ketapgx::cli {

int run_score_command(const std::vector<std::string>& args, const std::string& command_line) {
  ScoreOptions o;
  CommonOptions common;
  FeaturesOptions& in = o.inputs;
  po::options_description desc("Options");
  desc.add_options()
      ("vcf", po::value(&in.vcf), "genotypes: VCF, VCF.gz or BCF; '-' reads stdin (required unless --demo)")
      ("expression", po::value(&in.expression), "expression matrix: TSV or GCT 1.2 (as the model was trained with)")
      ("expression-layout", po::value(&in.expression_layout)->default_value("auto"), "auto, genes-by-samples or samples-by-genes")
      ("expression-units", po::value(&in.expression_units)->default_value("auto"), "auto, counts or tpm")
      ("allow-missing-expression", po::bool_switch(&in.allow_missing_expression), "accept NA/empty expression values")
      ("covariates", po::value(&in.covariates), "covariates TSV: sample_id, age, sex, weight_kg, baseline_madrs")
      ("samples", po::value(&in.samples), "file of sample IDs to keep")
      ("force-samples", po::bool_switch(&in.force_samples), "skip --samples IDs that are not in the VCF")
      ("build", po::value(&in.build)->default_value("auto"), "genome build: auto, GRCh37 or GRCh38")
      ("model", po::value(&o.model), "model bundle directory (default: the bundled models/default)")
      ("route", po::value(&o.route)->default_value("iv_racemic"), "dose route: iv_racemic or esketamine_nasal")
      ("dose-rules", po::value(&o.dose_rules), "dose-rule YAML (default: configs/dosing.yaml)")
      ("out,o", po::value(&o.out), "output prefix (required unless --demo, which defaults to ketapgx-demo)")
      ("demo", po::bool_switch(&o.demo), "score the bundled example cohort with the default model")
      ("backend", po::value(&in.backend)->default_value("auto"), "feature engine: auto, cpu or cuda")
      ("block-mb", po::value(&in.block_mb)->default_value(64), "genotype block size in MiB (bounds memory)");
  add_common_options(desc, common);
  po::variables_map vm;
  parse_args("score", args, desc, vm);
  if (common.help) {
    print_help("score",
               "The main job: predictions (p_responder with an interval, metabolizer class), star-allele calls, research\n"
               "dose suggestions with the rules that fired, QC tables and an HTML report. For research use only.",
               desc);
    return exit_code::kOk;
  }
  apply_logging(common);
  in.threads = common.threads;
  in.out = o.out;
  run_score(o, command_line);
  return exit_code::kOk;
}

}  // namespace ketapgx::cli

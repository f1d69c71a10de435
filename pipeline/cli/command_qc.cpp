// `ketapgx qc` options -> QcOptions.
#include <boost/program_options.hpp>

#include "cli/commands.h"
#include "cli/common_options.h"
#include "cli/exit_codes.h"
#include "qc/qc.h"

namespace po = boost::program_options;

namespace ketapgx::cli {

int run_qc_command(const std::vector<std::string>& args, const std::string& command_line) {
  QcOptions o;
  CommonOptions common;
  po::options_description inputs("Inputs");
  inputs.add_options()
      ("vcf", po::value(&o.vcf), "genotypes: VCF, VCF.gz (bgzip) or BCF; '-' reads stdin (required)")
      ("panel", po::value(&o.panel), "variant panel TSV (default: the bundled panel of the detected build)")
      ("build", po::value(&o.build)->default_value("auto"), "genome build: auto (from ##contig lengths), GRCh37 or GRCh38")
      ("expression", po::value(&o.expression), "expression matrix: TSV or GCT 1.2, either orientation")
      ("expression-layout", po::value(&o.expression_layout)->default_value("auto"), "auto, genes-by-samples or samples-by-genes")
      ("expression-units", po::value(&o.expression_units)->default_value("auto"), "auto (integers = counts), counts or tpm")
      ("allow-missing-expression", po::bool_switch(&o.allow_missing_expression), "accept NA/empty expression values (reported per sample)")
      ("covariates", po::value(&o.covariates), "covariates TSV: sample_id and any of age, sex, weight_kg, baseline_madrs")
      ("gene-sets", po::value(&o.gene_sets), "gene-set TSV whose genes expression is checked for (default: configs/gene_sets.tsv)")
      ("samples", po::value(&o.samples), "file of sample IDs to keep (one per line)")
      ("force-samples", po::bool_switch(&o.force_samples), "skip --samples IDs that are not in the VCF instead of failing")
      ("all-variants", po::bool_switch(&o.all_variants), "report every VCF record (each ALT allele) instead of the panel")
      ("dosages", po::bool_switch(&o.dosages), "read FORMAT/DS dosages where present (imputed data)");
  po::options_description output("Output and compute");
  output.add_options()
      ("out,o", po::value(&o.out), "output prefix: writes PREFIX.qc.variants.tsv, PREFIX.qc.samples.tsv, PREFIX.qc.json (required)")
      ("backend", po::value(&o.backend)->default_value("auto"), "feature engine: auto, cpu or cuda")
      ("block-mb", po::value(&o.block_mb)->default_value(64), "genotype block size in MiB (bounds memory)");
  add_common_options(output, common);
  po::options_description all;
  all.add(inputs).add(output);
  po::variables_map vm;
  parse_args("qc", args, all, vm);
  if (common.help) {
    print_help("qc",
               "Checks inputs before anything is scored: which panel variants are found, missing, REF-mismatched or\n"
               "multi-allelic; call rates per variant and per sample; the genome build; which samples appear in which input.",
               all);
    return exit_code::kOk;
  }
  apply_logging(common);
  o.threads = common.threads;
  run_qc(o, command_line);
  return exit_code::kOk;
}

}  // namespace ketapgx::cli

// `ketapgx qc` options -> QcOptions.
#include <boost/program_options.hpp>

#include <iostream>

#include "cli/commands.h"
#include "cli/common_options.h"
#include "cli/exit_codes.h"
#include "cli/help.h"
#include "cli/input_options.h"
#include "qc/qc.h"

namespace po = boost::program_options;

namespace ketapgx::cli {

int run_qc_command(const std::vector<std::string>& args, const std::string& command_line) {
  QcOptions o;
  CommonOptions common;
  po::options_description inputs("Inputs");
  add_genotype_options(inputs, o.genotypes, {/*build=*/true, /*dosages=*/true});
  add_sample_input_options(inputs, o.sample_inputs);
  add_feature_definition_options(inputs, o.definitions, DefinitionDefaults::Bundled);
  inputs.add_options()
      ("all-variants", po::bool_switch(&o.all_variants), "report every VCF record (each ALT allele) instead of the panel");
  po::options_description output("Output and compute");
  output.add_options()
      ("out,o", po::value(&o.out), "output prefix: writes PREFIX.qc.variants.tsv, PREFIX.qc.samples.tsv, PREFIX.qc.json (required)");
  add_compute_options(output, o.compute);
  add_common_options(output, common);
  po::options_description all;
  all.add(inputs).add(output);
  po::variables_map vm;
  parse_args("qc", args, all, vm);
  if (common.help) {
    print_help(std::cout, "qc",
               {"Checks inputs before anything is scored: which panel variants are found, missing, REF-mismatched or\n"
                "multi-allelic; call rates per variant and per sample; the genome build; which samples appear in which input.",
                {"PREFIX.qc.variants.tsv  per variant: found, missing, REF mismatch, multi-allelic; call rate and allele counts",
                 "PREFIX.qc.samples.tsv   per sample: call rate, heterozygosity, which inputs the sample is in",
                 "PREFIX.qc.json          the summary: genome build, counts, every warning"},
                {"ketapgx qc --vcf examples/cohort/cohort.vcf.gz --expression examples/cohort/expression.tsv --covariates examples/cohort/covariates.tsv --out qc/cohort"}},
               all);
    return exit_code::kOk;
  }
  apply_logging(common);
  run_qc(o, command_line);
  return exit_code::kOk;
}

}  // namespace ketapgx::cli

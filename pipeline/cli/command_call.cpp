// `ketapgx call` options -> CallOptions.
#include <boost/program_options.hpp>

#include <iostream>

#include "cli/commands.h"
#include "cli/common_options.h"
#include "cli/exit_codes.h"
#include "cli/help.h"
#include "cli/input_options.h"
#include "pgx/call.h"
#include "util/text.h"

namespace po = boost::program_options;

namespace ketapgx::cli {

int run_call_command(const std::vector<std::string>& args, const std::string& command_line) {
  CallOptions o;
  CommonOptions common;
  std::string genes;
  po::options_description desc("Options");
  add_genotype_options(desc, o.genotypes);
  desc.add_options()
      ("out,o", po::value(&o.out), "output prefix: writes PREFIX.pgx.tsv and PREFIX.pgx.json (required)")
      ("genes", po::value(&genes), "comma-separated genes (default: all of configs/pgx/genes.tsv: CYP2B6,CYP3A5,CYP3A4)")
      ("definitions", po::value(&o.definitions), "directory of allele-definition tables (default: configs/pgx)")
      ("unsafe-absent-as-reference", po::bool_switch(&o.unsafe_absent_as_reference),
       "RISK: read defining positions absent from the VCF as homozygous reference instead of no-calls");
  po::options_description aliases;
  add_star_allele_options(desc, o.pgx, StarAlleleOptionNames::Call, &aliases);
  add_compute_options(desc, o.compute, /*engine=*/false);
  add_common_options(desc, common);
  po::options_description all;
  all.add(desc).add(aliases);
  po::variables_map vm;
  parse_args("call", args, all, vm);
  if (common.help) {
    print_help(std::cout, "call",
               {"Star-allele diplotypes and metabolizer phenotypes (CPIC) for CYP2B6, CYP3A5 and CYP3A4, for every\n"
                "sample, matched as PharmCAT does. A position absent from the VCF is a no-call, never reference.",
                {"PREFIX.pgx.tsv   one row per sample and gene: diplotype, phenotype, activity, call_quality, warnings",
                 "PREFIX.pgx.json  the run's settings and a summary per gene: positions not read, phenotype and call-quality counts, the commonest diplotypes"},
                {"ketapgx call --vcf examples/cohort/cohort.vcf.gz --out calls/cohort",
                 "ketapgx call --vcf examples/cohort/cohort.vcf.gz --genes CYP2B6 --pgx-combinations --threads 1 --out calls/cyp2b6"}},
               desc);
    return exit_code::kOk;
  }
  apply_logging(common);
  if (!genes.empty())
    for (auto g : text::split(genes, ',')) o.genes.emplace_back(text::trim(g));
  run_call(o, command_line);
  return exit_code::kOk;
}

}  // namespace ketapgx::cli

// `ketapgx prs` options -> PrsOptions.
#include <boost/program_options.hpp>

#include <iostream>

#include "cli/commands.h"
#include "cli/common_options.h"
#include "cli/exit_codes.h"
#include "cli/help.h"
#include "cli/input_options.h"
#include "cli/number_options.h"
#include "prs/prs.h"

namespace po = boost::program_options;

namespace ketapgx::cli {

int run_prs_command(const std::vector<std::string>& args, const std::string& command_line) {
  PrsOptions o;
  CommonOptions common;
  po::options_description desc("Options");
  add_genotype_options(desc, o.genotypes, {/*build=*/true, /*dosages=*/true});
  desc.add_options()
      ("weights", po::value(&o.weights), "score file: header line, then variant ID, allele, one weight per score (this or --pgs)")
      ("weights-cols", po::value(&o.weights_cols),
       "which --weights columns, by plink2's 1-based numbers: ID,ALLELE,SCORE[,SCORE...], score columns also as ranges "
       "(plink2 --score F 1 4 6, or 1,2,3-5,7 as with --score-col-nums) (default: 1,2 and every column after them)")
      ("weights-no-header", po::bool_switch(&o.weights_no_header),
       "the --weights file's first line is data (plink2 without 'header-read'): scores are named SCORE1, SCORE2, ...; a "
       "first line of numbers without this option is refused")
      ("out,o", po::value(&o.out), "output prefix: writes PREFIX.sscore, or with --pgs PREFIX.pgs.tsv, .pgs_match.tsv, "
                                   ".pgs_summary.tsv (required)")
      ("no-mean-imputation", po::bool_switch(&o.no_mean_imputation), "missing genotypes contribute nothing (else 2 x allele frequency)")
      ("center", po::bool_switch(&o.center), "shift dosages to mean zero (PLINK 2 'center')")
      ("variance-standardize", po::bool_switch(&o.variance_standardize), "standardise dosages to mean 0, variance 1 (PLINK 2 'variance-standardize')")
      ("read-freq", po::value(&o.read_freq), "PLINK 2 .afreq file of allele frequencies (default: in-sample frequencies)");
  add_pgs_options(desc, o.pgs, /*as_features=*/false);
  add_compute_options(desc, o.compute);
  add_common_options(desc, common);
  po::variables_map vm;
  parse_args("prs", args, desc, vm);
  if (common.help) {
    print_help(std::cout, "prs",
               {"Weighted allele-dosage scores with PLINK 2 --score semantics (variant by ID, allele by exact string,\n"
                "REF-named alleles count REF copies, multi-allelic sites score the named allele, '.' IDs matched as\n"
                "chrom:pos:ref:alt). Output columns as plink2 --score ... cols=+scoresums.",
                {"PREFIX.sscore           with --weights: #IID, ALLELE_CT, NAMED_ALLELE_DOSAGE_SUM, per score _AVG and _SUM",
                 "PREFIX.pgs.tsv          with --pgs: one row per sample and score: IID, PGS, SUM, DENOM, AVG, ALLELE_CT",
                 "PREFIX.pgs_match.tsv    with --pgs: how each scoring-file variant matched",
                 "PREFIX.pgs_summary.tsv  with --pgs: each score's matched share",
                 "PREFIX.log              the command line, inputs, counts and warnings of the run (as plink2's PREFIX.log)"},
                {"ketapgx prs --vcf examples/cohort/cohort.vcf.gz --weights examples/weights.tsv --out scores/cohort",
                 "ketapgx prs --vcf examples/cohort/cohort.vcf.gz --weights examples/weights.tsv --weights-cols 1,2,4 --variance-standardize --out scores/std"}},
               desc);
    return exit_code::kOk;
  }
  apply_logging(common);
  run_prs(o, command_line);
  return exit_code::kOk;
}

}  // namespace ketapgx::cli

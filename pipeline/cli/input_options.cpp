#include "cli/input_options.h"

#include "cli/number_options.h"

#include "ketapgx/core/errors.h"
#include "ketapgx/engine/engine.h"

namespace po = boost::program_options;

namespace ketapgx::cli {

void add_genotype_options(po::options_description& desc, GenotypeSource& s, GenotypeOptionSet set) {
  desc.add_options()
      ("vcf", po::value(&s.vcf), "genotypes: VCF, VCF.gz (bgzip) or BCF; '-' reads stdin (required)")
      ("samples", po::value(&s.samples), "file of sample IDs to keep (one per line)")
      ("force-samples", po::bool_switch(&s.force_samples), "skip --samples IDs that are not in the VCF instead of failing");
  if (set.build)
    desc.add_options()("build", po::value(&s.build)->default_value("auto"),
                       "genome build: auto (from ##contig lengths), GRCh37 or GRCh38");
  if (set.dosages)
    desc.add_options()("dosages", po::bool_switch(&s.dosages),
                       "imputed data: every dosage-based number uses FORMAT/DS (PLINK 2 dosage=DS: DS where given, else "
                       "the GT call); star alleles are still called from GT, as PharmCAT does");
}

void add_star_allele_options(po::options_description& desc, StarAlleleSettings& pgx, StarAlleleOptionNames names,
                             po::options_description* aliases) {
  const bool call = names == StarAlleleOptionNames::Call;
  // `call` named these without the prefix (the SPEC names --combinations)
  // before every command shared one vocabulary; it still takes those names
  // (and says so in its help).
  const char* const old_assume = call ? "; call also takes it as '--assume-reference-at-missing'" : "";
  const char* const old_combinations = call ? "; call also takes it as '--combinations' (the SPEC's name)" : "";
  desc.add_options()
      // Each name ORs into the setting (a plain bool_switch target would be
      // reset to false by whichever of the two names is notified last).
      ("pgx-assume-reference-at-missing", po::bool_switch()->notifier([&pgx](bool on) { pgx.assume_reference_at_missing |= on; }),
       (std::string(call ? "keep the phenotype of a call that an unread defining position could change (PharmCAT's behaviour); by "
                           "default it is Indeterminate and call_quality names the position"
                         : "star alleles: keep a phenotype that an unread defining position could change (PharmCAT's behaviour); by "
                           "default it is Indeterminate, the model and dose rules do not use it and score flags <GENE>_partial") +
        old_assume).c_str())
      ("pgx-combinations", po::bool_switch()->notifier([&pgx](bool on) { pgx.combinations |= on; }),
       (std::string("star alleles: PharmCAT's combination (research) mode for genotypes no pair of named alleles explains: "
                    "combined alleles ([*2 + *5]) and partial ones (g.41012316T>G), every candidate listed; phenotype Indeterminate") +
        old_combinations).c_str())
      ("outside-calls", po::value(&pgx.outside_calls),
       "TSV of star-allele calls made elsewhere (sample_id, gene, diplotype[, phenotype]) that replace ours for that "
       "sample and gene (call_quality 'outside'): e.g. CYP2B6 *29/*30, which a VCF cannot show");
  if (call && aliases) {
    aliases->add_options()
        ("assume-reference-at-missing", po::bool_switch()->notifier([&pgx](bool on) { pgx.assume_reference_at_missing |= on; }),
         "the same as --pgx-assume-reference-at-missing")
        ("combinations", po::bool_switch()->notifier([&pgx](bool on) { pgx.combinations |= on; }), "the same as --pgx-combinations");
  }
}

void add_sample_input_options(po::options_description& desc, SampleInputOptions& in) {
  desc.add_options()
      ("expression", po::value(&in.expression), "expression matrix: TSV or GCT 1.2, either orientation")
      ("expression-layout", po::value(&in.expression_layout)->default_value("auto"), "auto, genes-by-samples or samples-by-genes")
      ("expression-units", po::value(&in.expression_units)->default_value("auto"), "auto (integers = counts), counts or tpm")
      ("allow-missing-expression", po::bool_switch(&in.allow_missing_expression), "accept NA/empty expression values (reported per sample)")
      ("covariates", po::value(&in.covariates), "covariates TSV: sample_id and any of age, sex, weight_kg, baseline_madrs");
}

void add_feature_definition_options(po::options_description& desc, FeatureDefinitions& d, DefinitionDefaults defaults) {
  if (defaults == DefinitionDefaults::ModelBundle) {
    desc.add_options()
        ("panel", po::value(&d.panel), "variant panel TSV (default: the one the model bundle carries; another must give the same features)")
        ("gene-sets", po::value(&d.gene_sets), "gene-set TSV (default: the one the model bundle carries; another must give the same features)");
  } else {
    desc.add_options()
        ("panel", po::value(&d.panel), "variant panel TSV (default: the bundled panel of the build, configs/panels/)")
        ("gene-sets", po::value(&d.gene_sets), "gene-set TSV (default: configs/gene_sets.tsv)");
  }
}

void add_pgs_options(po::options_description& desc, PgsOptions& o, bool as_features) {
  po::options_description pgs("PGS Catalog scoring files (matched to the genotypes as pgsc_calc does)");
  pgs.add_options()
      ("pgs", po::value(&o.files)->multitoken(),
       as_features ? "PGS Catalog scoring files (format 2.0, plain or .gz; or custom files in its column layout): each score, "
                     "matched to the VCF and summed as plink2 --score sums it, becomes a model feature pgs:<id> (#pgs_id, else "
                     "#pgs_name, else the file name); a bundle keeps copies and score computes them itself"
                   : "PGS Catalog scoring files (format 2.0, plain or .gz; or custom files in its column layout): one score each, "
                     "matched to the VCF by position and alleles (hm_chr/hm_pos when harmonized to the VCF's build)")
      ("pgs-min-overlap", decimal_number(&o.min_overlap, "pgs-min-overlap", 0, 1)->default_value("0.75"),
       "a score whose matched share of variants is lower is not computed (named on stderr and in the summary)")
      ("pgs-keep-ambiguous", po::bool_switch(&o.keep_ambiguous), "keep strand-ambiguous (A/T, C/G) variants")
      ("pgs-keep-multiallelic", po::bool_switch(&o.keep_multiallelic), "keep matches to multi-allelic records")
      ("pgs-ignore-strand-flips", po::bool_switch(&o.ignore_strand_flips), "do not match the other strand's alleles");
  desc.add(pgs);
}

void add_compute_options(po::options_description& desc, ComputeOptions& c, bool engine) {
  // Checked as they are parsed, before anything is read.
  desc.add_options()
      ("threads", thread_count(&c.threads),
       ("threads (default: this machine's cores, " + std::to_string(core_count()) + " here, as its CPU affinity and cgroup quota "
        "allow): 1 runs everything on one; from 2, up to this many read and decode the genotypes (BGZF from 8 on) "
        "while as many compute on the block before (README: How --threads is spent); 1 to " + std::to_string(kMaxThreadsPerCore) +
        " x the cores (" + std::to_string(max_threads()) + " here; more is lowered to that, with a warning)").c_str())
      ("block-mb", whole_number(&c.block_mb, "block-mb", 1, kMaxBlockMb)->default_value("64"),
       ("genotype block size in MiB, 1 to " + std::to_string(kMaxBlockMb) + " (bounds memory)").c_str());
  if (engine)
    desc.add_options()("backend", po::value(&c.backend)->default_value("auto")->notifier([](const std::string& v) { parse_backend(v); }),
                       "feature engine: auto, cpu or cuda");
}

}  // namespace ketapgx::cli

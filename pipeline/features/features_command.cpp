// Runs `ketapgx features`: inputs -> combined panel (response variants + star-
// allele positions) -> one genotype pass through the engine -> feature matrix.
#include <nlohmann/json.hpp>

#include "features/feature_builder.h"
#include "features/features.h"
#include "genotypes/panel_selection.h"
#include "ketapgx/core/errors.h"
#include "ketapgx_config.h"
#include "output/notice.h"
#include "output/provenance.h"
#include "output/output_files.h"
#include "samples/sample_inputs.h"
#include "util/data_dir.h"
#include "util/log.h"

namespace ketapgx {

void FeaturesOptions::validate() const {
  genotypes.validate("features");
  compute.validate();
  sample_inputs.validate();
  if (pgs.files.empty() && (pgs.keep_ambiguous || pgs.keep_multiallelic || pgs.ignore_strand_flips))
    throw UsageError("the --pgs-* options match --pgs files; give --pgs FILE...");
  if (no_metabolizer && (pgx.assume_reference_at_missing || pgx.combinations || !pgx.outside_calls.empty()))
    throw UsageError("--no-metabolizer leaves out the star-allele calls: --pgx-assume-reference-at-missing, "
                     "--pgx-combinations and --outside-calls would change nothing");
}

FeatureRun compute_features(const FeaturesOptions& opt, const FeatureRunSettings& settings) {
  opt.validate();
  const std::string data = data_dir();
  std::future<Covariates> covariates_ahead = read_covariates_ahead(opt.sample_inputs, opt.compute.threads);
  auto vcf = std::make_unique<VcfFile>(vcf_open_options(opt.genotypes, opt.compute.budget().bgzf));
  const BuildChoice b = resolve_build(*vcf, opt.genotypes.build);
  if (!settings.required_build.empty()) {
    if (build_name(b.build) != settings.required_build)
      throw InputError("--model " + settings.bundle_dir + " was trained on " + settings.required_build + " genotypes but --vcf " +
                       opt.genotypes.vcf + " is " + build_name(b.build) + " (" + b.source + "); use a bundle trained on " +
                       build_name(b.build) + " (or --build " + settings.required_build + " if the VCF header is wrong)");
  }
  const PanelSelection sel = select_panel(*vcf, opt.definitions.panel, b, data);
  log::info("genome build: " + std::string(build_name(sel.build)) + " (" + sel.build_source + ")");

  FeatureRun run;
  run.build = build_name(sel.build);
  run.build_source = sel.build_source;
  run.panel_path = sel.panel.path;
  run.gene_sets_path = opt.definitions.gene_sets.empty() ? data + "/configs/gene_sets.tsv" : opt.definitions.gene_sets;
  const GeneTable genes = load_gene_table(data + "/configs/genes.tsv");
  const std::vector<GeneSet> gene_sets = load_gene_sets(run.gene_sets_path, genes);
  run.inputs = load_sample_inputs(opt.sample_inputs, vcf->samples().names, genes, gene_set_genes(gene_sets), opt.compute.threads,
                                  &covariates_ahead);
  const SampleInputs& inputs = run.inputs;
  run.gene_sets = gene_sets;

  std::unique_ptr<PgxCaller> pgx;
  if (!opt.no_metabolizer) {
    const std::string defs_dir = data + "/configs/pgx";
    std::vector<GeneDefinition> defs;
    for (const auto& g : list_definition_genes(defs_dir)) defs.push_back(load_gene_definition(defs_dir, g));
    PgxCallOptions co;
    co.threads = opt.compute.threads;
    co.settings = opt.pgx;
    if (!opt.pgx.outside_calls.empty())
      co.outside = std::make_shared<OutsideCalls>(read_outside_calls(opt.pgx.outside_calls, defs, defs_dir));
    pgx = std::make_unique<PgxCaller>(std::move(defs), sel.build, co);
  }
  std::size_t pgx_offset = 0;
  run.panel = combined_panel(sel.panel, pgx.get(), &pgx_offset);
  const Panel& panel = run.panel;

  EngineChoice choice = make_engine(parse_backend(opt.compute.backend), opt.compute.budget().engine);
  log::info("feature engine: " + choice.reason);
  run.backend = backend_name(choice.engine->backend());
  GenotypeReaderOptions ro;
  ro.read_phase_sets = true;
  ro.read_dosages = opt.genotypes.dosages;
  ro.decode_threads = opt.compute.budget().decode;
  ro.read_ahead = opt.compute.budget().read_ahead;
  ro.block_bytes = opt.compute.block_bytes();
  GenotypeReader reader(std::move(vcf), ro, &panel);

  FeatureInputs fi;
  fi.reader = &reader;
  fi.panel = &panel;
  fi.pgx = pgx.get();
  fi.pgx_offset = pgx_offset;
  fi.gene_sets = &gene_sets;
  fi.expression = inputs.expression ? &*inputs.expression : nullptr;
  fi.covariates = inputs.covariates ? &*inputs.covariates : nullptr;
  fi.reference = settings.reference;
  fi.ignore_expression_genes = settings.ignore_expression_genes;
  fi.cohort_imputation = !settings.impute_from_model;
  run.outcome = build_features(*choice.engine, fi);
  if (!opt.pgs.files.empty())
    add_pgs_features(opt.genotypes, opt.compute, opt.pgs, sel.build, settings.pgs_training, run.outcome.matrix, run.pgs);
  run.have_expression = inputs.expression.has_value();
  if (run.have_expression)
    run.expression_scale = inputs.expression->units == ExpressionUnits::Tpm ? "log2(TPM+1)" : "log2(CPM+1)";
  return run;
}

void run_features(const FeaturesOptions& opt, const std::string& command_line) {
  if (opt.out.empty()) throw UsageError("features: --out PREFIX is required");
  check_output_location(opt.out, "--out");
  const FeatureRun run = compute_features(opt);
  const FeatureOutcome& f = run.outcome;
  OutputSet outputs;
  write_feature_tsv(outputs.open(opt.out + ".features.tsv"), f.matrix);
  nlohmann::ordered_json j = json_provenance("features", command_line);
  j["genome_build"] = {{"used", run.build}, {"source", run.build_source}};
  j["panel"] = run.panel_path;
  j["gene_sets"] = run.gene_sets_path;
  j["samples"] = f.matrix.samples.size();
  j["features"] = f.matrix.names;
  j["feature_engine"] = run.backend;
  if (!run.pgs.files.empty()) {
    nlohmann::ordered_json scores = nlohmann::ordered_json::array();
    for (std::size_t k = 0; k < run.pgs.files.size(); ++k)
      scores.push_back({{"feature", "pgs:" + run.pgs.files[k].id}, {"path", run.pgs.files[k].path},
                        {"variants", run.pgs.summaries[k].variants}, {"matched", run.pgs.summaries[k].matched},
                        {"match_rate", run.pgs.summaries[k].match_rate}});
    j["pgs"] = scores;
  }
  j["dosages"] = opt.genotypes.dosages;
  j["star_alleles"] = {{"assume_reference_at_missing", opt.pgx.assume_reference_at_missing},
                       {"combinations", opt.pgx.combinations},
                       {"outside_calls", opt.pgx.outside_calls.empty() ? nlohmann::ordered_json(nullptr)
                                                                       : nlohmann::ordered_json(opt.pgx.outside_calls)}};
  if (run.have_expression) {
    nlohmann::ordered_json stats = nlohmann::ordered_json::object();
    for (const auto& [gene, ms] : f.expression_stats.mean_sd) stats[gene] = {{"mean", ms.first}, {"sd", ms.second}};
    j["expression"] = {{"path", opt.sample_inputs.expression},
                       {"scale", run.expression_scale},
                       {"reference", "in-cohort (every sample of the expression file)"},
                       {"mean_sd", stats}};
  }
  outputs.open(opt.out + ".features.json") << j.dump(2) << '\n';
  outputs.commit();
  log::info("wrote " + opt.out + ".features.tsv (" + std::to_string(f.matrix.samples.size()) + " samples x " +
            std::to_string(f.matrix.names.size()) + " features)");
}

}  // namespace ketapgx

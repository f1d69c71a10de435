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
  if (vcf.empty()) throw UsageError("features: --vcf FILE is required (VCF, VCF.gz or BCF; '-' for stdin)");
  if (out.empty()) throw UsageError("features: --out PREFIX is required");
  if (threads < 1) throw UsageError("--threads: expected a positive number, got " + std::to_string(threads));
  if (block_mb < 1) throw UsageError("--block-mb: expected a positive number of MiB");
  parse_backend(backend);
  parse_expression_layout(expression_layout);
  parse_expression_units(expression_units);
  if (build != "auto") parse_build(build, "--build");
}

FeatureRun compute_features(const FeaturesOptions& opt, const ExpressionStats* reference, bool for_bundle) {
  opt.validate();
  const std::string data = data_dir();
  auto vcf = std::make_unique<VcfFile>(vcf_open_options(opt.vcf, opt.threads, opt.samples, opt.force_samples));
  const PanelSelection sel = select_panel(*vcf, opt.panel, opt.build, data);
  log::info("genome build: " + std::string(build_name(sel.build)) + " (" + sel.build_source + ")");

  FeatureRun run;
  run.build = build_name(sel.build);
  run.build_source = sel.build_source;
  run.panel_path = sel.panel.path;
  run.gene_sets_path = opt.gene_sets.empty() ? data + "/configs/gene_sets.tsv" : opt.gene_sets;
  const GeneTable genes = load_gene_table(data + "/configs/genes.tsv");
  const std::vector<GeneSet> gene_sets = load_gene_sets(run.gene_sets_path, genes);
  SampleInputOptions si;
  si.expression = opt.expression;
  si.expression_layout = opt.expression_layout;
  si.expression_units = opt.expression_units;
  si.allow_missing_expression = opt.allow_missing_expression;
  si.covariates = opt.covariates;
  run.inputs = load_sample_inputs(si, vcf->samples().names, genes, gene_set_genes(gene_sets));
  const SampleInputs& inputs = run.inputs;
  run.gene_sets = gene_sets;

  std::unique_ptr<PgxCaller> pgx;
  if (!opt.no_metabolizer) {
    const std::string defs_dir = data + "/configs/pgx";
    std::vector<GeneDefinition> defs;
    for (const auto& g : list_definition_genes(defs_dir)) defs.push_back(load_gene_definition(defs_dir, g));
    pgx = std::make_unique<PgxCaller>(std::move(defs), sel.build, PgxCallOptions{});
  }
  std::size_t pgx_offset = 0;
  run.panel = combined_panel(sel.panel, pgx.get(), &pgx_offset);
  const Panel& panel = run.panel;

  EngineChoice choice = make_engine(parse_backend(opt.backend), opt.threads);
  log::info("feature engine: " + choice.reason);
  run.backend = backend_name(choice.engine->backend());
  GenotypeReaderOptions ro;
  ro.read_phase_sets = true;
  ro.decode_threads = opt.threads;
  ro.block_bytes = opt.block_mb << 20;
  GenotypeReader reader(std::move(vcf), ro, &panel);

  FeatureInputs fi;
  fi.reader = &reader;
  fi.panel = &panel;
  fi.pgx = pgx.get();
  fi.pgx_offset = pgx_offset;
  fi.gene_sets = &gene_sets;
  fi.expression = inputs.expression ? &*inputs.expression : nullptr;
  fi.covariates = inputs.covariates ? &*inputs.covariates : nullptr;
  fi.reference = reference;
  fi.cohort_imputation = !for_bundle;
  run.outcome = build_features(*choice.engine, fi);
  run.have_expression = inputs.expression.has_value();
  if (run.have_expression)
    run.expression_scale = inputs.expression->units == ExpressionUnits::Tpm ? "log2(TPM+1)" : "log2(CPM+1)";
  return run;
}

void run_features(const FeaturesOptions& opt, const std::string& command_line) {
  const FeatureRun run = compute_features(opt, nullptr);
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
  if (run.have_expression) {
    nlohmann::ordered_json stats = nlohmann::ordered_json::object();
    for (const auto& [gene, ms] : f.expression_stats.mean_sd) stats[gene] = {{"mean", ms.first}, {"sd", ms.second}};
    j["expression"] = {{"path", opt.expression},
                       {"scale", run.expression_scale},
                       {"reference", "in-cohort"},
                       {"mean_sd", stats}};
  }
  outputs.open(opt.out + ".features.json") << j.dump(2) << '\n';
  outputs.commit();
  log::info("wrote " + opt.out + ".features.tsv (" + std::to_string(f.matrix.samples.size()) + " samples x " +
            std::to_string(f.matrix.names.size()) + " features)");
}

}  // namespace ketapgx

// Runs `ketapgx qc`: load inputs -> stream genotype blocks through the engine ->
// write the two QC tables and the JSON summary.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "genotypes/block_prefetcher.h"
#include "genotypes/genotype_reader.h"
#include "genotypes/panel_selection.h"
#include "ketapgx/core/errors.h"
#include "ketapgx/engine/engine.h"
#include "ketapgx_config.h"
#include "output/format.h"
#include "output/notice.h"
#include "output/provenance.h"
#include "output/output_files.h"
#include "qc/qc.h"
#include "qc/qc_tables.h"
#include "qc/variant_qc.h"
#include "samples/covariates.h"
#include "samples/expression.h"
#include "samples/gene_table.h"
#include "samples/sample_alignment.h"
#include "samples/sample_inputs.h"
#include "util/data_dir.h"
#include "util/log.h"
#include "util/text.h"

namespace ketapgx {

void QcOptions::validate() const {
  genotypes.validate("qc");
  if (out.empty()) throw UsageError("qc: --out PREFIX is required");
  compute.validate();
  sample_inputs.validate();
  if (all_variants && !definitions.panel.empty()) throw UsageError("qc: --all-variants reads every record; leave out --panel");
}

namespace {

struct ExpressionCheck {
  std::vector<std::string> expected_genes;  // gene-set genes
  std::vector<std::string> absent_genes;    // expected genes not in the file at all
};

}  // namespace

void run_qc(const QcOptions& opt, const std::string& command_line) {
  opt.validate();
  check_output_location(opt.out, "--out");
  const std::string data = data_dir();

  // Genotypes: open, decide build and panel.
  auto vcf = std::make_unique<VcfFile>(vcf_open_options(opt.genotypes, opt.compute.budget().bgzf));
  const VcfFile& vcf_ref = *vcf;
  PanelSelection sel;
  if (opt.all_variants) {
    sel.detected = detect_build(vcf->contig_lengths());
    sel.build = opt.genotypes.build != "auto" ? parse_build(opt.genotypes.build, "--build") : sel.detected.build;
    sel.build_source = opt.genotypes.build != "auto" ? "--build"
                       : sel.detected.build != GenomeBuild::Unknown ? "##contig lengths" : "not detected";
  } else {
    sel = select_panel(*vcf, opt.definitions.panel, opt.genotypes.build, data);
  }
  log::info("genome build: " + std::string(build_name(sel.build)) + " (" + sel.build_source +
            (sel.build_source == "--build" ? "" : "; " + sel.detected.detail) + ")");

  // Expression and covariates.
  const GeneTable genes = load_gene_table(data + "/configs/genes.tsv");
  const std::string gene_sets_path = opt.definitions.gene_sets.empty() ? data + "/configs/gene_sets.tsv" : opt.definitions.gene_sets;
  const std::vector<GeneSet> gene_sets = load_gene_sets(gene_sets_path, genes);
  ExpressionCheck echeck;
  echeck.expected_genes = gene_set_genes(gene_sets);
  SampleInputs inputs = load_sample_inputs(opt.sample_inputs, vcf_ref.samples().names, genes, echeck.expected_genes, opt.compute.threads);
  std::optional<Covariates>& cov = inputs.covariates;
  std::optional<ExpressionMatrix>& expr = inputs.expression;
  if (expr) {
    std::set<std::string> have(expr->genes.begin(), expr->genes.end());
    for (const auto& g : echeck.expected_genes)
      if (!have.count(g)) echeck.absent_genes.push_back(g);
    log::info("expression: " + std::to_string(expr->samples.size()) + " samples x " +
              std::to_string(expr->n_genes_in_file) + " genes (" + expression_layout_name(expr->layout) + ", " +
              expression_units_name(expr->units) + "); " +
              std::to_string(echeck.expected_genes.size() - echeck.absent_genes.size()) + " of " +
              std::to_string(echeck.expected_genes.size()) + " gene-set genes present");
  }
  const SampleAlignment align = align_samples(vcf_ref.samples().names, expr ? &expr->samples : nullptr,
                                              cov ? &cov->samples : nullptr);

  // Engine.
  EngineChoice choice = make_engine(parse_backend(opt.compute.backend), opt.compute.budget().engine);
  log::info("feature engine: " + choice.reason);
  FeatureEngine& engine = *choice.engine;

  // Outputs are opened now and appear only on success.
  OutputSet outputs;
  std::ostream& variants_out = outputs.open(opt.out + ".qc.variants.tsv");
  std::ostream& samples_out = outputs.open(opt.out + ".qc.samples.tsv");
  std::ostream& json_out = outputs.open(opt.out + ".qc.json");

  // Stream genotypes.
  GenotypeReaderOptions ro;
  ro.all_variants = opt.all_variants;
  ro.read_dosages = opt.genotypes.dosages;
  ro.block_bytes = opt.compute.block_bytes();
  ro.decode_threads = opt.compute.budget().decode;
  ro.read_ahead = opt.compute.budget().read_ahead;
  GenotypeReader reader(std::move(vcf), ro, opt.all_variants ? nullptr : &sel.panel);
  log::info("reading " + opt.genotypes.vcf + ": " + std::to_string(reader.samples().size()) + " samples, " +
            (opt.all_variants ? std::string("every record")
                              : std::to_string(sel.panel.variants.size()) + " panel variants from " + sel.panel.path) +
            (reader.uses_index() ? " (index queries)" : " (sequential scan)"));
  const std::size_t n_samples = reader.samples().size();
  SampleCallStats sample_stats(n_samples);
  std::vector<VariantCallStats> panel_stats(opt.all_variants ? 0 : sel.panel.variants.size());
  std::int64_t all_rows = 0;
  write_variant_table_header(variants_out);
  BlockPrefetcher blocks(reader);
  while (const GenotypeBlock* next = blocks.next()) {
    const GenotypeBlock& block = *next;
    const auto stats = block_variant_stats(engine, block);
    sample_stats.add_block(engine, block);
    for (std::size_t r = 0; r < block.rows.size(); ++r) {
      const BlockRow& row = block.rows[r];
      if (opt.all_variants) {
        write_record_variant_row(variants_out, row, stats[r]);  // streamed: memory stays bounded by the block
      } else {
        panel_stats[static_cast<std::size_t>(row.panel_index)] = stats[r];
      }
    }
    all_rows += static_cast<std::int64_t>(block.rows.size());
  }

  // Per-variant table (panel order) and per-sample table.
  std::map<std::string, int> status_counts;
  if (!opt.all_variants) {
    status_counts = write_panel_variant_rows(variants_out, sel.panel, reader.panel_matches(), panel_stats);
  } else {
    status_counts["records"] = static_cast<int>(reader.file().records_scanned());
  }
  SampleTableInputs st;
  st.alignment = &align;
  std::vector<double> call_rates(n_samples, NAN);
  if (sample_stats.rows() > 0)
    for (std::size_t s = 0; s < n_samples; ++s) call_rates[s] = sample_stats.call_rate(s);
  st.call_rate = &call_rates;
  st.expression = expr ? &*expr : nullptr;
  st.genes_absent_from_file = echeck.absent_genes;
  st.have_covariates = cov.has_value();
  const std::int64_t only_some = write_sample_table(samples_out, st);

  // JSON summary.
  nlohmann::ordered_json j = json_provenance("qc", command_line);
  j["genome_build"] = {{"used", build_name(sel.build)},
                       {"source", sel.build_source},
                       {"detected", build_name(sel.detected.build)},
                       {"evidence", sel.detected.detail}};
  j["vcf"] = {{"path", opt.genotypes.vcf},
              {"samples", n_samples},
              {"records_scanned", reader.file().records_scanned()},
              {"index_used", reader.uses_index()},
              {"rows", all_rows}};
  if (!opt.all_variants) {
    j["panel"] = {{"path", sel.panel.path}, {"build", build_name(sel.panel.build)}, {"variants", sel.panel.variants.size()}};
    j["panel"]["status_counts"] = status_counts;
  }
  if (expr) {
    j["expression"] = {{"path", expr->path},
                       {"layout", expression_layout_name(expr->layout)},
                       {"units", expression_units_name(expr->units)},
                       {"samples", expr->samples.size()},
                       {"genes_in_file", expr->n_genes_in_file},
                       {"gene_set_genes_absent", echeck.absent_genes}};
  }
  if (cov) {
    j["covariates"] = {{"path", cov->path}, {"samples", cov->samples.size()}, {"columns", cov->columns_present}};
  }
  j["samples"] = {{"union", align.all.size()}, {"in_vcf", n_samples}, {"not_in_every_input", only_some}};
  j["feature_engine"] = backend_name(engine.backend());
  json_out << j.dump(2) << '\n';

  outputs.commit();

  // Summary on stderr.
  if (!opt.all_variants) {
    std::ostringstream s;
    s << "panel variants: " << sel.panel.variants.size();
    for (const auto& [k, n] : status_counts) s << ", " << k << " " << n;
    log::info(s.str());
    std::vector<std::string> ref_mismatch_examples;
    const auto& matches = reader.panel_matches();
    for (std::size_t i = 0; i < matches.size() && ref_mismatch_examples.size() < 3; ++i) {
      if (matches[i].status != PanelStatus::RefMismatch) continue;
      const PanelVariant& v = sel.panel.variants[i];
      ref_mismatch_examples.push_back(v.chrom + ":" + std::to_string(v.pos) + " VCF REF " + matches[i].vcf_ref + ", panel " + v.ref);
    }
    const int mismatches = status_counts["ref_mismatch"];
    const int present = static_cast<int>(sel.panel.variants.size()) - status_counts["missing"];
    if (mismatches > 0) {
      log::warn(std::to_string(mismatches) + " panel variant(s) have a different REF in the VCF (e.g. " +
                text::join(ref_mismatch_examples, "; ") + "); they are not used. " +
                (present > 0 && mismatches * 2 > present ? "Most present positions disagree: is the file on another "
                                                           "build (see --build) or strand?"
                                                         : "See the note column of " + opt.out + ".qc.variants.tsv"));
    }
  } else {
    log::info("records: " + std::to_string(reader.file().records_scanned()) + ", allele rows: " + std::to_string(all_rows));
  }
  log::info("samples: " + std::to_string(n_samples) + " in the VCF, " + std::to_string(align.all.size()) +
            " across inputs, " + std::to_string(only_some) + " not in every input");
  for (const auto& p : outputs.paths()) log::info("wrote " + p);
}

}  // namespace ketapgx

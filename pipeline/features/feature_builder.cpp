#include "features/feature_builder.h"

#include <cmath>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>

#include "genotypes/block_prefetcher.h"
#include "ketapgx/core/errors.h"

namespace ketapgx {
namespace {

double ordinal_class(const std::string& cls) {
  if (cls == "PM") return 0;
  if (cls == "IM") return 1;
  if (cls == "NM") return 2;
  if (cls == "RM") return 3;
  if (cls == "UM") return 4;
  return NAN;
}

}  // namespace

Panel combined_panel(const Panel& panel, const PgxCaller* pgx, std::size_t* pgx_offset) {
  Panel out;
  out.path = panel.path;
  out.build = panel.build;
  for (const auto& v : panel.variants)
    if (v.role != "star_allele") out.variants.push_back(v);
  *pgx_offset = out.variants.size();
  if (pgx)
    for (const auto& v : pgx->panel().variants) out.variants.push_back(v);
  return out;
}

FeatureOutcome build_features(FeatureEngine& engine, const FeatureInputs& in) {
  const std::vector<std::string>& samples = in.reader->samples();
  const std::size_t n = samples.size();
  const std::vector<std::string> genes = gene_set_genes(*in.gene_sets);
  std::map<std::string, std::size_t> gene_index;
  for (std::size_t g = 0; g < genes.size(); ++g) gene_index[genes[g]] = g;

  // Column names, in order.
  const std::size_t n_dosage = in.pgx_offset;  // the non-star panel variants come first
  std::vector<std::string> names;
  for (std::size_t v = 0; v < n_dosage; ++v)
    names.push_back("dosage:" + in.panel->variants[v].id + "_" + in.panel->variants[v].alt);
  const std::size_t c_burden = names.size();
  for (const auto& g : genes) names.push_back("burden:" + g);
  const std::size_t c_burden_set = names.size();
  for (const auto& s : *in.gene_sets) names.push_back("burden_set:" + s.name);
  const std::size_t c_metab = names.size();
  if (in.pgx)
    for (const auto& d : in.pgx->definitions()) names.push_back("metabolizer:" + d.gene);
  const std::size_t c_expr = names.size();
  if (in.expression) {
    for (const auto& g : genes) names.push_back("expr:" + g);
    for (const auto& s : *in.gene_sets) names.push_back("expr_set:" + s.name);
  }
  const std::size_t c_cov = names.size();
  if (in.covariates)
    for (const char* c : {"cov:age", "cov:sex_male", "cov:weight_kg", "cov:baseline_madrs"}) names.push_back(c);

  FeatureOutcome out;
  out.matrix = FeatureMatrix(samples, names);
  out.variant_stats.resize(in.panel->variants.size());
  SampleCallStats sample_calls(n);
  FeatureMatrix& m = out.matrix;

  // Genotypes: one pass; dosages and burdens as segmented sums.
  std::vector<double> dosage(n * std::max<std::size_t>(1, n_dosage), 0.0), burden(n * std::max<std::size_t>(1, genes.size()), 0.0);
  std::vector<char> seen(n_dosage, 0);
  BlockPrefetcher blocks(*in.reader);
  std::vector<VariantCounts> counts;
  std::vector<DosageCounts> dosage_counts;
  std::vector<std::uint8_t> ref_named;
  std::vector<std::int32_t> seg_variant, seg_gene;
  std::vector<double> table;
  while (const GenotypeBlock* next = blocks.next()) {
    const GenotypeBlock& block = *next;
    if (in.pgx) in.pgx->collect(block, in.pgx_offset);
    const std::size_t rows = block.rows.size();
    counts.resize(rows);
    engine.variant_counts(block.view(), counts.data());
    sample_calls.add_block(engine, block);
    for (std::size_t r = 0; r < rows; ++r) {
      VariantCallStats& st = out.variant_stats[static_cast<std::size_t>(block.rows[r].panel_index)];
      st.present = true;
      st.n_samples = static_cast<std::int64_t>(n);
      st.counts = counts[r];
    }
    // With dosages (--dosages) the in-cohort frequency behind imputation is the dosages'.
    const bool by_dosage = !block.dosages.empty();
    if (by_dosage) {
      dosage_counts.resize(rows);
      engine.dosage_counts(block.view(), dosage_counts.data());
    }
    ref_named.assign(rows, 0);
    seg_variant.assign(rows, -1);
    seg_gene.assign(rows, -1);
    table.assign(rows * 4, 0.0);
    for (std::size_t r = 0; r < rows; ++r) {
      const auto pi = static_cast<std::size_t>(block.rows[r].panel_index);
      if (pi >= n_dosage) continue;  // a star-allele row: only the caller uses it
      seen[pi] = 1;
      seg_variant[r] = static_cast<std::int32_t>(pi);
      if (auto it = gene_index.find(in.panel->variants[pi].gene); it != gene_index.end())
        seg_gene[r] = static_cast<std::int32_t>(it->second);
      double p = counts[r].called_alleles ? static_cast<double>(counts[r].alt_alleles) / counts[r].called_alleles : 0.0;
      if (by_dosage)
        p = dosage_counts[r].called_alleles ? dosage_counts[r].dosage_sum() / static_cast<double>(dosage_counts[r].called_alleles) : 0.0;
      // A row without the panel's ALT (alt_index 0) carries no copy of it for anyone; its dosages count REF.
      const double one = block.rows[r].alt_index == 0 ? 0.0 : 1.0;
      if (one == 0.0) p = 0.0;
      table[r * 4 + 0] = 0.0;
      table[r * 4 + 1] = one;
      table[r * 4 + 2] = 2.0 * one;
      table[r * 4 + kDosageMissing] = in.cohort_imputation ? 2.0 * p : NAN;
    }
    if (n_dosage) engine.accumulate_segments(block.view(), SegmentBlock{ref_named.data(), seg_variant.data(), table.data(), n_dosage}, dosage.data());
    if (!genes.empty()) engine.accumulate_segments(block.view(), SegmentBlock{ref_named.data(), seg_gene.data(), table.data(), genes.size()}, burden.data());
  }
  std::vector<std::vector<std::size_t>> set_genes(in.gene_sets->size());  // each set's genes, as columns of `burden`
  for (std::size_t k = 0; k < in.gene_sets->size(); ++k)
    for (const auto& g : (*in.gene_sets)[k].genes) set_genes[k].push_back(gene_index.at(g));
  for (std::size_t s = 0; s < n; ++s) {
    for (std::size_t v = 0; v < n_dosage; ++v) m.at(s, v) = seen[v] ? dosage[s * n_dosage + v] : NAN;
    for (std::size_t g = 0; g < genes.size(); ++g) m.at(s, c_burden + g) = burden[s * genes.size() + g];
    for (std::size_t k = 0; k < set_genes.size(); ++k) {
      double sum = 0.0;
      for (const std::size_t g : set_genes[k]) sum += burden[s * genes.size() + g];
      m.at(s, c_burden_set + k) = sum;
    }
  }

  out.panel_matches = in.reader->panel_matches();
  out.sample_call_rate.resize(n);
  for (std::size_t s = 0; s < n; ++s) out.sample_call_rate[s] = sample_calls.rows() ? sample_calls.call_rate(s) : NAN;

  // Metabolizer phenotypes.
  if (in.pgx) {
    out.pgx = in.pgx->finish(samples, in.reader->panel_matches(), in.pgx_offset);
    for (std::size_t g = 0; g < out.pgx.genes.size(); ++g) {
      const GeneResults& gr = out.pgx.genes[g];
      std::vector<double> level(gr.distinct.size());  // per distinct call: a few, whatever the cohort
      for (std::size_t d = 0; d < gr.distinct.size(); ++d) level[d] = ordinal_class(metabolizer_class(gr.distinct[d].phenotype));
      for (std::size_t s = 0; s < n; ++s) m.at(s, c_metab + g) = level[gr.by_sample[s]];
    }
  }

  // Expression: log scale over every sample of the file (the cohort's own
  // levels), standardised, aligned to the genotype samples, set means.
  if (const ExpressionMatrix* e = in.expression) {
    const std::size_t ng = genes.size(), ne = e->samples.size(), ne_genes = e->genes.size();
    std::vector<double> all(ne * ng, NAN);
    std::unordered_map<std::string_view, std::size_t> e_gene;
    for (std::size_t g = 0; g < e->genes.size(); ++g) e_gene[e->genes[g]] = g;
    std::vector<std::ptrdiff_t> e_col(ng, -1);  // each gene's column in the file's matrix, -1: not used
    for (std::size_t g = 0; g < ng; ++g) {
      auto gi = e_gene.find(genes[g]);
      const bool ignored = in.ignore_expression_genes && in.ignore_expression_genes->count(genes[g]);
      if (ignored) {
        out.expression_genes_ignored.emplace_back(genes[g], "left out by the model");
        continue;
      }
      if (gi == e_gene.end()) {
        out.expression_genes_ignored.emplace_back(genes[g], "absent from the expression file");
        continue;
      }
      e_col[g] = static_cast<std::ptrdiff_t>(gi->second);
    }
    // Sample by sample (the matrices are sample-major: a gene at a time would
    // stride through them).
    for (std::size_t s = 0; s < ne; ++s) {
      const double* row = e->values.data() + s * ne_genes;
      for (std::size_t g = 0; g < ng; ++g)
        if (e_col[g] >= 0) all[s * ng + g] = row[e_col[g]];
    }
    engine.expression_log(all.data(), ne, ng, e->library_size.data(),
                          e->units == ExpressionUnits::Tpm ? ExpressionScale::LogTpm : ExpressionScale::LogCpm);
    std::vector<double> mean(ng, 0.0), sd(ng, 0.0);
    std::vector<char> use(ng, 0);
    // The cohort's own level of each gene: mean and sample standard deviation
    // over the file's samples with a value. Summed sample by sample for every
    // gene at once; each gene's sum still adds its samples in file order.
    std::vector<double> level_sum(ng, 0.0), level_sq(ng, 0.0), level_mean(ng, 0.0);
    std::vector<std::size_t> level_n(ng, 0);
    for (std::size_t s = 0; s < ne; ++s)
      for (std::size_t g = 0; g < ng; ++g)
        if (const double v = all[s * ng + g]; !std::isnan(v)) {
          level_sum[g] += v;
          ++level_n[g];
        }
    for (std::size_t g = 0; g < ng; ++g) level_mean[g] = level_n[g] ? level_sum[g] / static_cast<double>(level_n[g]) : 0.0;
    for (std::size_t s = 0; s < ne; ++s)
      for (std::size_t g = 0; g < ng; ++g)
        if (const double v = all[s * ng + g]; !std::isnan(v)) level_sq[g] += (v - level_mean[g]) * (v - level_mean[g]);
    for (std::size_t g = 0; g < ng; ++g) {
      if (e_col[g] < 0) continue;  // left out by the model or absent from the file
      GeneLevel lv;
      lv.n = level_n[g];
      lv.mean = level_mean[g];
      lv.sd = lv.n > 1 ? std::sqrt(level_sq[g] / static_cast<double>(lv.n - 1)) : 0.0;
      out.expression_levels[genes[g]] = lv;
      if (in.reference) {
        auto it = in.reference->mean_sd.find(genes[g]);
        if (it == in.reference->mean_sd.end()) continue;  // not the model's: the schema check names it
        mean[g] = it->second.first;
        sd[g] = it->second.second;
      } else {
        if (lv.n == 0) {
          out.expression_genes_ignored.emplace_back(genes[g], "no value in the expression file");
          continue;
        }
        if (!(lv.sd > 0)) {
          out.expression_genes_ignored.emplace_back(genes[g], "constant in the expression file");
          continue;
        }
        mean[g] = lv.mean;
        sd[g] = lv.sd;
      }
      use[g] = 1;
      out.expression_stats.mean_sd[genes[g]] = {mean[g], sd[g]};
    }
    std::vector<double> x(n * ng, NAN);
    std::vector<std::int64_t> e_row;
    map_rows(samples, &e->samples, e_row);
    for (std::size_t s = 0; s < n; ++s) {
      if (e_row[s] < 0) continue;
      for (std::size_t g = 0; g < ng; ++g)
        if (use[g]) x[s * ng + g] = all[static_cast<std::size_t>(e_row[s]) * ng + g];
    }
    engine.standardize_columns(x.data(), n, ng, mean.data(), sd.data());
    std::vector<std::int32_t> set_of(ng, -1);
    // Gene sets here are disjoint families; a gene in two sets counts in the first.
    for (std::size_t k = 0; k < in.gene_sets->size(); ++k)
      for (const auto& g : (*in.gene_sets)[k].genes)
        if (set_of[gene_index.at(g)] < 0) set_of[gene_index.at(g)] = static_cast<std::int32_t>(k);
    std::vector<double> set_means(n * in.gene_sets->size(), NAN);
    engine.segment_means(x.data(), n, ng, set_of.data(), in.gene_sets->size(), set_means.data());
    for (std::size_t s = 0; s < n; ++s) {
      for (std::size_t g = 0; g < ng; ++g) m.at(s, c_expr + g) = x[s * ng + g];
      for (std::size_t k = 0; k < in.gene_sets->size(); ++k) m.at(s, c_expr + ng + k) = set_means[s * in.gene_sets->size() + k];
    }
  }

  // Covariates.
  if (const Covariates* c = in.covariates) {
    std::vector<std::int64_t> row;
    map_rows(samples, &c->samples, row);
    for (std::size_t s = 0; s < n; ++s) {
      if (row[s] < 0) continue;
      const auto i = static_cast<std::size_t>(row[s]);
      m.at(s, c_cov + 0) = c->age[i] ? *c->age[i] : NAN;
      m.at(s, c_cov + 1) = c->sex[i] == Sex::Unknown ? NAN : (c->sex[i] == Sex::Male ? 1.0 : 0.0);
      m.at(s, c_cov + 2) = c->weight_kg[i] ? *c->weight_kg[i] : NAN;
      m.at(s, c_cov + 3) = c->baseline_madrs[i] ? *c->baseline_madrs[i] : NAN;
    }
  }
  return out;
}

}  // namespace ketapgx

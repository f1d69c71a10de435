#include "score/prediction_rows.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <mutex>
#include <string>

#include "pgx/allele_definitions.h"
#include "samples/sample_alignment.h"

namespace ketapgx {
namespace {

int class_index(const std::string& c) {
  static const char* kClasses[] = {"PM", "IM", "NM", "RM", "UM"};
  for (int k = 0; k < 5; ++k)
    if (c == kClasses[k]) return k;
  return -1;
}

// The largest contributions by magnitude (exact zeros left out), ties by name.
std::vector<std::pair<std::string, double>> top_contributions(const std::vector<std::string>& names, const double* c) {
  std::vector<std::size_t> idx;
  idx.reserve(names.size());
  for (std::size_t j = 0; j < names.size(); ++j)
    if (c[j] != 0) idx.push_back(j);
  // Names are unique, so the order is total: the first few of a partial sort
  // are those of a full one.
  const std::size_t k_top = std::min(idx.size(), kTopFeatures);
  std::partial_sort(idx.begin(), idx.begin() + static_cast<std::ptrdiff_t>(k_top), idx.end(), [&](std::size_t a, std::size_t b) {
    return std::fabs(c[a]) != std::fabs(c[b]) ? std::fabs(c[a]) > std::fabs(c[b]) : names[a] < names[b];
  });
  std::vector<std::pair<std::string, double>> out;
  for (std::size_t k = 0; k < k_top; ++k) out.emplace_back(names[idx[k]], c[idx[k]]);
  return out;
}

}  // namespace

std::vector<PredictionRow> prediction_rows(const BundleRun& br, const DoseRules& rules, DoseRoute route, int threads,
                                           std::atomic<std::int64_t>& people_done) {
  const FeatureRun& run = br.features;
  const FeatureMatrix& fm = run.outcome.matrix;
  const models::Dataset& ds = br.data;
  const models::Predictions& pred = br.predictions;
  const std::size_t nf = ds.n_features();
  const SampleInputs& si = run.inputs;
  std::vector<std::int64_t> cov_row, expr_row;  // each person's row in those inputs, -1: absent
  map_rows(fm.samples, si.covariates ? &si.covariates->samples : nullptr, cov_row);
  map_rows(fm.samples, si.expression ? &si.expression->samples : nullptr, expr_row);
  // Whether the model's expression features include a gene: a missing one is imputed and flagged.
  const std::vector<std::size_t>& expr_features = br.gene_expression_columns;
  static const char* kClasses[] = {"PM", "IM", "NM", "RM", "UM"};
  const bool ood_checked = !pred.ood_distance2.empty();
  std::vector<PredictionRow> rows(ds.n);
  // Each row depends on that person alone: rows in parallel give the same
  // outputs for any --threads. An exception leaves the loop as the first one.
  std::exception_ptr failure;
  std::mutex failure_mutex;
  const auto n_rows = static_cast<std::int64_t>(ds.n);
#pragma omp parallel for schedule(dynamic, 1024) num_threads(threads)
  for (std::int64_t si_ = 0; si_ < n_rows; ++si_) try {
    const auto s = static_cast<std::size_t>(si_);
    people_done.fetch_add(1, std::memory_order_relaxed);
    PredictionRow& r = rows[s];
    r.sample_id = fm.samples[s];
    r.p_responder = pred.p_responder[s];
    r.p_lo = pred.p_lo[s];
    r.p_hi = pred.p_hi[s];
    r.responder = r.p_responder >= br.threshold[s];
    r.model_inputs = br.model_inputs(s);
    int best = 0;
    for (int c = 0; c < 5; ++c) {
      r.p_class[static_cast<std::size_t>(c)] = pred.p_class[s * 5 + static_cast<std::size_t>(c)];
      if (r.p_class[static_cast<std::size_t>(c)] > r.p_class[static_cast<std::size_t>(best)]) best = c;
    }
    r.metabolizer_class = kClasses[best];
    std::string cyp2b6_class;
    for (const GeneResults& g : run.outcome.pgx.genes) {
      const int k = g.gene == "CYP2B6" ? 0 : g.gene == "CYP3A5" ? 1 : g.gene == "CYP3A4" ? 2 : -1;
      if (k < 0) continue;
      const DiplotypeCall& c = g.distinct[g.by_sample[s]];
      r.diplotype[static_cast<std::size_t>(k)] = c.diplotype;
      r.phenotype[static_cast<std::size_t>(k)] = c.phenotype;
      r.call_quality[static_cast<std::size_t>(k)] = c.call_quality;
      if (k == 0) cyp2b6_class = metabolizer_class(c.phenotype);
      if (c.diplotype.empty()) r.qc_flags.push_back(g.gene + "_no_call");
      if (c.partial()) r.qc_flags.push_back(g.gene + "_partial");  // Indeterminate: an unread position could change it
      if (c.basis == CallBasis::Outside) r.qc_flags.push_back(g.gene + "_outside");  // --outside-calls replaced it
    }
    DoseInput in;
    in.route = route;
    in.p_responder = r.p_responder;
    in.cyp2b6_phenotype = cyp2b6_class;
    in.metabolizer_class = r.metabolizer_class;
    if (cov_row[s] >= 0) {
      in.age = si.covariates->age[static_cast<std::size_t>(cov_row[s])];
      in.weight_kg = si.covariates->weight_kg[static_cast<std::size_t>(cov_row[s])];
    } else {
      r.qc_flags.push_back("no_covariates");
    }
    if (!in.weight_kg) r.qc_flags.push_back("weight_unknown");
    if (!in.age) r.qc_flags.push_back("age_unknown");  // age rules cannot be decided (dose withheld where they matter)
    if (si.expression && expr_row[s] < 0) {
      r.qc_flags.push_back("no_expression");
    } else if (si.expression) {
      // The model imputes a missing expression feature with its training mean: say so.
      for (const std::size_t f : expr_features)
        if (std::isnan(ds.x[s * nf + f])) {
          r.qc_flags.push_back("expression_genes_missing");
          break;
        }
    }
    if (!(run.outcome.sample_call_rate[s] >= 0.9)) r.qc_flags.push_back("low_call_rate");
    if (r.p_hi - r.p_lo > 0.3) r.qc_flags.push_back("ensemble_disagrees");
    if (ood_checked && !std::isnan(br.ood_threshold[s])) {
      r.ood_distance2 = pred.ood_distance2[s];
      if (r.ood_distance2 > br.ood_threshold[s]) r.qc_flags.push_back("out_of_distribution");
    }
    if (const int cpic = class_index(cyp2b6_class); cpic >= 0 && std::abs(cpic - best) >= 2)
      r.qc_flags.push_back("metabolizer_disagrees");
    r.logit = pred.logit[s];
    r.logit_baseline = br.logit_baseline[s];
    r.top_features = top_contributions(ds.feature_names, &pred.contributions[s * nf]);
    r.dose = suggest_dose(rules, in);
    round_as_written(r);
  } catch (...) {
    std::lock_guard<std::mutex> lock(failure_mutex);
    if (!failure) failure = std::current_exception();
  }
  if (failure) std::rethrow_exception(failure);
  return rows;
}

}  // namespace ketapgx

#include "model/training_data.h"

#include <cmath>
#include <map>
#include <unordered_set>

#include "ketapgx/core/errors.h"
#include "features/feature_matrix.h"
#include "output/format.h"
#include "util/log.h"

namespace ketapgx {

models::Dataset make_dataset(const FeatureMatrix& features, const Outcomes& outcomes, bool require_all_outcomes,
                             const std::vector<std::size_t>* columns) {
  std::unordered_set<std::string> genotyped(features.samples.begin(), features.samples.end());
  std::vector<std::string> absent;
  for (const auto& s : outcomes.samples)
    if (!genotyped.count(s)) absent.push_back(s);
  if (!absent.empty() && require_all_outcomes) {
    throw InputError("--outcomes " + outcomes.path + ": " + std::to_string(absent.size()) +
                     " sample(s) have outcomes but no genotypes (first: " + absent.front() +
                     "); remove them from the outcomes or add their genotypes (check the sample IDs match)");
  }
  std::vector<std::size_t> all;
  if (!columns) {
    for (std::size_t j = 0; j < features.names.size(); ++j) all.push_back(j);
    columns = &all;
  }
  models::Dataset d;
  for (std::size_t j : *columns) d.feature_names.push_back(j == kAbsentColumn ? std::string("(absent)") : features.names[j]);
  std::size_t unlabelled = 0;
  for (std::size_t s = 0; s < features.samples.size(); ++s) {
    auto it = outcomes.index.find(features.samples[s]);
    if (it == outcomes.index.end()) {
      ++unlabelled;
      continue;
    }
    for (std::size_t j : *columns) d.x.push_back(j == kAbsentColumn ? NAN : static_cast<float>(features.at(s, j)));
    d.responder.push_back(outcomes.responder[it->second]);
    d.metabolizer.push_back(outcomes.metabolizer[it->second]);
    ++d.n;
  }
  if (unlabelled) log::warn(std::to_string(unlabelled) + " genotyped sample(s) have no outcomes and are left out");
  if (d.n == 0) throw InputError("--outcomes " + outcomes.path + ": no sample has both genotypes and outcomes");
  std::size_t pos = 0, neg = 0;
  for (auto r : d.responder) {
    pos += r == 1;
    neg += r == 0;
  }
  if (pos == 0 || neg == 0)
    throw InputError("--outcomes " + outcomes.path + ": the responder column holds a single class (" + std::to_string(pos) +
                     " responders, " + std::to_string(neg) + " non-responders); both are needed to " +
                     (require_all_outcomes ? std::string("train") : std::string("evaluate a model (AUROC and calibration compare the two)")));
  return d;
}

models::Dataset unlabelled_dataset(const FeatureMatrix& features, const std::vector<std::size_t>& columns) {
  models::Dataset d;
  for (std::size_t j : columns) d.feature_names.push_back(j == kAbsentColumn ? std::string("(absent)") : features.names[j]);
  d.n = features.samples.size();
  d.x.resize(d.n * columns.size());
  for (std::size_t s = 0; s < d.n; ++s)
    for (std::size_t c = 0; c < columns.size(); ++c)
      d.x[s * columns.size() + c] = columns[c] == kAbsentColumn ? NAN : static_cast<float>(features.at(s, columns[c]));
  d.responder.assign(d.n, -1);
  d.metabolizer.assign(d.n, -1);
  return d;
}

std::vector<ExcludedFeature> drop_uninformative_features(
    models::Dataset& d, const std::vector<std::pair<std::string, std::string>>& expression_reasons) {
  std::map<std::string, std::string> why_gene(expression_reasons.begin(), expression_reasons.end());
  const std::size_t f = d.n_features();
  std::vector<ExcludedFeature> dropped;
  std::vector<std::size_t> keep;
  for (std::size_t j = 0; j < f; ++j) {
    std::size_t k = 0;
    double first = NAN;
    bool constant = true;
    for (std::size_t i = 0; i < d.n; ++i) {
      const float v = d.x[i * f + j];
      if (std::isnan(v)) continue;
      if (k++ == 0) first = v;
      else if (v != first) constant = false;
    }
    const std::string& name = d.feature_names[j];
    if (k == 0) {
      std::string reason = "no value for any training sample";
      if (is_gene_expression_feature(name))
        if (auto it = why_gene.find(name.substr(5)); it != why_gene.end()) reason = it->second;
      dropped.push_back({name, reason});
    } else if (constant) {
      dropped.push_back({name, "constant in the training data (" + format_double(first, 6) + " for every sample)"});
    } else {
      keep.push_back(j);
    }
  }
  if (dropped.empty()) return dropped;
  std::vector<std::string> names;
  std::vector<float> x(d.n * keep.size());
  for (std::size_t j : keep) names.push_back(d.feature_names[j]);
  for (std::size_t i = 0; i < d.n; ++i)
    for (std::size_t c = 0; c < keep.size(); ++c) x[i * keep.size() + c] = d.x[i * f + keep[c]];
  d.feature_names = std::move(names);
  d.x = std::move(x);
  return dropped;
}

}  // namespace ketapgx

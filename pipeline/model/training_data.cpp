#include "model/training_data.h"

#include <cmath>
#include <unordered_set>

#include "ketapgx/core/errors.h"
#include "util/log.h"

namespace ketapgx {

models::Dataset make_dataset(const FeatureMatrix& features, const Outcomes& outcomes, bool require_all_outcomes) {
  std::unordered_set<std::string> genotyped(features.samples.begin(), features.samples.end());
  std::vector<std::string> absent;
  for (const auto& s : outcomes.samples)
    if (!genotyped.count(s)) absent.push_back(s);
  if (!absent.empty() && require_all_outcomes) {
    throw InputError("--outcomes " + outcomes.path + ": " + std::to_string(absent.size()) +
                     " sample(s) have outcomes but no genotypes (first: " + absent.front() +
                     "); remove them from the outcomes or add their genotypes (check the sample IDs match)");
  }
  models::Dataset d;
  d.feature_names = features.names;
  const std::size_t f = features.names.size();
  std::size_t unlabelled = 0;
  for (std::size_t s = 0; s < features.samples.size(); ++s) {
    auto it = outcomes.index.find(features.samples[s]);
    if (it == outcomes.index.end()) {
      ++unlabelled;
      continue;
    }
    for (std::size_t j = 0; j < f; ++j) d.x.push_back(static_cast<float>(features.at(s, j)));
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
                     " responders, " + std::to_string(neg) + " non-responders); both are needed to train");
  for (std::size_t j = 0; j < f; ++j) {
    bool any = false;
    for (std::size_t i = 0; i < d.n && !any; ++i) any = !std::isnan(d.x[i * f + j]);
    if (!any)
      throw InputError("feature " + d.feature_names[j] + " has no value for any sample with outcomes (NaN everywhere): "
                       "is its input missing or empty? Leave that input out or fix it");
  }
  return d;
}

}  // namespace ketapgx

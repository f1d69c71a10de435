// Feature matrix + outcomes -> the model layer's Dataset.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "features/feature_matrix.h"
#include "ketapgx/models/model_api.h"
#include "model/outcomes.h"

namespace ketapgx {

// A column the data lack (expression features of a cohort scored without
// --expression by a bundle that has a network for it): NaN throughout.
constexpr std::size_t kAbsentColumn = static_cast<std::size_t>(-1);

// Samples of `features` that have at least one outcome, in feature order, with
// the columns `columns` (all when null). Throws InputError when an outcome
// sample has no genotypes (if require_all_outcomes) or when the responder
// column holds a single class.
models::Dataset make_dataset(const FeatureMatrix& features, const Outcomes& outcomes, bool require_all_outcomes,
                             const std::vector<std::size_t>* columns = nullptr);

// Every sample of `features` (no outcomes), with the columns `columns`: what `score` predicts.
models::Dataset unlabelled_dataset(const FeatureMatrix& features, const std::vector<std::size_t>& columns);

// A feature left out of training, and why.
struct ExcludedFeature {
  std::string feature;
  std::string reason;
};

// Removes the features that cannot inform a model: no value for any training
// sample, or one value for all of them. `expression_reasons` gives the reason
// for an expression gene the feature builder left out (absent from the file...).
std::vector<ExcludedFeature> drop_uninformative_features(
    models::Dataset& data, const std::vector<std::pair<std::string, std::string>>& expression_reasons);

}  // namespace ketapgx

// Feature matrix + outcomes -> the model layer's Dataset.
#pragma once

#include "features/feature_matrix.h"
#include "ketapgx/models/model_api.h"
#include "model/outcomes.h"

namespace ketapgx {

// Samples of `features` that have at least one outcome, in feature order.
// Throws InputError when an outcome sample has no genotypes (if
// require_all_outcomes), when the responder column holds a single class, or
// when a feature has no value for any of the samples.
models::Dataset make_dataset(const FeatureMatrix& features, const Outcomes& outcomes, bool require_all_outcomes);

}  // namespace ketapgx

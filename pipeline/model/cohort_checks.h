// Cohort-level checks of the data a model bundle scores.
//
// Expression shift: per expression gene the model uses, the cohort's level on
// the bundle's log scale (over every sample of the expression file) against
// the bundle's training statistics: shift = (cohort mean - training mean) /
// training SD, and sd_ratio = cohort SD / training SD. A gene is flagged when
//   |shift| >= max(0.5, 4 / sqrt(n))   or   |ln sd_ratio| >= max(ln 1.5, 4 / sqrt(2 (n - 1)))
// with n the cohort's samples with a value: half a training SD (or an SD off by
// half) is a shift that moves predictions, and 4 standard errors keeps an
// unshifted cohort of any size from being flagged by chance across all genes.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

#include "model/bundle.h"

namespace ketapgx {

struct GeneShift {
  std::string gene;
  std::size_t n = 0;
  double shift = 0, sd_ratio = 1;
  bool flagged = false;
};

struct ExpressionShiftCheck {
  std::vector<GeneShift> genes;  // every expression gene the model uses that the cohort has
  std::size_t flagged() const;
};

ExpressionShiftCheck check_expression_shift(const Bundle& bundle, const std::map<std::string, GeneLevel>& cohort);

// The threshold rule, in words, for outputs.
std::string expression_shift_rule();

// The flagged genes: [{gene, n, shift, sd_ratio}] (4 significant digits).
nlohmann::ordered_json expression_shift_json(const ExpressionShiftCheck& check);

// The smallest cohort --expression-standardize cohort accepts (per gene).
constexpr std::size_t kMinCohortForStandardize = 30;

}  // namespace ketapgx

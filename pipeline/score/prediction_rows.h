// Each person's row of predictions.tsv / predictions.json: the model's
// predictions, the star-allele calls, the QC flags and the research dose the
// rules suggest. Used by `score` and by `evaluate` (whose predictions.tsv has
// the same columns).
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "dosing/dose_rules.h"
#include "model/bundle_run.h"
#include "score/predictions.h"

namespace ketapgx {

// One row per person of `br`, in its order, rounded as written. `done` counts
// the rows made (for a progress line). Rows are made on `threads` threads:
// each depends on its person alone, so the result does not depend on them.
std::vector<PredictionRow> prediction_rows(const BundleRun& br, const DoseRules& rules, DoseRoute route, int threads,
                                           std::atomic<std::int64_t>& done);

}  // namespace ketapgx

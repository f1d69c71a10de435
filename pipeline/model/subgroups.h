// The subgroups a prediction-model report shows performance in (TRIPOD+AI
// item 23b): sex, age 65 and over, and the CYP2B6 metabolizer phenotype
// group from the star-allele calls; their metrics come from
// subgroup_metrics (model/metrics.h), each group from kMinSubgroupSize people.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "features/features.h"

namespace ketapgx {

struct Subgroups {
  std::vector<std::string> sex;     // "female", "male", "" (unknown)
  std::vector<std::string> age;     // "under 65", "65 and over", "" (unknown)
  std::vector<std::string> cyp2b6;  // "PM or IM", "NM", "RM or UM", "indeterminate or no call"
};

// For each of `samples` (IDs of the feature run's genotyped samples).
Subgroups subgroups_of(const FeatureRun& run, const std::vector<std::string>& samples);

// The metrics of every group of every dimension, one array.
nlohmann::ordered_json all_subgroup_metrics(const Subgroups& g, const std::vector<double>& p, const std::vector<std::int8_t>& responder,
                                            int bootstrap_replicates, std::uint64_t seed);

}  // namespace ketapgx

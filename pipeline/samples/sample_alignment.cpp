#include "samples/sample_alignment.h"

#include <algorithm>
#include <numeric>
#include <string_view>
#include <unordered_map>

namespace ketapgx {

bool map_rows(const std::vector<std::string>& order, const std::vector<std::string>* ids, std::vector<std::int64_t>& row) {
  row.assign(order.size(), -1);
  if (!ids) return false;
  if (*ids == order) {
    std::iota(row.begin(), row.end(), std::int64_t{0});
    return true;
  }
  std::unordered_map<std::string_view, std::int64_t> at;
  at.reserve(ids->size());
  for (std::size_t i = 0; i < ids->size(); ++i) at.emplace((*ids)[i], static_cast<std::int64_t>(i));  // the first of a repeat
  for (std::size_t s = 0; s < order.size(); ++s)
    if (auto it = at.find(order[s]); it != at.end()) row[s] = it->second;
  return false;
}

SampleAlignment align_samples(const std::vector<std::string>& genotype_samples,
                              const std::vector<std::string>* expression_samples,
                              const std::vector<std::string>* covariate_samples) {
  SampleAlignment a;
  a.order = genotype_samples;
  const bool expr_same = map_rows(genotype_samples, expression_samples, a.expression_row);
  const bool cov_same = map_rows(genotype_samples, covariate_samples, a.covariate_row);
  // Every ID of any input once (a hash of views into the inputs where they
  // differ), then sorted by ID.
  std::vector<SampleAlignment::Presence> all;
  if ((!expression_samples || expr_same) && (!covariate_samples || cov_same)) {
    all.reserve(genotype_samples.size());
    for (std::size_t s = 0; s < genotype_samples.size(); ++s)
      all.push_back(SampleAlignment::Presence{genotype_samples[s], true, expression_samples != nullptr, covariate_samples != nullptr,
                                              static_cast<std::int64_t>(s), a.expression_row[s]});
  } else {
    std::unordered_map<std::string_view, std::size_t> at;
    at.reserve(genotype_samples.size() + (expression_samples ? expression_samples->size() : 0) +
               (covariate_samples ? covariate_samples->size() : 0));
    auto mark = [&](const std::vector<std::string>* ids, bool SampleAlignment::Presence::*flag, std::int64_t SampleAlignment::Presence::*row) {
      if (!ids) return;
      for (std::size_t i = 0; i < ids->size(); ++i) {
        auto [it, inserted] = at.try_emplace(std::string_view((*ids)[i]), all.size());
        if (inserted) all.push_back(SampleAlignment::Presence{(*ids)[i], false, false, false});
        SampleAlignment::Presence& p = all[it->second];
        if (row && !(p.*flag)) p.*row = static_cast<std::int64_t>(i);
        p.*flag = true;
      }
    };
    mark(&genotype_samples, &SampleAlignment::Presence::in_vcf, &SampleAlignment::Presence::vcf_row);
    mark(expression_samples, &SampleAlignment::Presence::in_expression, &SampleAlignment::Presence::expression_row);
    mark(covariate_samples, &SampleAlignment::Presence::in_covariates, nullptr);
  }
  // Sorted through an index (no string moves); a file already sorted (as
  // many are) is only checked.
  auto by_id = [&](std::size_t x, std::size_t y) { return all[x].sample_id < all[y].sample_id; };
  std::vector<std::size_t> idx(all.size());
  std::iota(idx.begin(), idx.end(), std::size_t{0});
  if (!std::is_sorted(idx.begin(), idx.end(), by_id)) std::sort(idx.begin(), idx.end(), by_id);
  a.all.reserve(all.size());
  for (std::size_t i : idx) a.all.push_back(std::move(all[i]));
  return a;
}

}  // namespace ketapgx

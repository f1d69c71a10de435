#include "samples/sample_alignment.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>

namespace ketapgx {

SampleAlignment align_samples(const std::vector<std::string>& genotype_samples,
                              const std::vector<std::string>* expression_samples,
                              const std::vector<std::string>* covariate_samples) {
  SampleAlignment a;
  a.order = genotype_samples;
  auto index_of = [](const std::vector<std::string>* ids) {
    std::unordered_map<std::string, std::int64_t> m;
    if (ids)
      for (std::size_t i = 0; i < ids->size(); ++i) m.emplace((*ids)[i], static_cast<std::int64_t>(i));
    return m;
  };
  const auto expr = index_of(expression_samples);
  const auto cov = index_of(covariate_samples);
  for (const std::string& s : a.order) {
    auto e = expr.find(s);
    auto c = cov.find(s);
    a.expression_row.push_back(e == expr.end() ? -1 : e->second);
    a.covariate_row.push_back(c == cov.end() ? -1 : c->second);
  }
  // Every ID of any input once, sorted (a hash of views into the inputs, then
  // one sort: a biobank's 500,000 IDs in a std::map took a second).
  std::unordered_map<std::string_view, std::size_t> at;
  at.reserve(genotype_samples.size() + (expression_samples ? expression_samples->size() : 0) +
             (covariate_samples ? covariate_samples->size() : 0));
  auto mark = [&](const std::vector<std::string>* ids, bool SampleAlignment::Presence::*flag) {
    if (!ids) return;
    for (const std::string& s : *ids) {
      auto [it, inserted] = at.try_emplace(std::string_view(s), a.all.size());
      if (inserted) a.all.push_back(SampleAlignment::Presence{s, false, false, false});
      a.all[it->second].*flag = true;
    }
  };
  mark(&genotype_samples, &SampleAlignment::Presence::in_vcf);
  mark(expression_samples, &SampleAlignment::Presence::in_expression);
  mark(covariate_samples, &SampleAlignment::Presence::in_covariates);
  std::sort(a.all.begin(), a.all.end(),
            [](const SampleAlignment::Presence& x, const SampleAlignment::Presence& y) { return x.sample_id < y.sample_id; });
  return a;
}

}  // namespace ketapgx

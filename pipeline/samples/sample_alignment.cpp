#include "samples/sample_alignment.h"

#include <map>
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
  std::map<std::string, SampleAlignment::Presence> all;
  auto mark = [&](const std::vector<std::string>* ids, bool SampleAlignment::Presence::*flag) {
    if (!ids) return;
    for (const std::string& s : *ids) {
      auto [it, inserted] = all.try_emplace(s, SampleAlignment::Presence{s, false, false, false});
      it->second.*flag = true;
    }
  };
  mark(&genotype_samples, &SampleAlignment::Presence::in_vcf);
  mark(expression_samples, &SampleAlignment::Presence::in_expression);
  mark(covariate_samples, &SampleAlignment::Presence::in_covariates);
  for (auto& [id, p] : all) a.all.push_back(p);
  return a;
}

}  // namespace ketapgx

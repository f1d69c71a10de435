#include "model/subgroups.h"

#include <unordered_map>

#include "model/metrics.h"
#include "pgx/allele_definitions.h"

namespace ketapgx {

Subgroups subgroups_of(const FeatureRun& run, const std::vector<std::string>& samples) {
  Subgroups g;
  std::unordered_map<std::string, std::size_t> cov_row, vcf_row;
  const auto& cov = run.inputs.covariates;
  if (cov)
    for (std::size_t i = 0; i < cov->samples.size(); ++i) cov_row[cov->samples[i]] = i;
  const PgxResults& pgx = run.outcome.pgx;
  for (std::size_t i = 0; i < pgx.samples.size(); ++i) vcf_row[pgx.samples[i]] = i;
  const GeneResults* cyp2b6 = nullptr;
  for (const GeneResults& r : pgx.genes)
    if (r.gene == "CYP2B6") cyp2b6 = &r;
  for (const std::string& s : samples) {
    std::string sex, age, pheno = "indeterminate or no call";
    if (auto it = cov_row.find(s); it != cov_row.end()) {
      const Sex x = cov->sex[it->second];
      sex = x == Sex::Female ? "female" : x == Sex::Male ? "male" : "";
      if (const auto& a = cov->age[it->second]) age = *a >= 65 ? "65 and over" : "under 65";
    }
    if (auto it = vcf_row.find(s); cyp2b6 && it != vcf_row.end()) {
      const std::string c = metabolizer_class(cyp2b6->distinct[cyp2b6->by_sample[it->second]].phenotype);
      if (c == "PM" || c == "IM") pheno = "PM or IM";
      else if (c == "NM") pheno = "NM";
      else if (c == "RM" || c == "UM") pheno = "RM or UM";
    }
    g.sex.push_back(sex);
    g.age.push_back(age);
    g.cyp2b6.push_back(pheno);
  }
  return g;
}

nlohmann::ordered_json all_subgroup_metrics(const Subgroups& g, const std::vector<double>& p, const std::vector<std::int8_t>& responder,
                                            int replicates, std::uint64_t seed) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& [dim, groups] : {std::pair<const char*, const std::vector<std::string>*>{"sex", &g.sex}, {"age", &g.age},
                                    {"CYP2B6 phenotype", &g.cyp2b6}})
    for (auto& e : subgroup_metrics(dim, *groups, p, responder, replicates, seed)) out.push_back(e);
  return out;
}

}  // namespace ketapgx

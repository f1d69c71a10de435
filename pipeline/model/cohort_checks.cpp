#include "model/cohort_checks.h"

#include <algorithm>
#include <cmath>

#include "output/format.h"

namespace ketapgx {

std::size_t ExpressionShiftCheck::flagged() const {
  return static_cast<std::size_t>(std::count_if(genes.begin(), genes.end(), [](const GeneShift& g) { return g.flagged; }));
}

ExpressionShiftCheck check_expression_shift(const Bundle& b, const std::map<std::string, GeneLevel>& cohort) {
  ExpressionShiftCheck out;
  for (const auto& [gene, ms] : b.expression_stats.mean_sd) {
    auto it = cohort.find(gene);
    if (it == cohort.end() || it->second.n < 2) continue;
    const GeneLevel& lv = it->second;
    GeneShift g;
    g.gene = gene;
    g.n = lv.n;
    g.shift = (lv.mean - ms.first) / ms.second;
    g.sd_ratio = lv.sd / ms.second;
    const double n = static_cast<double>(lv.n);
    const double shift_limit = std::max(0.5, 4 / std::sqrt(n));
    const double ratio_limit = std::max(std::log(1.5), 4 / std::sqrt(2 * (n - 1)));
    g.flagged = std::fabs(g.shift) >= shift_limit || !(g.sd_ratio > 0) || std::fabs(std::log(g.sd_ratio)) >= ratio_limit;
    out.genes.push_back(g);
  }
  return out;
}

std::string expression_shift_rule() {
  return "per gene the model uses, on its log scale over every sample of the expression file: shift = (cohort mean - "
         "training mean) / training SD, sd_ratio = cohort SD / training SD; flagged when |shift| >= max(0.5, 4/sqrt(n)) "
         "or |ln sd_ratio| >= max(ln 1.5, 4/sqrt(2(n-1)))";
}

nlohmann::ordered_json expression_shift_json(const ExpressionShiftCheck& c) {
  nlohmann::ordered_json genes = nlohmann::ordered_json::array();
  for (const GeneShift& g : c.genes)
    if (g.flagged)
      genes.push_back({{"gene", g.gene}, {"n", g.n}, {"shift", std::stod(format_double(g.shift, 4))},
                       {"sd_ratio", std::stod(format_double(g.sd_ratio, 4))}});
  return genes;
}

}  // namespace ketapgx

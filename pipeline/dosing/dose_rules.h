// The research dose-suggestion rule engine: rules read from configs/dosing.yaml
// (see the comments there), each with an id, a condition over predictions,
// phenotypes and covariates, an action, and its evidence and source. Every
// suggestion carries the research-use notice; none is a clinical decision.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace ketapgx {

enum class DoseRoute { IvRacemic, EsketamineNasal };
DoseRoute parse_dose_route(const std::string& s);  // iv_racemic | esketamine_nasal; UsageError otherwise
const char* dose_route_name(DoseRoute r);

struct DoseRule {
  std::string id;
  // Condition (unset = any).
  std::vector<DoseRoute> routes;
  std::optional<double> age_at_least, age_below;
  std::vector<std::string> cyp2b6_phenotype;  // PM/IM/NM/RM/UM
  std::vector<std::string> metabolizer_class;
  std::optional<double> p_responder_below, p_responder_at_least;
  // Action.
  std::optional<double> set_mg_per_kg, cap_mg_per_kg, set_dose_mg, infusion_minutes, observation_minutes;
  std::string flag;
  std::string evidence, source;
};

struct DoseRules {
  std::string path;
  std::string notice;
  std::vector<DoseRule> rules;
};

// Throws InputError naming the file and rule on anything malformed.
DoseRules load_dose_rules(const std::string& path);

// What the rules see about one person (unknowns empty / nullopt).
struct DoseInput {
  DoseRoute route = DoseRoute::IvRacemic;
  std::optional<double> age, weight_kg, p_responder;
  std::string cyp2b6_phenotype;   // PM/IM/NM/RM/UM or ""
  std::string metabolizer_class;  // predicted, or ""
};

struct DoseSuggestion {
  std::string route;                     // "iv_racemic" / "esketamine_nasal"
  std::optional<double> mg_per_kg;       // for weight-based routes
  std::optional<double> dose_mg;         // weight x mg/kg, or the fixed dose; empty when weight is unknown
  std::optional<double> infusion_minutes, observation_minutes;
  std::vector<std::string> rules_fired;  // ids, in file order
  std::vector<std::string> flags;
  bool dose_withheld = false;            // the dose would depend on an unknown age: none given
};

// Applies every rule whose condition holds, in file order. An unknown age
// satisfies no condition on age; when the rules would give another dose at
// some age, no dose is suggested (mg_per_kg and dose_mg empty, a flag says why).
DoseSuggestion suggest_dose(const DoseRules& rules, const DoseInput& in);

}  // namespace ketapgx

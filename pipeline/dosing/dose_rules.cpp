#include "dosing/dose_rules.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "ketapgx/core/errors.h"
#include "util/text.h"
#include "util/yaml_values.h"

namespace ketapgx {

DoseRoute parse_dose_route(const std::string& s) {
  if (s == "iv_racemic") return DoseRoute::IvRacemic;
  if (s == "esketamine_nasal") return DoseRoute::EsketamineNasal;
  throw UsageError("--route: expected iv_racemic or esketamine_nasal, got '" + s + "'");
}

const char* dose_route_name(DoseRoute r) { return r == DoseRoute::IvRacemic ? "iv_racemic" : "esketamine_nasal"; }

namespace {

const std::set<std::string> kWhenKeys = {"route", "age_at_least", "age_below", "cyp2b6_phenotype", "metabolizer_class",
                                         "p_responder_below", "p_responder_at_least"};
const std::set<std::string> kThenKeys = {"set_mg_per_kg", "cap_mg_per_kg", "set_dose_mg", "infusion_minutes",
                                         "observation_minutes", "flag"};
const std::set<std::string> kRuleKeys = {"id", "when", "then", "evidence", "source"};
const std::set<std::string> kClasses = {"PM", "IM", "NM", "RM", "UM"};

// The ranges a rule's numbers must lie in (documented in configs/dosing.yaml):
// far wider than any research protocol, so only a typo or a unit mix-up falls outside.
constexpr double kMaxMgPerKg = 2.0;        // twice the highest antidepressant research dose (1 mg/kg)
constexpr double kMaxDoseMg = 200.0;       // a fixed dose (esketamine: 28-84 mg)
constexpr double kMaxMinutes = 24 * 60.0;  // infusion and observation

void check_keys(const YAML::Node& map, const std::set<std::string>& known, const std::string& at, const char* what,
                const char* noun) {
  if (!map.IsMap()) throw InputError(at + ": '" + what + "' must be a mapping of keys to values");
  for (const auto& kv : map) {
    const std::string k = kv.first.IsScalar() ? kv.first.Scalar() : "?";
    if (!known.count(k)) {
      std::string list;
      for (const auto& x : known) list += (list.empty() ? "" : ", ") + x;
      throw InputError(at + ": unknown " + noun + " '" + k + "'; expected one of " + list);
    }
  }
}

}  // namespace

DoseRules load_dose_rules(const std::string& path) {
  const YAML::Node root = yaml::load_file(path, "--dose-rules");
  const std::string file = "--dose-rules " + path;
  DoseRules out;
  out.path = path;
  if (!root.IsMap() || !root["notice"] || !root["rules"])
    throw InputError(file + ": expected a mapping with 'notice' (the research-use notice) and 'rules' (a list)");
  check_keys(root, {"notice", "rules"}, file, "top level", "key");
  out.notice = yaml::string_value(root["notice"], file + ", notice");
  if (text::trim(out.notice).empty()) throw InputError(file + ": the research-use notice is empty");
  if (!root["rules"].IsSequence()) throw InputError(file + ": 'rules' must be a list of rules");
  std::set<std::string> ids;
  std::size_t index = 0;
  for (const auto& node : root["rules"]) {
    ++index;
    const std::string nth = file + ", rule " + std::to_string(index);
    if (!node.IsMap()) throw InputError(nth + ": expected a mapping with id, when, then, evidence and source");
    DoseRule r;
    if (!node["id"]) throw InputError(nth + ": no id");
    r.id = yaml::string_value(node["id"], nth + ", id");
    if (r.id.empty() || r.id.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") != std::string::npos)
      throw InputError(nth + ": id '" + r.id + "' must be letters, digits, '_', '-' or '.' (it is written into ;-separated lists)");
    const std::string at = file + ", rule '" + r.id + "'";
    if (!ids.insert(r.id).second) throw InputError(at + ": id used twice");
    check_keys(node, kRuleKeys, at, "rule", "key");
    if (const auto w = node["when"]) {
      check_keys(w, kWhenKeys, at, "when", "condition");
      if (w["route"])
        for (const auto& v : yaml::string_list(w["route"], at + ", when.route")) {
          try {
            r.routes.push_back(parse_dose_route(v));
          } catch (const UsageError&) {
            throw InputError(at + ", when.route: '" + v + "' is not a route; expected iv_racemic or esketamine_nasal");
          }
        }
      if (w["age_at_least"]) r.age_at_least = yaml::number(w["age_at_least"], at + ", when.age_at_least", 0, 120);
      if (w["age_below"]) r.age_below = yaml::number(w["age_below"], at + ", when.age_below", 0, 120);
      for (const char* key : {"cyp2b6_phenotype", "metabolizer_class"}) {
        if (!w[key]) continue;
        auto& list = std::string(key) == "cyp2b6_phenotype" ? r.cyp2b6_phenotype : r.metabolizer_class;
        for (const auto& c : yaml::string_list(w[key], at + ", when." + key)) {
          if (!kClasses.count(c)) throw InputError(at + ", when." + key + ": '" + c + "' is not PM, IM, NM, RM or UM");
          list.push_back(c);
        }
      }
      if (w["p_responder_below"]) r.p_responder_below = yaml::number(w["p_responder_below"], at + ", when.p_responder_below", 0, 1);
      if (w["p_responder_at_least"])
        r.p_responder_at_least = yaml::number(w["p_responder_at_least"], at + ", when.p_responder_at_least", 0, 1);
    }
    const auto t = node["then"];
    if (!t) throw InputError(at + ": no 'then' action");
    check_keys(t, kThenKeys, at, "then", "action");
    // Doses strictly positive (a rule that wants no dose says so in a flag), minutes not negative.
    auto dose = [&](const char* key, double max) -> std::optional<double> {
      if (!t[key]) return std::nullopt;
      const double v = yaml::number(t[key], at + ", then." + key, 0, max);
      if (!(v > 0)) throw InputError(at + ", then." + key + ": a dose must be above 0");
      return v;
    };
    r.set_mg_per_kg = dose("set_mg_per_kg", kMaxMgPerKg);
    r.cap_mg_per_kg = dose("cap_mg_per_kg", kMaxMgPerKg);
    r.set_dose_mg = dose("set_dose_mg", kMaxDoseMg);
    if (t["infusion_minutes"]) r.infusion_minutes = yaml::number(t["infusion_minutes"], at + ", then.infusion_minutes", 0, kMaxMinutes);
    if (t["observation_minutes"])
      r.observation_minutes = yaml::number(t["observation_minutes"], at + ", then.observation_minutes", 0, kMaxMinutes);
    if (t["flag"]) r.flag = yaml::string_value(t["flag"], at + ", then.flag");
    if (r.flag.find_first_of(";\t\n") != std::string::npos)
      throw InputError(at + ", then.flag: a note must not contain ';', tabs or line breaks (it is written into a ;-separated list)");
    if (!node["evidence"] || !node["source"]) throw InputError(at + ": every rule states its evidence and source");
    r.evidence = yaml::string_value(node["evidence"], at + ", evidence");
    r.source = yaml::string_value(node["source"], at + ", source");
    if (text::trim(r.evidence).empty() || text::trim(r.source).empty()) throw InputError(at + ": evidence and source must not be empty");
    out.rules.push_back(std::move(r));
  }
  if (out.rules.empty()) throw InputError(file + ": no rules");
  return out;
}

namespace {

bool holds(const DoseRule& r, const DoseInput& in) {
  if (!r.routes.empty() && std::find(r.routes.begin(), r.routes.end(), in.route) == r.routes.end()) return false;
  // An unknown age or probability never satisfies a condition on it.
  if (r.age_at_least && !(in.age && *in.age >= *r.age_at_least)) return false;
  if (r.age_below && !(in.age && *in.age < *r.age_below)) return false;
  if (!r.cyp2b6_phenotype.empty() &&
      std::find(r.cyp2b6_phenotype.begin(), r.cyp2b6_phenotype.end(), in.cyp2b6_phenotype) == r.cyp2b6_phenotype.end())
    return false;
  if (!r.metabolizer_class.empty() &&
      std::find(r.metabolizer_class.begin(), r.metabolizer_class.end(), in.metabolizer_class) == r.metabolizer_class.end())
    return false;
  if (r.p_responder_below && !(in.p_responder && *in.p_responder < *r.p_responder_below)) return false;
  if (r.p_responder_at_least && !(in.p_responder && *in.p_responder >= *r.p_responder_at_least)) return false;
  return true;
}

}  // namespace

namespace {

DoseSuggestion apply_rules(const DoseRules& rules, const DoseInput& in) {
  DoseSuggestion d;
  d.route = dose_route_name(in.route);
  std::optional<double> fixed_mg;
  for (const DoseRule& r : rules.rules) {
    if (!holds(r, in)) continue;
    d.rules_fired.push_back(r.id);
    if (r.set_mg_per_kg) d.mg_per_kg = r.set_mg_per_kg;
    if (r.cap_mg_per_kg && d.mg_per_kg) d.mg_per_kg = std::min(*d.mg_per_kg, *r.cap_mg_per_kg);
    if (r.set_dose_mg) fixed_mg = r.set_dose_mg;
    if (r.infusion_minutes) d.infusion_minutes = r.infusion_minutes;
    if (r.observation_minutes) d.observation_minutes = std::max(d.observation_minutes.value_or(0.0), *r.observation_minutes);
    if (!r.flag.empty()) d.flags.push_back(r.flag);
  }
  if (fixed_mg) {
    d.dose_mg = fixed_mg;
    d.mg_per_kg.reset();
  } else if (d.mg_per_kg && in.weight_kg) {
    d.dose_mg = std::round(*d.mg_per_kg * *in.weight_kg * 10.0) / 10.0;  // 0.1 mg
  }
  return d;
}

}  // namespace

DoseSuggestion suggest_dose(const DoseRules& rules, const DoseInput& in) {
  DoseSuggestion d = apply_rules(rules, in);
  if (in.age) return d;
  // Age unknown: a rule on age neither holds nor fails. Every age condition
  // is "age >= t" or "age < t", so one age from each stretch between the
  // thresholds (0 and each t) shows every dose the rules could give; if they
  // differ, the dose depends on the unknown age and none is suggested.
  std::vector<double> ages{0.0};
  std::vector<std::string> age_rules;
  for (const DoseRule& r : rules.rules) {
    if (!r.routes.empty() && std::find(r.routes.begin(), r.routes.end(), in.route) == r.routes.end()) continue;
    for (const auto& t : {r.age_at_least, r.age_below})
      if (t) {
        ages.push_back(*t);
        if (age_rules.empty() || age_rules.back() != r.id) age_rules.push_back(r.id);
      }
  }
  if (age_rules.empty()) return d;
  bool dose_differs = false, infusion_differs = false;
  std::optional<double> longest_observation = d.observation_minutes;
  for (double age : ages) {
    DoseInput at = in;
    at.age = age;
    const DoseSuggestion e = apply_rules(rules, at);
    dose_differs |= e.mg_per_kg != d.mg_per_kg || e.dose_mg != d.dose_mg;
    infusion_differs |= e.infusion_minutes != d.infusion_minutes;
    if (e.observation_minutes && (!longest_observation || *e.observation_minutes > *longest_observation))
      longest_observation = e.observation_minutes;
  }
  const std::string rule_list = "(rules " + text::join(age_rules, ", ") + ")";
  if (dose_differs) {
    d.mg_per_kg.reset();
    d.dose_mg.reset();
    d.flags.push_back("age unknown: the dose depends on it " + rule_list + ", none suggested - give age in --covariates");  // no ";": the notes column is ;-separated
    d.dose_withheld = true;
  }
  if (infusion_differs) d.flags.push_back("age unknown: the infusion time depends on it " + rule_list + " - give age in --covariates");
  if (longest_observation != d.observation_minutes) {
    // The cautious side: the longest observation any age would get.
    d.observation_minutes = longest_observation;
    d.flags.push_back("age unknown: observation time is the longest any age would get " + rule_list);
  }
  return d;
}

}  // namespace ketapgx

#include "dosing/dose_rules.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "ketapgx/core/errors.h"

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
const std::set<std::string> kClasses = {"PM", "IM", "NM", "RM", "UM"};

}  // namespace

DoseRules load_dose_rules(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    throw InputError("dose rules " + path + ": " + e.what());
  }
  DoseRules out;
  out.path = path;
  if (!root["notice"] || !root["rules"] || !root["rules"].IsSequence())
    throw InputError("dose rules " + path + ": expected 'notice' and a 'rules' list");
  out.notice = root["notice"].as<std::string>();
  std::set<std::string> ids;
  for (const auto& node : root["rules"]) {
    DoseRule r;
    if (!node["id"]) throw InputError("dose rules " + path + ": a rule has no id");
    r.id = node["id"].as<std::string>();
    const std::string at = "dose rules " + path + ", rule '" + r.id + "'";
    if (!ids.insert(r.id).second) throw InputError(at + ": id used twice");
    try {
      if (const auto w = node["when"]) {
        for (const auto& kv : w) {
          const std::string k = kv.first.as<std::string>();
          if (!kWhenKeys.count(k)) throw InputError(at + ": unknown condition '" + k + "'");
        }
        if (w["route"]) for (const auto& v : w["route"]) r.routes.push_back(parse_dose_route(v.as<std::string>()));
        if (w["age_at_least"]) r.age_at_least = w["age_at_least"].as<double>();
        if (w["age_below"]) r.age_below = w["age_below"].as<double>();
        for (const char* key : {"cyp2b6_phenotype", "metabolizer_class"}) {
          if (!w[key]) continue;
          auto& list = std::string(key) == "cyp2b6_phenotype" ? r.cyp2b6_phenotype : r.metabolizer_class;
          for (const auto& v : w[key]) {
            const std::string c = v.as<std::string>();
            if (!kClasses.count(c)) throw InputError(at + ": " + key + " '" + c + "' is not PM, IM, NM, RM or UM");
            list.push_back(c);
          }
        }
        if (w["p_responder_below"]) r.p_responder_below = w["p_responder_below"].as<double>();
        if (w["p_responder_at_least"]) r.p_responder_at_least = w["p_responder_at_least"].as<double>();
      }
      const auto t = node["then"];
      if (!t) throw InputError(at + ": no 'then' action");
      for (const auto& kv : t) {
        const std::string k = kv.first.as<std::string>();
        if (!kThenKeys.count(k)) throw InputError(at + ": unknown action '" + k + "'");
      }
      if (t["set_mg_per_kg"]) r.set_mg_per_kg = t["set_mg_per_kg"].as<double>();
      if (t["cap_mg_per_kg"]) r.cap_mg_per_kg = t["cap_mg_per_kg"].as<double>();
      if (t["set_dose_mg"]) r.set_dose_mg = t["set_dose_mg"].as<double>();
      if (t["infusion_minutes"]) r.infusion_minutes = t["infusion_minutes"].as<double>();
      if (t["observation_minutes"]) r.observation_minutes = t["observation_minutes"].as<double>();
      if (t["flag"]) r.flag = t["flag"].as<std::string>();
    } catch (const UsageError& e) {
      throw InputError(at + ": " + e.what());
    } catch (const YAML::Exception& e) {
      throw InputError(at + ": " + e.what());
    }
    if (!node["evidence"] || !node["source"]) throw InputError(at + ": every rule states its evidence and source");
    r.evidence = node["evidence"].as<std::string>();
    r.source = node["source"].as<std::string>();
    out.rules.push_back(std::move(r));
  }
  if (out.rules.empty()) throw InputError("dose rules " + path + ": no rules");
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

DoseSuggestion suggest_dose(const DoseRules& rules, const DoseInput& in) {
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

}  // namespace ketapgx

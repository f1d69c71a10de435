// The bundled dose rules, table-driven: one case per rule and per boundary
// (age 64/65, missing weight, PM with low predicted response, esketamine).
#include <gtest/gtest.h>

#include "dosing/dose_rules.h"
#include "ketapgx/core/errors.h"
#include "support/test_support.h"

namespace ketapgx {
namespace {

struct Case {
  const char* name;
  DoseInput in;
  std::optional<double> mg_per_kg, dose_mg, observation;
  std::vector<std::string> rules;
};

DoseInput person(DoseRoute route, std::optional<double> age, std::optional<double> weight, std::optional<double> p,
                 const char* cyp2b6) {
  DoseInput in;
  in.route = route;
  in.age = age;
  in.weight_kg = weight;
  in.p_responder = p;
  in.cyp2b6_phenotype = cyp2b6;
  return in;
}

TEST(DoseRules, EveryDefaultRuleAndBoundary) {
  const DoseRules rules = load_dose_rules(test::source_dir() + "/configs/dosing.yaml");
  const auto iv = DoseRoute::IvRacemic, es = DoseRoute::EsketamineNasal;
  const std::vector<Case> cases = {
      {"standard adult", person(iv, 40, 80, 0.6, "NM"), 0.5, 40.0, 120, {"iv_racemic_standard"}},
      {"age 64: standard", person(iv, 64, 70, 0.6, "NM"), 0.5, 35.0, 120, {"iv_racemic_standard"}},
      {"age 65: lower", person(iv, 65, 70, 0.6, "NM"), 0.25, 17.5, 120, {"iv_racemic_standard", "iv_racemic_older_adult"}},
      // 0.5 below 65, 0.25 from 65: an unknown age leaves the dose unknown (not the adult one).
      {"unknown age: no dose", person(iv, std::nullopt, 70, 0.6, "NM"), std::nullopt, std::nullopt, 120, {"iv_racemic_standard"}},
      {"unknown age, esketamine: no dose", person(es, std::nullopt, 70, 0.6, "NM"), std::nullopt, std::nullopt, 120, {"esketamine_day1"}},
      {"missing weight: no mg", person(iv, 40, std::nullopt, 0.6, "NM"), 0.5, std::nullopt, 120, {"iv_racemic_standard"}},
      {"CYP2B6 PM", person(iv, 40, 80, 0.6, "PM"), 0.25, 20.0, 240, {"iv_racemic_standard", "cyp2b6_poor_metabolizer"}},
      {"PM + low response", person(iv, 40, 80, 0.2, "PM"), 0.25, 20.0, 240,
       {"iv_racemic_standard", "cyp2b6_poor_metabolizer", "low_predicted_response"}},
      {"low response: flag, dose unchanged", person(iv, 40, 80, 0.29, "NM"), 0.5, 40.0, 120,
       {"iv_racemic_standard", "low_predicted_response"}},
      {"p 0.30: no flag", person(iv, 40, 80, 0.30, "NM"), 0.5, 40.0, 120, {"iv_racemic_standard"}},
      {"esketamine under 65", person(es, 64, 80, 0.6, "NM"), std::nullopt, 56.0, 120, {"esketamine_day1"}},
      {"esketamine 65", person(es, 65, std::nullopt, 0.6, "NM"), std::nullopt, 28.0, 120,
       {"esketamine_day1", "esketamine_day1_older_adult"}},
  };
  for (const Case& c : cases) {
    const DoseSuggestion d = suggest_dose(rules, c.in);
    EXPECT_EQ(d.rules_fired, c.rules) << c.name;
    EXPECT_EQ(d.mg_per_kg.has_value(), c.mg_per_kg.has_value()) << c.name;
    if (c.mg_per_kg && d.mg_per_kg) EXPECT_DOUBLE_EQ(*d.mg_per_kg, *c.mg_per_kg) << c.name;
    EXPECT_EQ(d.dose_mg.has_value(), c.dose_mg.has_value()) << c.name;
    if (c.dose_mg && d.dose_mg) EXPECT_DOUBLE_EQ(*d.dose_mg, *c.dose_mg) << c.name;
    ASSERT_TRUE(d.observation_minutes.has_value()) << c.name;
    EXPECT_DOUBLE_EQ(*d.observation_minutes, *c.observation) << c.name;
  }
  const DoseSuggestion unknown_age = suggest_dose(rules, person(iv, std::nullopt, 70, 0.6, "NM"));
  EXPECT_TRUE(unknown_age.dose_withheld);
  ASSERT_FALSE(unknown_age.flags.empty());
  EXPECT_NE(unknown_age.flags.back().find("age unknown: the dose depends on it (rules iv_racemic_older_adult)"), std::string::npos);
  for (const auto& f : unknown_age.flags) EXPECT_EQ(f.find(';'), std::string::npos) << "a ';' would split dose_notes: " << f;
  // A CYP2B6 poor metabolizer is capped at 0.25 whatever the age: the same dose at every age, so it is given.
  const DoseSuggestion pm = suggest_dose(rules, person(iv, std::nullopt, 80, 0.6, "PM"));
  EXPECT_FALSE(pm.dose_withheld);
  ASSERT_TRUE(pm.mg_per_kg.has_value());
  EXPECT_DOUBLE_EQ(*pm.mg_per_kg, 0.25);
  EXPECT_DOUBLE_EQ(pm.dose_mg.value_or(0), 20.0);
  EXPECT_NE(rules.notice.find("research use only"), std::string::npos);
  for (const auto& r : rules.rules) {
    EXPECT_FALSE(r.evidence.empty()) << r.id;
    EXPECT_FALSE(r.source.empty()) << r.id;
  }
}

// A rule set where age changes only the observation time: an unknown age
// keeps the dose and gets the longest observation, with a note saying why.
TEST(DoseRules, UnknownAgeWhereOnlyObservationDependsOnIt) {
  test::TempDir d;
  test::write_file(d.file("r.yaml"),
                   "notice: research use only\nrules:\n"
                   "  - id: base\n    when: {route: [iv_racemic]}\n    then: {set_mg_per_kg: 0.5, observation_minutes: 120}\n"
                   "    evidence: e\n    source: s\n"
                   "  - id: older_observe\n    when: {age_at_least: 65}\n    then: {observation_minutes: 240}\n"
                   "    evidence: e\n    source: s\n");
  const DoseRules rules = load_dose_rules(d.file("r.yaml"));
  const DoseSuggestion u = suggest_dose(rules, person(DoseRoute::IvRacemic, std::nullopt, 80, 0.6, "NM"));
  EXPECT_FALSE(u.dose_withheld);
  EXPECT_DOUBLE_EQ(u.mg_per_kg.value_or(0), 0.5);
  EXPECT_DOUBLE_EQ(u.dose_mg.value_or(0), 40.0);
  EXPECT_DOUBLE_EQ(u.observation_minutes.value_or(0), 240.0);
  ASSERT_EQ(u.flags.size(), 1u);
  EXPECT_NE(u.flags[0].find("observation time is the longest any age would get (rules older_observe)"), std::string::npos) << u.flags[0];
  const DoseSuggestion young = suggest_dose(rules, person(DoseRoute::IvRacemic, 30, 80, 0.6, "NM"));
  EXPECT_DOUBLE_EQ(young.observation_minutes.value_or(0), 120.0);
  EXPECT_TRUE(young.flags.empty());
}

TEST(DoseRules, MalformedRuleFilesNameTheRule) {
  test::TempDir d;
  test::write_file(d.file("r.yaml"), "notice: x\nrules:\n  - id: a\n    when: {age_over: 3}\n    then: {flag: y}\n    evidence: e\n    source: s\n");
  try {
    load_dose_rules(d.file("r.yaml"));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("rule 'a': unknown condition 'age_over'"), std::string::npos) << e.what();
  }
  test::write_file(d.file("s.yaml"), "notice: x\nrules:\n  - id: b\n    then: {flag: y}\n");
  EXPECT_THROW(load_dose_rules(d.file("s.yaml")), InputError);  // no evidence/source
}

}  // namespace
}  // namespace ketapgx

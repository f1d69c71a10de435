// The dose-rule loader, then the engine on the rules it accepted.
#include <cmath>

#include "dosing/dose_rules.h"
#include "fuzz_support.h"
#include "ketapgx/core/errors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ketapgx;
  try {
    const DoseRules rules = load_dose_rules(fuzz::write_input("dosing.yaml", data, size));
    DoseInput in;
    in.age = 70;
    in.weight_kg = 80;
    in.p_responder = 0.2;
    in.cyp2b6_phenotype = "PM";
    in.metabolizer_class = "PM";
    for (DoseRoute route : {DoseRoute::IvRacemic, DoseRoute::EsketamineNasal}) {
      in.route = route;
      const DoseSuggestion d = suggest_dose(rules, in);
      // What a writer would get: never a non-finite or non-positive dose.
      for (const auto& v : {d.mg_per_kg, d.dose_mg, d.infusion_minutes, d.observation_minutes})
        if (v && !(std::isfinite(*v) && *v >= 0)) __builtin_trap();
    }
  } catch (const Error&) {
  }
  return 0;
}

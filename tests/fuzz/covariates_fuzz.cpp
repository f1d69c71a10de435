// The covariates reader, and the dose rules over what it read: a person of
// unknown age (column absent, NA, empty) never gets a dose that another age
// would change, and a person of known age always gets the rules' dose.
#include <cstdlib>

#include "dosing/dose_rules.h"
#include "fuzz_support.h"
#include "ketapgx/core/errors.h"
#include "samples/covariates.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ketapgx;
  static const DoseRules rules = load_dose_rules(fuzz::source_dir() + "/configs/dosing.yaml");
  try {
    const Covariates c = read_covariates(fuzz::write_input("covariates.tsv", data, size));
    for (std::size_t i = 0; i < c.samples.size(); ++i)
      for (const DoseRoute route : {DoseRoute::IvRacemic, DoseRoute::EsketamineNasal}) {
        DoseInput in;
        in.route = route;
        in.age = c.age[i];
        in.weight_kg = c.weight_kg[i];
        in.p_responder = 0.5;
        in.cyp2b6_phenotype = "NM";
        const DoseSuggestion d = suggest_dose(rules, in);
        if (in.age && d.dose_withheld) std::abort();
        if (!in.age) {
          // The default rules give another dose from 65 on every route.
          if (!d.dose_withheld || d.mg_per_kg || d.dose_mg) std::abort();
        }
      }
  } catch (const Error&) {
  }
  return 0;
}

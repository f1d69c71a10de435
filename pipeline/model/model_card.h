// MODEL_CARD.md of a bundle, written by `train` from its manifest: intended
// use, the model, the data and features, then for each input set the bundle
// serves (the main network; the genotypes+covariates network of a bundle
// trained with expression) the items a prediction-model report is asked for
// (TRIPOD+AI): discrimination with its interval, calibration-in-the-large,
// calibration intercept and slope, the reliability curve, net benefit over
// thresholds (decision curve), the same in subgroups of at least 100 people;
// what p_responder_lo/hi mean; a checklist of which TRIPOD+AI items the card
// covers and which the user must add; limitations.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace ketapgx {

std::string model_card(const nlohmann::ordered_json& manifest, bool simulated);

// One input set's performance block (shared with evaluate's summary): the
// metrics table, reliability and decision-curve tables, subgroups. `figures`:
// the file names of its SVGs in the bundle ("" for none).
std::string performance_markdown(const nlohmann::ordered_json& metrics, const std::string& calibration_svg,
                                 const std::string& decision_svg);

}  // namespace ketapgx

// The decision curve of responder predictions (net benefit of acting on
// p >= t against treating everyone and no one, thresholds 0.20-0.80): a text
// table for evaluate's summary and the model card, and a self-contained SVG.
// Both take the "net_benefit" array evaluation_metrics writes.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace ketapgx {

std::string decision_curve_text(const nlohmann::ordered_json& net_benefit);
std::string decision_curve_svg(const nlohmann::ordered_json& net_benefit, const std::string& title);

}  // namespace ketapgx

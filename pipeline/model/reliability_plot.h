// The reliability (calibration) curve of responder probabilities: a text table
// for evaluate's summary and a self-contained SVG figure for evaluate's output
// and the model card. Both take the "calibration_curve" array that
// evaluation_metrics writes (bin, mean_predicted, observed, n).
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace ketapgx {

std::string reliability_table_text(const nlohmann::ordered_json& curve);
std::string reliability_svg(const nlohmann::ordered_json& curve, const std::string& title);

}  // namespace ketapgx

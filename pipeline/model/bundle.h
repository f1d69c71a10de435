// Model bundles: a directory with manifest.json (everything besides the
// weights, with the weights' SHA-256), the fold weights, and MODEL_CARD.md.
// Loading verifies the format version and every checksum; the feature schema
// and build are checked against the data about to be scored.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "features/feature_builder.h"
#include "ketapgx/models/model_api.h"

namespace ketapgx {

constexpr int kBundleFormatVersion = 1;

struct Bundle {
  std::string dir;
  nlohmann::ordered_json manifest;
  models::ModelParams params;
  ExpressionStats expression_stats;
  std::string genome_build;
  bool has_expression = false;
};

// SHA-256 of a file, lower-case hex. Throws Error when unreadable.
std::string sha256_file(const std::string& path);

// Reads and verifies `dir`; throws ModelError saying what is wrong and what to do.
Bundle load_bundle(const std::string& dir);

// Checks that `features` (names, in order) and `build` are what the bundle was trained on.
void check_bundle_schema(const Bundle& bundle, const std::vector<std::string>& features, const std::string& build);

// The manifest's "params" block <-> ModelParams.
nlohmann::ordered_json params_to_json(const models::ModelParams& p);
models::ModelParams params_from_json(const nlohmann::json& j);

}  // namespace ketapgx

// The opening of every JSON output: format version, tool, version, command,
// command line and the research-use notice (docs/schemas/provenance.schema.json).
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "ketapgx_config.h"
#include "output/notice.h"

namespace ketapgx {

// Raised when a field of a JSON output is removed or changes meaning (new
// fields may appear without it); docs/schemas/ hold each file's schema.
constexpr int kJsonFormatVersion = 1;

inline nlohmann::ordered_json json_provenance(const std::string& command, const std::string& command_line) {
  nlohmann::ordered_json j;
  j["format_version"] = kJsonFormatVersion;
  j["tool"] = "ketapgx";
  j["version"] = KETAPGX_VERSION;
  j["command"] = command;
  j["command_line"] = command_line;
  j["notice"] = kResearchUseNotice;
  return j;
}

}  // namespace ketapgx

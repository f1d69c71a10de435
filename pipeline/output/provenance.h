// The opening of every JSON output: tool, version, command, command line and
// the research-use notice.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "ketapgx_config.h"
#include "output/notice.h"

namespace ketapgx {

inline nlohmann::ordered_json json_provenance(const std::string& command, const std::string& command_line) {
  nlohmann::ordered_json j;
  j["tool"] = "ketapgx";
  j["version"] = KETAPGX_VERSION;
  j["command"] = command;
  j["command_line"] = command_line;
  j["notice"] = kResearchUseNotice;
  return j;
}

}  // namespace ketapgx

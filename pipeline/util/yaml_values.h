// Typed reads of YAML values for the configuration readers (dose rules,
// training settings), with messages that name the file and the place
// (`where`). Numbers go through text::parse_double / parse_int: decimal and
// finite only (YAML's .inf, .nan, hex and octal forms are refused), within the
// range given. A list must be a YAML sequence: a lone scalar is refused rather
// than read as a one-element (or an every-element) list.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <string>
#include <vector>

namespace ketapgx::yaml {

std::string string_value(const YAML::Node& node, const std::string& where);  // a scalar
double number(const YAML::Node& node, const std::string& where, double lo, double hi);
std::int64_t integer(const YAML::Node& node, const std::string& where, std::int64_t lo, std::int64_t hi);
bool boolean(const YAML::Node& node, const std::string& where);
std::vector<std::string> string_list(const YAML::Node& node, const std::string& where);  // a sequence of scalars

// Loads a file; InputError naming `option path` on a syntax error.
YAML::Node load_file(const std::string& path, const std::string& option);

}  // namespace ketapgx::yaml

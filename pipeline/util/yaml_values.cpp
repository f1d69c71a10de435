#include "util/yaml_values.h"

#include "ketapgx/core/errors.h"
#include "output/format.h"
#include "util/text.h"

namespace ketapgx::yaml {

namespace {

std::string show(const YAML::Node& node) {
  if (node.IsScalar()) return "'" + node.Scalar() + "'";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a mapping";
  return "nothing";
}

}  // namespace

std::string string_value(const YAML::Node& node, const std::string& where) {
  if (!node.IsScalar()) throw InputError(where + ": expected a text value, found " + show(node));
  return node.Scalar();
}

double number(const YAML::Node& node, const std::string& where, double lo, double hi) {
  const auto v = node.IsScalar() ? text::parse_double(node.Scalar()) : std::nullopt;
  if (!v) throw InputError(where + ": expected a decimal number, found " + show(node));
  if (*v < lo || *v > hi)
    throw InputError(where + ": " + node.Scalar() + " is out of range; expected " + format_double(lo) + " to " + format_double(hi));
  return *v;
}

std::int64_t integer(const YAML::Node& node, const std::string& where, std::int64_t lo, std::int64_t hi) {
  const auto v = node.IsScalar() ? text::parse_int(node.Scalar()) : std::nullopt;
  if (!v) throw InputError(where + ": expected a whole number, found " + show(node));
  if (*v < lo || *v > hi)
    throw InputError(where + ": " + node.Scalar() + " is out of range; expected " + std::to_string(lo) + " to " + std::to_string(hi));
  return *v;
}

bool boolean(const YAML::Node& node, const std::string& where) {
  if (node.IsScalar()) {
    const std::string s = text::lower(node.Scalar());
    if (s == "true" || s == "yes" || s == "on") return true;
    if (s == "false" || s == "no" || s == "off") return false;
  }
  throw InputError(where + ": expected true or false, found " + show(node));
}

std::vector<std::string> string_list(const YAML::Node& node, const std::string& where) {
  if (!node.IsSequence())
    throw InputError(where + ": expected a list such as [a, b], found " + show(node) + " (write a single value as [value])");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < node.size(); ++i) out.push_back(string_value(node[i], where + " item " + std::to_string(i + 1)));
  if (out.empty()) throw InputError(where + ": the list is empty (leave the key out to match anything)");
  return out;
}

YAML::Node load_file(const std::string& path, const std::string& option) {
  try {
    return YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw InputError(option + " " + path + ": cannot read the file");
  } catch (const YAML::Exception& e) {
    throw InputError(option + " " + path + ": not valid YAML (" + e.what() + ")");
  }
}

}  // namespace ketapgx::yaml

#include "cli/help.h"

#include <algorithm>
#include <regex>
#include <sstream>

#include "cli/exit_codes.h"
#include "util/text.h"

namespace po = boost::program_options;

namespace ketapgx::cli {

std::string format_options(const po::options_description& desc) {
  std::ostringstream raw;
  raw << desc;
  // Boost prints "  --threads arg (=2)   description..." and wraps the
  // description onto indented lines; an option's text ends at the next
  // option line ("  -x", "  --x"), a blank line or a caption.
  static const std::regex option_line(R"(^  (-\w \[ )?--[\w-]+)");
  static const std::regex default_mark(R"( \(=([^)]*)\))");
  const std::string table = raw.str();
  std::vector<std::string> lines;
  for (auto line : text::split(table, '\n')) lines.emplace_back(line);
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  while (!lines.empty() && lines.front().empty()) lines.erase(lines.begin());
  std::string pending;  // the default of the option being printed
  std::size_t last_description_line = 0;
  auto flush = [&] {
    if (pending.empty()) return;
    lines[last_description_line] += " (default: " + pending + ")";
    pending.clear();
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string& line = lines[i];
    const bool starts_option = std::regex_search(line, option_line);
    if (starts_option || line.empty() || line[0] != ' ') flush();
    if (starts_option) {
      std::smatch m;
      // Only the name column carries "(=X)"; a description may hold "(=" too.
      const std::size_t name_end = line.find("  ", 2);
      const std::string names = line.substr(0, name_end == std::string::npos ? line.size() : name_end);
      if (std::regex_search(names, m, default_mark)) {
        const std::string value = m[1].str();
        const std::string rest = line.substr(names.size());
        const std::string shortened = std::regex_replace(names, default_mark, "", std::regex_constants::format_first_only);
        // Keep the description column where Boost put it.
        line = shortened + std::string(names.size() - shortened.size(), ' ') + rest;
        if (line.find("(default") == std::string::npos) pending = value;
      }
    } else if (!pending.empty() && line.find("(default") != std::string::npos) {
      pending.clear();  // the wrapped description says its default itself
    }
    if (!line.empty() && line[0] == ' ') last_description_line = i;
  }
  flush();
  std::string out;
  for (const auto& l : lines) out += l + '\n';
  return out;
}

void print_help(std::ostream& os, const std::string& command, const HelpText& help, const po::options_description& desc) {
  os << "Usage: ketapgx " << command << " [options]\n\n" << help.summary << "\n\n" << format_options(desc) << '\n';
  if (!help.outputs.empty()) {
    os << "Outputs:\n";
    for (const auto& o : help.outputs) os << "  " << o << '\n';
    os << '\n';
  }
  if (!help.examples.empty()) {
    os << "Examples (from the source tree):\n";
    for (const auto& e : help.examples) os << "  " << e << '\n';
    os << '\n';
  }
  os << exit_code::kHelpText;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  // Optimal string alignment distance: three rows of the table.
  std::vector<std::size_t> prev2(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string nearest_name(const std::string& typed, const std::vector<std::string>& candidates) {
  if (typed.empty()) return "";
  const std::size_t limit = typed.size() < 5 ? 1 : std::max<std::size_t>(2, typed.size() / 3);
  std::string best;
  std::size_t best_d = limit + 1;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(typed, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  if (!best.empty()) return best;
  for (const auto& c : candidates)
    if (typed.size() >= 3 && c.rfind(typed, 0) == 0) return c;
  return "";
}

std::vector<std::string> long_option_names(const po::options_description& desc) {
  std::vector<std::string> names;
  for (const auto& o : desc.options())
    if (!o->long_name().empty()) names.push_back(o->long_name());
  return names;
}

}  // namespace ketapgx::cli

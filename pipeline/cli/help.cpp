#include "cli/help.h"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "cli/exit_codes.h"
#include "util/text.h"

namespace po = boost::program_options;

namespace ketapgx::cli {

namespace {

constexpr std::size_t kHelpWidth = 80;  // Boost's default line length

// Where the name column of a Boost option line ends: after "  --name",
// "  -n [ --name ]" and a following " arg"; npos when the line does not start
// an option (a wrapped description, a caption, a blank line).
std::size_t option_names_end(const std::string& line) {
  auto word_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; };
  if (line.compare(0, 3, "  -") != 0) return std::string::npos;
  std::size_t i = 2;
  const bool short_name = line.size() > 4 && line[3] != '-';
  if (short_name) {
    if (line.compare(4, 3, " [ ") != 0) return std::string::npos;
    i = 7;
  }
  if (line.compare(i, 2, "--") != 0) return std::string::npos;
  const std::size_t name_start = i += 2;
  while (i < line.size() && word_char(line[i])) ++i;
  if (i == name_start) return std::string::npos;
  if (short_name) {
    if (line.compare(i, 2, " ]") != 0) return std::string::npos;
    i += 2;
  }
  if (line.compare(i, 4, " arg") == 0) i += 4;
  return i;
}

std::size_t leading_spaces(const std::string& line) {
  const std::size_t i = line.find_first_not_of(' ');
  return i == std::string::npos ? line.size() : i;
}

}  // namespace

std::string format_options(const po::options_description& desc) {
  std::ostringstream raw;
  raw << desc;
  // Boost prints "  --threads arg (=2)   description..." and wraps the
  // description onto indented lines; an option's text ends at the next
  // option line, a blank line or a caption. Its "(=X)" moves to the end of
  // the description as "(default: X)", on a line of its own where the last
  // one has no room.
  const std::string table = raw.str();  // split() views into it
  std::vector<std::string> lines;
  for (auto line : text::split(table, '\n')) lines.emplace_back(line);
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  while (!lines.empty() && lines.front().empty()) lines.erase(lines.begin());
  std::string pending;  // the default of the option being printed
  std::size_t last_description_line = 0, description_column = 0;
  std::vector<std::pair<std::size_t, std::string>> inserted;  // (after line, text)
  auto flush = [&] {
    if (pending.empty()) return;
    const std::string note = "(default: " + pending + ")";
    std::string& last = lines[last_description_line];
    if (last.size() + 1 + note.size() <= kHelpWidth)
      last += " " + note;
    else
      inserted.emplace_back(last_description_line, std::string(description_column, ' ') + note);
    pending.clear();
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string& line = lines[i];
    const std::size_t names_end = option_names_end(line);
    const bool starts_option = names_end != std::string::npos;
    if (starts_option || line.empty() || line[0] != ' ') flush();
    if (starts_option) {
      // Only the name column carries "(=X)"; a description may hold "(=" too.
      if (line.compare(names_end, 3, " (=") == 0) {
        const std::size_t close = line.find(')', names_end + 3);
        if (close != std::string::npos) {
          const std::string value = line.substr(names_end + 3, close - names_end - 3);
          // Blank the mark so the description stays in the column Boost chose.
          line.replace(names_end, close + 1 - names_end, close + 1 - names_end, ' ');
          if (line.find("(default") == std::string::npos) pending = value;
        }
      }
      const std::size_t text = line.find_first_not_of(' ', names_end);
      if (text != std::string::npos) {
        description_column = text;
      } else {
        line.erase(line.find_last_not_of(' ') + 1);  // the description starts on the next line
        description_column = i + 1 < lines.size() ? leading_spaces(lines[i + 1]) : names_end + 1;
      }
    } else if (!line.empty() && line[0] == ' ') {
      description_column = leading_spaces(line);
      if (!pending.empty() && line.find("(default") != std::string::npos)
        pending.clear();  // the wrapped description says its default itself
    }
    if (!line.empty() && line[0] == ' ') last_description_line = i;
  }
  flush();
  std::string out;
  std::size_t next = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out += lines[i] + '\n';
    for (; next < inserted.size() && inserted[next].first == i; ++next) out += inserted[next].second + '\n';
  }
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

#include "prs/weights.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "ketapgx/core/errors.h"
#include "util/line_reader.h"
#include "util/text.h"

namespace ketapgx {
namespace {

std::vector<std::string_view> fields_of(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

}  // namespace

WeightsLayout parse_weights_columns(const std::string& text, bool header) {
  WeightsLayout l;
  l.header = header;
  const std::string bad = "--weights-cols '" + text + "': expected ID,ALLELE,SCORE[,SCORE...] as 1-based column numbers, score "
                          "columns alone or as ranges (e.g. 1,4,6 or 1,2,3-5,7)";
  std::vector<int> numbers;
  const auto parts = text::split(text, ',');
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto part = text::trim(parts[i]);
    const auto dash = part.find('-');
    if (i >= 2 && dash != std::string_view::npos) {
      const auto a = text::parse_int(part.substr(0, dash)), b = text::parse_int(part.substr(dash + 1));
      if (!a || !b || *a < 1 || *b < *a || *b > 100000) throw UsageError(bad);
      for (auto c = *a; c <= *b; ++c) numbers.push_back(static_cast<int>(c));
      continue;
    }
    const auto c = text::parse_int(part);
    if (!c || *c < 1 || *c > 100000) throw UsageError(bad);
    numbers.push_back(static_cast<int>(*c));
  }
  if (numbers.size() < 3) throw UsageError(bad);
  l.id_column = numbers[0];
  l.allele_column = numbers[1];
  l.score_columns.assign(numbers.begin() + 2, numbers.end());
  std::set<int> seen;
  for (int c : numbers)
    if (!seen.insert(c).second) throw UsageError(bad + "; column " + std::to_string(c) + " is named twice");
  return l;
}

Weights read_weights(const std::string& path, const WeightsLayout& layout) {
  LineReader in(path, "--weights");
  Weights w;
  w.path = path;
  std::string_view line;
  std::vector<int> score_cols = layout.score_columns;  // 1-based
  std::size_t width = 0;                               // fields every line must have (at least)
  bool first = true;
  const bool fixed_width = layout.score_columns.empty();
  while (in.next(line)) {
    const auto f = fields_of(line);
    if (f.empty()) continue;
    const std::string where = "--weights " + path + " line " + std::to_string(in.line_number());
    if (first) {
      first = false;
      if (fixed_width) {
        if (f.size() < static_cast<std::size_t>(std::max(layout.id_column, layout.allele_column)) + 1 || f.size() < 3)
          throw InputError(where + ": expected at least 3 columns: variant ID, allele, and one weight column per score (e.g. "
                                   "'ID A1 BETA'); --weights-cols picks other columns");
        for (int c = std::max(layout.id_column, layout.allele_column) + 1; c <= static_cast<int>(f.size()); ++c) score_cols.push_back(c);
        width = f.size();
      } else {
        width = static_cast<std::size_t>(std::max({layout.id_column, layout.allele_column, *std::max_element(score_cols.begin(), score_cols.end())}));
        if (f.size() < width)
          throw InputError(where + ": --weights-cols names column " + std::to_string(width) + " but the line has " +
                           std::to_string(f.size()) + " columns");
      }
      if (layout.header) {
        // A first line whose weights are numbers is data: reading it as the
        // header would drop a variant and name the scores after its weights.
        bool all_numbers = true;
        for (int c : score_cols) all_numbers = all_numbers && text::parse_double(f[static_cast<std::size_t>(c - 1)]).has_value();
        if (all_numbers)
          throw InputError(where + ": the first line looks like data, not a header (its weight column" +
                           std::string(score_cols.size() > 1 ? "s are numbers" : " is a number") + ": '" +
                           std::string(f[static_cast<std::size_t>(score_cols.front() - 1)]) + "'); for a file without a header "
                           "line give --weights-no-header (plink2 --score without 'header-read')");
        std::set<std::string> names;
        for (int c : score_cols) {
          const std::string name(f[static_cast<std::size_t>(c - 1)]);
          if (!names.insert(name).second) throw InputError(where + ": score name '" + name + "' is used twice in the header");
          w.score_names.push_back(name);
        }
        continue;
      }
      for (std::size_t k = 1; k <= score_cols.size(); ++k) w.score_names.push_back("SCORE" + std::to_string(k));
    }
    if (fixed_width ? f.size() != width : f.size() < width) {
      throw InputError(where + ": expected " + std::string(fixed_width ? "" : "at least ") + std::to_string(width) + " columns (as " +
                       (fixed_width ? std::string("the first line") : std::string("--weights-cols names")) + "), found " +
                       std::to_string(f.size()));
    }
    WeightEntry e;
    e.id = std::string(f[static_cast<std::size_t>(layout.id_column - 1)]);
    e.allele = std::string(f[static_cast<std::size_t>(layout.allele_column - 1)]);
    e.line = in.line_number();
    for (std::size_t k = 0; k < score_cols.size(); ++k) {
      const std::string_view cell = f[static_cast<std::size_t>(score_cols[k] - 1)];
      const auto v = text::parse_double(cell);
      if (!v || !std::isfinite(*v)) {
        throw InputError(where + ", column " + std::to_string(score_cols[k]) + " (" + w.score_names[k] + "): '" + std::string(cell) +
                         "' is not a finite number");
      }
      e.weights.push_back(*v);
    }
    // plink2 refuses a variant ID + allele that appears twice (summing them silently would double a weight).
    auto& same_id = w.by_id[e.id];
    for (std::size_t k : same_id)
      if (w.entries[k].allele == e.allele)
        throw InputError(where + ": variant " + e.id + " allele " + e.allele + " already has weights on line " +
                         std::to_string(w.entries[k].line) + "; keep one line per variant ID and allele (plink2 refuses "
                         "duplicates too)");
    same_id.push_back(w.entries.size());
    w.entries.push_back(std::move(e));
  }
  if (first) throw InputError("--weights " + path + ": the file is empty (expected " + std::string(layout.header ? "a header line" : "weight lines") + ")");
  if (w.entries.empty()) throw InputError("--weights " + path + ": no weight lines" + std::string(layout.header ? " after the header" : ""));
  return w;
}

}  // namespace ketapgx

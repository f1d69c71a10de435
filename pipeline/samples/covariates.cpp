#include "samples/covariates.h"

#include <unordered_map>

#include "ketapgx/core/errors.h"
#include "util/line_reader.h"
#include "util/text.h"

namespace ketapgx {

const char* sex_name(Sex s) {
  switch (s) {
    case Sex::Male: return "M";
    case Sex::Female: return "F";
    case Sex::Unknown: break;
  }
  return "NA";
}

namespace {

struct Range {
  const char* column;
  double lo, hi;
  const char* unit;
};

// `where` names the cell for a message; it is called only on an error (building
// the text for every cell took most of a 500,000-line file's reading time).
template <typename Where>
std::optional<double> parse_ranged(std::string_view cell, const Range& r, const Where& where) {
  if (text::is_missing_token(cell)) return std::nullopt;
  const auto v = text::parse_double(cell);
  if (!v) throw InputError(where() + ": '" + std::string(cell) + "' is not a number (write NA for a missing value)");
  if (*v < r.lo || *v > r.hi) {
    throw InputError(where() + ": " + r.column + " " + std::string(cell) + " is outside the possible range " +
                     text::join({std::to_string(static_cast<int>(r.lo)), std::to_string(static_cast<int>(r.hi))}, "-") +
                     " " + r.unit + "; correct it or write NA");
  }
  return v;
}

template <typename Where>
Sex parse_sex(std::string_view cell, const Where& where) {
  if (cell == "M") return Sex::Male;  // the common spellings first, without a copy
  if (cell == "F") return Sex::Female;
  if (text::is_missing_token(cell)) return Sex::Unknown;
  const std::string s = text::lower(text::trim(cell));
  if (s == "m" || s == "male" || s == "1") return Sex::Male;
  if (s == "f" || s == "female" || s == "2") return Sex::Female;
  if (s == "0") return Sex::Unknown;  // PLINK's code for unknown sex, beside its 1 and 2
  throw InputError(where() + ": sex '" + std::string(cell) + "' is not one of M, F, male, female, 1 (male), 2 (female), 0 or NA (unknown)");
}

}  // namespace

Covariates read_covariates(const std::string& path) {
  static const Range kAge{"age", 0, 120, "years"};
  static const Range kWeight{"weight_kg", 1, 500, "kg"};
  static const Range kMadrs{"baseline_madrs", 0, 60, "points"};
  LineReader in(path, "--covariates");
  Covariates c;
  c.path = path;
  std::string_view line;
  std::vector<std::string> header;
  int col_id = -1, col_age = -1, col_sex = -1, col_weight = -1, col_madrs = -1;
  std::unordered_map<std::string, long> seen;
  while (in.next(line)) {
    if (text::trim(line).empty()) continue;
    const auto f = text::split(line, '\t');
    auto at = [&] { return "--covariates " + path + " line " + std::to_string(in.line_number()); };
    if (header.empty()) {
      // The known columns are matched without regard to case (AGE, Age,
      // Weight_kg): an 'AGE' column ignored would leave every age unknown. So
      // 'age' and 'AGE' together are one column twice; other columns only
      // repeat when spelled alike.
      std::vector<std::string> keys;
      for (auto x : f) {
        std::string k(text::trim(x));
        const std::string low = text::lower(k);
        const bool known = low == "sample_id" || low == "iid" || low == "#iid" || low == "age" || low == "sex" ||
                           low == "weight_kg" || low == "baseline_madrs";
        keys.push_back(known ? low : k);
      }
      std::vector<std::string_view> key_views(keys.begin(), keys.end());
      if (const auto rep = text::repeated_column(key_views))
        throw InputError(at() + ": column '" + std::string(text::trim(f[rep->second])) + "' appears twice in the header (columns " +
                         std::to_string(rep->first + 1) + " and " + std::to_string(rep->second + 1) + "); keep one");
      for (std::size_t i = 0; i < f.size(); ++i) {
        std::string name(text::trim(f[i]));
        if (i == 0 && !name.empty() && name[0] == '#') name.erase(0, 1);
        const std::string key = text::lower(name);
        const int idx = static_cast<int>(i);
        if (key == "sample_id" || key == "iid") col_id = idx;
        else if (key == "age") col_age = idx;
        else if (key == "sex") col_sex = idx;
        else if (key == "weight_kg") col_weight = idx;
        else if (key == "baseline_madrs") col_madrs = idx;
        else c.columns_ignored.push_back(name);
        header.push_back(key == "sample_id" || key == "iid" || key == "age" || key == "sex" || key == "weight_kg" ||
                                 key == "baseline_madrs" ? key : name);
      }
      if (col_id < 0) {
        throw InputError(at() + ": no 'sample_id' column in the header; expected tab-separated columns "
                              "sample_id, age, sex, weight_kg, baseline_madrs (any subset after sample_id)");
      }
      for (const char* k : {"age", "sex", "weight_kg", "baseline_madrs"})
        for (const auto& h : header)
          if (h == k) c.columns_present.emplace_back(k);
      continue;
    }
    if (f.size() != header.size()) {
      throw InputError(at() + ": expected " + std::to_string(header.size()) + " tab-separated columns (as in the header), found " +
                       std::to_string(f.size()));
    }
    const std::string id(text::trim(f[static_cast<std::size_t>(col_id)]));
    if (id.empty()) throw InputError(at() + ": empty sample_id");
    if (auto it = seen.find(id); it != seen.end()) {
      throw InputError(at() + ": sample ID '" + id + "' already appears on line " + std::to_string(it->second) +
                       "; keep one line per sample");
    }
    seen.emplace(id, in.line_number());
    auto where = [&](int col) {
      return [&at, &header, col] { return at() + ", column " + std::to_string(col + 1) + " (" + header[static_cast<std::size_t>(col)] + ")"; };
    };
    c.samples.push_back(id);
    c.age.push_back(col_age >= 0 ? parse_ranged(f[static_cast<std::size_t>(col_age)], kAge, where(col_age)) : std::nullopt);
    c.sex.push_back(col_sex >= 0 ? parse_sex(f[static_cast<std::size_t>(col_sex)], where(col_sex)) : Sex::Unknown);
    c.weight_kg.push_back(col_weight >= 0 ? parse_ranged(f[static_cast<std::size_t>(col_weight)], kWeight, where(col_weight)) : std::nullopt);
    c.baseline_madrs.push_back(col_madrs >= 0 ? parse_ranged(f[static_cast<std::size_t>(col_madrs)], kMadrs, where(col_madrs)) : std::nullopt);
  }
  if (header.empty()) throw InputError("--covariates " + path + ": the file is empty (expected a header line with sample_id)");
  return c;
}

}  // namespace ketapgx

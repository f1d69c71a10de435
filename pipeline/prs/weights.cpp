#include "prs/weights.h"

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

Weights read_weights(const std::string& path) {
  LineReader in(path, "--weights");
  Weights w;
  w.path = path;
  std::string_view line;
  bool header = false;
  while (in.next(line)) {
    const auto f = fields_of(line);
    if (f.empty()) continue;
    const std::string where = "--weights " + path + " line " + std::to_string(in.line_number());
    if (!header) {
      if (f.size() < 3)
        throw InputError(where + ": expected a header line with at least 3 columns: variant ID, allele, and one "
                                 "weight column per score (e.g. 'ID A1 BETA')");
      std::set<std::string> names;
      for (std::size_t i = 2; i < f.size(); ++i) {
        if (!names.insert(std::string(f[i])).second)
          throw InputError(where + ": score name '" + std::string(f[i]) + "' is used twice in the header");
        w.score_names.emplace_back(f[i]);
      }
      header = true;
      continue;
    }
    if (f.size() != w.score_names.size() + 2) {
      throw InputError(where + ": expected " + std::to_string(w.score_names.size() + 2) +
                       " columns (as in the header), found " + std::to_string(f.size()));
    }
    WeightEntry e;
    e.id = std::string(f[0]);
    e.allele = std::string(f[1]);
    e.line = in.line_number();
    for (std::size_t i = 2; i < f.size(); ++i) {
      const auto v = text::parse_double(f[i]);
      if (!v || !std::isfinite(*v)) {
        throw InputError(where + ", column " + std::to_string(i + 1) + " (" + w.score_names[i - 2] + "): '" +
                         std::string(f[i]) + "' is not a finite number");
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
  if (!header) throw InputError("--weights " + path + ": the file is empty (expected a header line)");
  if (w.entries.empty()) throw InputError("--weights " + path + ": no weight lines after the header");
  return w;
}

}  // namespace ketapgx

#include "prs/allele_freqs.h"

#include "ketapgx/core/errors.h"
#include "util/line_reader.h"
#include "util/text.h"

namespace ketapgx {

AlleleFreqs AlleleFreqs::read(const std::string& path) {
  AlleleFreqs f;
  f.path_ = path;
  LineReader in(path, "--read-freq");
  std::string_view line;
  int c_id = -1, c_ref = -1, c_alt = -1, c_freq = -1;
  bool header = false;
  while (in.next(line)) {
    if (text::trim(line).empty()) continue;
    const auto cols = text::split(line, '\t');
    const std::string where = "--read-freq " + path + " line " + std::to_string(in.line_number());
    if (!header) {
      if (const auto rep = text::repeated_column(cols))
        throw InputError(where + ": column '" + std::string(text::trim(cols[rep->second])) + "' appears twice in the header (columns " +
                         std::to_string(rep->first + 1) + " and " + std::to_string(rep->second + 1) + "); keep one");
      for (std::size_t i = 0; i < cols.size(); ++i) {
        std::string_view name = cols[i];
        if (i == 0 && !name.empty() && name[0] == '#') name.remove_prefix(1);
        if (name == "ID") c_id = static_cast<int>(i);
        if (name == "REF") c_ref = static_cast<int>(i);
        if (name == "ALT") c_alt = static_cast<int>(i);
        if (name == "ALT_FREQS" || name == "ALT_FREQ") c_freq = static_cast<int>(i);
      }
      if (c_id < 0 || c_ref < 0 || c_alt < 0 || c_freq < 0)
        throw InputError(where + ": expected a PLINK 2 .afreq header with ID, REF, ALT and ALT_FREQS columns (plink2 --freq)");
      header = true;
      continue;
    }
    const int need = std::max(std::max(c_id, c_ref), std::max(c_alt, c_freq));
    if (static_cast<int>(cols.size()) <= need) throw InputError(where + ": too few columns");
    Entry e;
    e.ref = std::string(cols[static_cast<std::size_t>(c_ref)]);
    for (auto a : text::split(cols[static_cast<std::size_t>(c_alt)], ',')) e.alts.emplace_back(a);
    for (auto x : text::split(cols[static_cast<std::size_t>(c_freq)], ',')) {
      const auto v = text::parse_double(x);
      if (!v || *v < 0 || *v > 1) throw InputError(where + ": ALT_FREQS '" + std::string(x) + "' is not a frequency");
      e.freqs.push_back(*v);
    }
    if (e.freqs.size() != e.alts.size()) throw InputError(where + ": ALT and ALT_FREQS have different lengths");
    f.by_id_[std::string(cols[static_cast<std::size_t>(c_id)])] = std::move(e);
  }
  if (!header) throw InputError("--read-freq " + path + ": the file is empty");
  return f;
}

std::optional<double> AlleleFreqs::of(const std::string& id, const std::string& allele) const {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return std::nullopt;
  const Entry& e = it->second;
  if (allele == e.ref) {
    double s = 0;
    for (double x : e.freqs) s += x;
    return 1.0 - s;
  }
  for (std::size_t i = 0; i < e.alts.size(); ++i)
    if (e.alts[i] == allele) return e.freqs[i];
  return std::nullopt;
}

double AlleleFreqs::heterozygosity(const std::string& id) const {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return 0.0;
  double ref = 1.0, sum_sq = 0.0;
  for (double f : it->second.freqs) {
    ref -= f;
    sum_sq += f * f;
  }
  return 1.0 - sum_sq - ref * ref;
}

}  // namespace ketapgx

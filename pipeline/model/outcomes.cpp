#include "model/outcomes.h"

#include "ketapgx/core/errors.h"
#include "util/line_reader.h"
#include "util/text.h"

namespace ketapgx {

Outcomes read_outcomes(const std::string& path) {
  LineReader in(path, "--outcomes");
  Outcomes o;
  o.path = path;
  std::string_view line;
  int c_id = -1, c_resp = -1, c_metab = -1;
  std::size_t width = 0;
  bool header = false;
  while (in.next(line)) {
    if (text::trim(line).empty()) continue;
    const auto f = text::split(line, '\t');
    const std::string at = "--outcomes " + path + " line " + std::to_string(in.line_number());
    if (!header) {
      if (const auto rep = text::repeated_column(f))
        throw InputError(at + ": column '" + std::string(text::trim(f[rep->second])) + "' appears twice in the header (columns " +
                         std::to_string(rep->first + 1) + " and " + std::to_string(rep->second + 1) + "); keep one");
      for (std::size_t i = 0; i < f.size(); ++i) {
        const auto name = text::trim(f[i]);
        if (name == "sample_id") c_id = static_cast<int>(i);
        if (name == "responder") c_resp = static_cast<int>(i);
        if (name == "metabolizer_class") c_metab = static_cast<int>(i);
      }
      if (c_id < 0 || (c_resp < 0 && c_metab < 0))
        throw InputError(at + ": expected a header with sample_id and responder and/or metabolizer_class (tab-separated)");
      width = f.size();
      header = true;
      continue;
    }
    if (f.size() != width) throw InputError(at + ": expected " + std::to_string(width) + " columns, found " + std::to_string(f.size()));
    const std::string id(text::trim(f[static_cast<std::size_t>(c_id)]));
    if (!o.index.emplace(id, o.samples.size()).second) throw InputError(at + ": sample ID '" + id + "' appears twice");
    std::int8_t r = -1, m = -1;
    if (c_resp >= 0) {
      const std::string v = text::lower(text::trim(f[static_cast<std::size_t>(c_resp)]));
      if (v == "1" || v == "yes") r = 1;
      else if (v == "0" || v == "no") r = 0;
      else if (!text::is_missing_token(v))
        throw InputError(at + ", column " + std::to_string(c_resp + 1) + " (responder): '" + v + "'; expected 0/1, yes/no or NA");
    }
    if (c_metab >= 0) {
      const std::string v(text::trim(f[static_cast<std::size_t>(c_metab)]));
      static const char* names[] = {"PM", "IM", "NM", "RM", "UM"};
      for (int k = 0; k < 5; ++k)
        if (v == names[k]) m = static_cast<std::int8_t>(k);
      if (m < 0 && !text::is_missing_token(v))
        throw InputError(at + ", column " + std::to_string(c_metab + 1) + " (metabolizer_class): '" + v + "'; expected PM, IM, NM, RM, UM or NA");
    }
    o.samples.push_back(id);
    o.responder.push_back(r);
    o.metabolizer.push_back(m);
  }
  if (o.samples.empty()) throw InputError("--outcomes " + path + ": no outcome rows");
  return o;
}

}  // namespace ketapgx

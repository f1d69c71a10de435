// Number formatting shared by the table writers.
#pragma once

#include <charconv>
#include <string>

namespace ketapgx {

// Up to `significant` significant digits, no trailing zeros ("0.25", "1",
// "3.3333333e-05"): printf's "%.*g", which std::to_chars gives exactly (C++17
// specifies it so) at a fraction of the cost and without the locale.
inline std::string format_double(double v, int significant = 8) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, significant);
  return std::string(buf, r.ptr);
}

inline const char* yes_no(bool b) { return b ? "yes" : "no"; }

// The one missing-value marker of every TSV ketapgx writes: a value not
// available, or an empty list.
inline constexpr const char* kNA = "NA";
inline std::string or_na(const std::string& s) { return s.empty() ? std::string(kNA) : s; }
// A TSV cell that is NA (or '.', which files of ketapgx 0.1 before it wrote) holds nothing.
inline bool is_na_cell(const std::string& s) { return s.empty() || s == kNA || s == "."; }

}  // namespace ketapgx

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

}  // namespace ketapgx

// Number formatting shared by the table writers.
#pragma once

#include <cstdio>
#include <string>

namespace ketapgx {

// Up to `significant` significant digits, no trailing zeros ("0.25", "1", "3.3333333e-05").
inline std::string format_double(double v, int significant = 8) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", significant, v);
  return buf;
}

inline const char* yes_no(bool b) { return b ? "yes" : "no"; }

}  // namespace ketapgx

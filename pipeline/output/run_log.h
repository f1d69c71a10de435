// PREFIX.log: what a run did, for the record beside its outputs (as plink2
// writes PREFIX.log): version, start and end time, command line, and every
// message the run printed (or would have printed without --quiet).
#pragma once

#include <ctime>
#include <ostream>
#include <string>

#include "ketapgx_config.h"

namespace ketapgx {

inline std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

inline void write_run_log(std::ostream& out, const std::string& started, const std::string& command_line,
                          const std::string& messages) {
  out << "ketapgx " << KETAPGX_VERSION << "\nstart: " << started << "\ncommand: " << command_line << "\n\n"
      << messages << "\nend: " << utc_now() << '\n';
}

}  // namespace ketapgx

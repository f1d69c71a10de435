// Logging to stderr with one process-wide level (--quiet / --verbose).
//
// A hand-written logger rather than spdlog: the CLI needs four levels and a
// prefix, and spdlog would add two shared libraries (spdlog, fmt) to every
// container image and GPU-node dependency bundle for that.
#pragma once

#include <string>
#include <string_view>

namespace ketapgx::log {

enum class Level { Error = 0, Warn = 1, Info = 2, Debug = 3 };

void set_level(Level level);
Level level();

// The status line (util/progress.h): drawn on stderr after "\r", cleared
// before any message and redrawn after it, so the two never mix. "" clears it.
void set_status(const std::string& line);

// While a Capture lives, every message from Info up is also kept, whatever
// --quiet/--verbose say for the terminal: a run's own log file (prs writes it
// to PREFIX.log, as plink2 does). One at a time.
class Capture {
 public:
  Capture();
  ~Capture();
  Capture(const Capture&) = delete;
  Capture& operator=(const Capture&) = delete;
  std::string text() const;  // "warning: ...\n" / "...\n", in order

 private:
  std::string lines_;
};

void error(std::string_view message);
void warn(std::string_view message);
void info(std::string_view message);
void debug(std::string_view message);

}  // namespace ketapgx::log

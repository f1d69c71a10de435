#include "util/log.h"

#include <atomic>
#include <cstdio>
#include <mutex>
#include <string>

#include "util/text.h"

namespace ketapgx::log {
namespace {
std::atomic<int> g_level{static_cast<int>(Level::Info)};
std::mutex g_mutex;
std::string g_status;  // the status line on screen (guarded by g_mutex)
std::string* g_capture = nullptr;  // the live Capture's lines (guarded by g_mutex)

void emit(Level at, const char* tag, std::string_view raw) {
  const bool shown = static_cast<int>(at) <= g_level.load();
  if (!shown && at == Level::Debug) return;
  // Messages quote input (IDs, cells, header lines): a damaged file's bytes
  // must not reach the terminal as they are (escape sequences, NULs).
  const std::string message = text::printable(raw);
  std::lock_guard<std::mutex> lock(g_mutex);
  if (g_capture) {
    if (*tag) g_capture->append(tag + 1).append(": ");
    g_capture->append(message).push_back('\n');
  }
  if (!shown) return;
  if (!g_status.empty()) std::fputs("\r\033[K", stderr);
  std::fprintf(stderr, "ketapgx%s: %.*s\n", tag, static_cast<int>(message.size()), message.data());
  if (!g_status.empty()) std::fprintf(stderr, "%s", g_status.c_str());
  std::fflush(stderr);
}
}  // namespace

void set_status(const std::string& line) {
  std::lock_guard<std::mutex> lock(g_mutex);
  if (line.empty() && g_status.empty()) return;
  std::fprintf(stderr, "\r\033[K%s", line.c_str());
  std::fflush(stderr);
  g_status = line;
}

Capture::Capture() {
  std::lock_guard<std::mutex> lock(g_mutex);
  g_capture = &lines_;
}
Capture::~Capture() {
  std::lock_guard<std::mutex> lock(g_mutex);
  if (g_capture == &lines_) g_capture = nullptr;
}
std::string Capture::text() const {
  std::lock_guard<std::mutex> lock(g_mutex);
  return lines_;
}

void set_level(Level level) { g_level.store(static_cast<int>(level)); }
Level level() { return static_cast<Level>(g_level.load()); }

void error(std::string_view m) { emit(Level::Error, " error", m); }
void warn(std::string_view m) { emit(Level::Warn, " warning", m); }
void info(std::string_view m) { emit(Level::Info, "", m); }
void debug(std::string_view m) { emit(Level::Debug, " debug", m); }

}  // namespace ketapgx::log

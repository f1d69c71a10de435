#include "util/progress.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "util/log.h"

namespace ketapgx {

namespace {

// "512 records", "12.5 k records", "1.2 M records"; with unit "B": "38.0 MB".
std::string amount(double v, const std::string& unit) {
  char b[48];
  const char* u = unit.c_str();
  const char* sep = unit == "B" || unit == "B/s" ? "" : " ";
  if (v >= 1e9) std::snprintf(b, sizeof b, "%.1f G%s%s", v / 1e9, sep, u);
  else if (v >= 1e6) std::snprintf(b, sizeof b, "%.1f M%s%s", v / 1e6, sep, u);
  else if (v >= 1e4) std::snprintf(b, sizeof b, "%.1f k%s%s", v / 1e3, sep, u);
  else if (v == 1 && unit.size() > 1 && unit.back() == 's' && unit != "B/s") std::snprintf(b, sizeof b, "1 %.*s", static_cast<int>(unit.size() - 1), u);
  else std::snprintf(b, sizeof b, "%.0f %s", v, u);
  return b;
}

std::chrono::milliseconds redraw_interval() {
  static const std::chrono::milliseconds ms = [] {
    const char* v = std::getenv("KETAPGX_PROGRESS_MS");
    const long n = v ? std::strtol(v, nullptr, 10) : 0;
    return std::chrono::milliseconds(n > 0 ? n : 500);
  }();
  return ms;
}

}  // namespace

bool ProgressStage::live() { return log::level() >= log::Level::Info && ::isatty(STDERR_FILENO); }

ProgressStage::ProgressStage(std::string name, std::string unit, std::function<ProgressSample()> poll)
    : name_(std::move(name)), unit_(std::move(unit)), poll_(std::move(poll)), start_(std::chrono::steady_clock::now()) {
  if (!live()) return;
  drawer_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mutex_);
    // The first line after one interval: short stages draw nothing.
    while (!wake_.wait_for(lock, redraw_interval(), [this] { return stop_; })) {
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
      log::set_status(text(sample(), secs));
    }
  });
}

ProgressStage::~ProgressStage() { finish(); }

void ProgressStage::finish() {
  if (finished_) return;
  finished_ = true;
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (drawer_.joinable()) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    drawer_.join();
    log::set_status("");
  }
  log::debug(text(sample(), secs));
}

ProgressSample ProgressStage::sample() const { return poll_ ? poll_() : ProgressSample{}; }

std::string ProgressStage::text(const ProgressSample& s, double seconds) const {
  std::string t = name_ + ":";
  if (s.done >= 0) t += " " + amount(static_cast<double>(s.done), unit_);
  std::string detail;
  if (s.done >= 0 && s.total > 0) {
    char b[32];
    std::snprintf(b, sizeof b, "%.0f%%", 100.0 * static_cast<double>(s.done) / static_cast<double>(s.total));
    detail = b;
  } else if (s.bytes >= 0 && s.bytes_total > 0) {
    char b[32];
    std::snprintf(b, sizeof b, "%.0f%% of the file", 100.0 * static_cast<double>(s.bytes) / static_cast<double>(s.bytes_total));
    detail = b;
  }
  if (s.bytes > 0 && seconds > 0) detail += (detail.empty() ? "" : ", ") + amount(static_cast<double>(s.bytes) / seconds, "B/s");
  else if (s.done > 0 && seconds > 0) detail += (detail.empty() ? "" : ", ") + amount(static_cast<double>(s.done) / seconds, unit_ + "/s");
  char secs[32];
  std::snprintf(secs, sizeof secs, "%.1f s", seconds);
  return t + (detail.empty() ? "" : " (" + detail + ")") + (s.done >= 0 ? ", " : " ") + secs;
}

}  // namespace ketapgx

// Progress of a long stage on stderr. On a terminal (and not --quiet): one
// status line redrawn twice a second, "reading genotypes: 1.2 M records (45%
// of the file, 38 MB/s), 12.0 s", cleared when the stage ends. Without a
// terminal nothing is drawn. With --verbose each stage ends in one line with
// its figures and time, terminal or not. The work being measured only bumps
// counters that `poll` reads (no progress code in hot loops).
// KETAPGX_PROGRESS_MS sets the redraw interval (and the delay before the
// first line) in milliseconds; default 500.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace ketapgx {

struct ProgressSample {
  std::int64_t done = -1;         // units done (records, shards); -1: the stage only shows its time
  std::int64_t total = -1;        // of that many, -1 when unknown
  std::int64_t bytes = -1;        // input bytes read, -1 when unknown
  std::int64_t bytes_total = -1;  // the input's size, -1 when unknown
};

class ProgressStage {
 public:
  // `unit`: what `done` counts ("records", "shards"). `poll` is called from a
  // drawing thread and must only read counters (atomics); without one the
  // stage shows its time only.
  ProgressStage(std::string name, std::string unit = "", std::function<ProgressSample()> poll = {});
  ~ProgressStage();
  ProgressStage(const ProgressStage&) = delete;
  ProgressStage& operator=(const ProgressStage&) = delete;

  // Ends the stage now (the destructor does it otherwise).
  void finish();

  // Whether status lines are drawn in this process (stderr is a terminal, not --quiet).
  static bool live();

 private:
  std::string text(const ProgressSample& s, double seconds) const;
  ProgressSample sample() const;

  std::string name_, unit_;
  std::function<ProgressSample()> poll_;
  std::chrono::steady_clock::time_point start_;
  bool finished_ = false;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread drawer_;
};

}  // namespace ketapgx

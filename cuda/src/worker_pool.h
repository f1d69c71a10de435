// A fixed team of threads for the CPU engine's loops. Its idle workers sleep
// on a condition variable instead of spinning: the engine computes while the
// reading side decodes on the other cores (ComputeOptions::budget), and
// libgomp's spin-waiting between the engine's short loops took up to a sixth
// of the CPU there (perf, 10,000 x 50,000 BCF on 2 cores).
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace ketapgx::detail {

class WorkerPool {
 public:
  explicit WorkerPool(int threads) {
    for (int i = 1; i < threads; ++i) workers_.emplace_back([this] { work(); });
  }
  ~WorkerPool() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    for (auto& t : workers_) t.join();
  }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  int threads() const { return static_cast<int>(workers_.size()) + 1; }

  // Runs task(i) for i in [0, n), spread over the team (the caller works too);
  // returns when all are done. Which thread runs which i is not fixed, so each
  // task must write its own outputs only. The first exception (lowest i) is rethrown.
  void run(std::size_t n, const std::function<void(std::size_t)>& task) {
    if (n == 0) return;
    std::lock_guard<std::mutex> one_at_a_time(run_mutex_);  // callers on several threads take turns
    if (workers_.empty() || n == 1) {
      for (std::size_t i = 0; i < n; ++i) task(i);
      return;
    }
    errors_.assign(n, nullptr);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      task_ = &task;
      n_ = n;
      next_.store(0);
      active_ = workers_.size();
      ++generation_;
    }
    wake_.notify_all();
    drain();
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [this] { return active_ == 0; });
    task_ = nullptr;
    for (const auto& e : errors_)
      if (e) std::rethrow_exception(e);
  }

 private:
  void drain() {
    for (std::size_t i; (i = next_.fetch_add(1)) < n_;) try {
      (*task_)(i);
    } catch (...) {
      errors_[i] = std::current_exception();
    }
  }
  void work() {
    std::size_t seen = 0;
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
      wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
      if (stop_) return;
      seen = generation_;
      lock.unlock();
      drain();
      lock.lock();
      if (--active_ == 0) done_.notify_all();
    }
  }

  std::vector<std::thread> workers_;
  std::mutex run_mutex_, mutex_;
  std::condition_variable wake_, done_;
  const std::function<void(std::size_t)>* task_ = nullptr;
  std::size_t n_ = 0, active_ = 0, generation_ = 0;
  std::atomic<std::size_t> next_{0};
  std::vector<std::exception_ptr> errors_;
  bool stop_ = false;
};

}  // namespace ketapgx::detail

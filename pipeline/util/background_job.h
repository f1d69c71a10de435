// One persistent worker thread that runs one job at a time in the background:
// submit() hands it a job, wait() blocks until it is done. The job must not
// throw (catch inside it and report through its own state). Being one thread
// for its whole life, an OpenMP team started inside the job is started once
// and reused, not re-created per job.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace ketapgx {

class BackgroundJob {
 public:
  BackgroundJob() : thread_([this] { loop(); }) {}
  ~BackgroundJob() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  BackgroundJob(const BackgroundJob&) = delete;
  BackgroundJob& operator=(const BackgroundJob&) = delete;

  // Starts `job`; the previous one must have been waited for.
  void submit(std::function<void()> job) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      job_ = std::move(job);
      busy_ = true;
    }
    cv_.notify_all();
  }
  // Returns once the last submitted job has finished (at once when none runs).
  void wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    cv_.wait(lock, [this] { return !busy_; });
  }

 private:
  void loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
      cv_.wait(lock, [this] { return busy_ || stop_; });
      if (!busy_) return;  // stopping, nothing left to do
      std::function<void()> job = std::move(job_);
      lock.unlock();
      job();
      lock.lock();
      busy_ = false;
      cv_.notify_all();
    }
  }

  std::mutex mutex_;
  std::condition_variable cv_;
  std::function<void()> job_;
  bool busy_ = false, stop_ = false;
  std::thread thread_;  // last: started once the state above exists
};

}  // namespace ketapgx

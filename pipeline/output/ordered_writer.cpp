#include "output/ordered_writer.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <vector>

#include "util/background_job.h"

namespace ketapgx {

namespace {

constexpr std::size_t kBatch = 8192;  // items per batch: a few MB of text

// One batch's text, one piece per thread (each a contiguous run of items).
struct Batch {
  std::vector<std::string> parts;
  void write_to(std::ostream& out) const {
    for (const std::string& p : parts) out.write(p.data(), static_cast<std::streamsize>(p.size()));
  }
};

// Formats items [begin, end) into b's pieces on `threads` threads.
void format_batch(Batch& b, std::size_t begin, std::size_t end, int threads,
                  const std::function<void(std::size_t, std::string&)>& append) {
  const auto n_parts = static_cast<std::int64_t>(b.parts.size());
  const std::size_t per = (end - begin + b.parts.size() - 1) / b.parts.size();
  std::exception_ptr failure;
  std::size_t failed_at = SIZE_MAX;
  std::mutex failure_mutex;
#pragma omp parallel for schedule(static, 1) num_threads(threads) if (threads > 1)
  for (std::int64_t t = 0; t < n_parts; ++t) {
    // Appended to on this thread's stack and moved in at the end: the pieces'
    // string headers share cache lines, and every append writes its size.
    std::string text;
    text.swap(b.parts[static_cast<std::size_t>(t)]);  // its capacity, from the batch before
    text.clear();
    const std::size_t lo = std::min(end, begin + static_cast<std::size_t>(t) * per), hi = std::min(end, lo + per);
    for (std::size_t i = lo; i < hi; ++i) try {
      append(i, text);
    } catch (...) {
      std::lock_guard<std::mutex> lock(failure_mutex);
      if (i < failed_at) {
        failed_at = i;
        failure = std::current_exception();
      }
      break;
    }
    b.parts[static_cast<std::size_t>(t)].swap(text);
  }
  if (failure) std::rethrow_exception(failure);
}

}  // namespace

void write_ordered(std::ostream& out, std::size_t n, int threads, const std::function<void(std::size_t, std::string&)>& append,
                   const std::function<void(std::size_t)>& progress) {
  threads = std::max(1, threads);
  std::array<Batch, 2> batches;
  for (Batch& b : batches) b.parts.resize(static_cast<std::size_t>(threads));
  if (threads == 1) {
    for (std::size_t begin = 0; begin < n; begin += kBatch) {
      const std::size_t end = std::min(n, begin + kBatch);
      format_batch(batches[0], begin, end, 1, append);
      batches[0].write_to(out);
      if (progress) progress(end);
    }
    return;
  }
  // Batch k is written by the background thread while batch k + 1 is formatted.
  auto writer = std::make_unique<BackgroundJob>();
  std::size_t written = 0;
  std::size_t k = 0;
  try {
    for (std::size_t begin = 0; begin < n; begin += kBatch, ++k) {
      const std::size_t end = std::min(n, begin + kBatch);
      Batch& b = batches[k % 2];
      format_batch(b, begin, end, threads, append);  // the other buffer may be being written meanwhile
      writer->wait();
      if (progress && begin) progress(begin);
      writer->submit([&out, &b] { b.write_to(out); });
      written = end;
    }
  } catch (...) {
    writer->wait();  // nothing runs on the buffers when they go
    throw;
  }
  writer->wait();
  if (progress && n) progress(written);
}

}  // namespace ketapgx

// Double buffering over a GenotypeReader: block k+1 is read and decoded on a
// background thread while the caller computes on block k (with the CPU or the
// GPU backend), when the reader's options ask for read-ahead (--threads 2 and
// more); else each block is read when asked for. Memory: two blocks instead of one. It also shows the read's
// progress (util/progress.h) until the last block is handed out.
#pragma once

#include <future>
#include <memory>

#include "genotypes/genotype_reader.h"
#include "util/progress.h"

namespace ketapgx {

class BlockPrefetcher {
 public:
  explicit BlockPrefetcher(GenotypeReader& reader)
      : reader_(reader), progress_(std::make_unique<ProgressStage>("reading genotypes", "records", [&reader] {
          const VcfFile::ReadProgress p = reader.file().read_progress();
          ProgressSample s;
          s.done = p.records;
          s.bytes = p.bytes;
          s.bytes_total = p.file_bytes;
          return s;
        })) {}
  BlockPrefetcher(const BlockPrefetcher&) = delete;
  BlockPrefetcher& operator=(const BlockPrefetcher&) = delete;
  ~BlockPrefetcher() {
    if (pending_.valid()) pending_.wait();  // the reader must not outlive its work
  }

  // The next block, or nullptr at the end. The block stays valid until the
  // next call. Errors of the reader are rethrown here.
  const GenotypeBlock* next() {
    if (!started_) {
      started_ = true;
      start(current_);
    }
    if (!pending_.valid() || !pending_.get()) {
      progress_->finish();
      return nullptr;
    }
    const int ready = current_;
    current_ = 1 - current_;
    start(current_);  // the block returned last time is free again
    return &blocks_[ready];
  }

 private:
  void start(int slot) {
    // Without read-ahead (--threads 1) the block is read when asked for, on this thread.
    pending_ = std::async(reader_.read_ahead() ? std::launch::async : std::launch::deferred,
                          [this, slot] { return reader_.next_block(blocks_[slot]); });
  }

  GenotypeReader& reader_;
  std::unique_ptr<ProgressStage> progress_;
  GenotypeBlock blocks_[2];
  int current_ = 0;
  bool started_ = false;
  std::future<bool> pending_;
};

}  // namespace ketapgx

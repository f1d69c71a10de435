// Double buffering over a GenotypeReader: block k+1 is read and decoded on a
// background thread while the caller computes on block k (with the CPU or the
// GPU backend). Memory: two blocks instead of one.
#pragma once

#include <future>

#include "genotypes/genotype_reader.h"

namespace ketapgx {

class BlockPrefetcher {
 public:
  explicit BlockPrefetcher(GenotypeReader& reader) : reader_(reader) {}
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
    if (!pending_.valid() || !pending_.get()) return nullptr;
    const int ready = current_;
    current_ = 1 - current_;
    start(current_);  // the block returned last time is free again
    return &blocks_[ready];
  }

 private:
  void start(int slot) {
    pending_ = std::async(std::launch::async, [this, slot] { return reader_.next_block(blocks_[slot]); });
  }

  GenotypeReader& reader_;
  GenotypeBlock blocks_[2];
  int current_ = 0;
  bool started_ = false;
  std::future<bool> pending_;
};

}  // namespace ketapgx

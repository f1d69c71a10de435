// Writes many items' text to a stream in item order, formatting a batch of
// items on several threads while the batch before it is being written (the
// write of a 500 MB file no longer idles the other cores). The same bytes for
// any number of threads.
#pragma once

#include <cstddef>
#include <functional>
#include <ostream>
#include <string>

namespace ketapgx {

// append(i, text) appends item i's text (i < n) to `text`; it may run on any
// of `threads` threads at once for different items, and may throw (the first
// failing item's exception is rethrown, nothing after it written).
// progress(done), when given, is called on the calling thread as items are written.
// With threads <= 1 everything runs on the calling thread.
void write_ordered(std::ostream& out, std::size_t n, int threads, const std::function<void(std::size_t, std::string&)>& append,
                   const std::function<void(std::size_t)>& progress = {});

}  // namespace ketapgx

// What kind of thing an input path names, and the rule that no stream feeds
// two options: a pipe, FIFO or standard input can be read once, so nothing
// may open it a second time (to count header lines, hash it, diagnose it).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace ketapgx {

// True for "-" (standard input) and for anything that is not a regular file
// or directory: a pipe, a FIFO, a character device or a socket (/dev/stdin
// on a pipe, <(...), mkfifo). A path that does not exist is not a stream.
bool is_stream(const std::string& path);

// Throws UsageError when two options read the same stream: '-' twice, or
// one pipe/FIFO/device named twice (by any path). `inputs`: (option, path),
// empty paths ignored.
void check_streams_used_once(const std::vector<std::pair<std::string, std::string>>& inputs);

}  // namespace ketapgx

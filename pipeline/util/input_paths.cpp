#include "util/input_paths.h"

#include <sys/stat.h>

#include <map>

#include "ketapgx/core/errors.h"

namespace ketapgx {

bool is_stream(const std::string& path) {
  if (path == "-") return true;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return false;
  return !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

void check_streams_used_once(const std::vector<std::pair<std::string, std::string>>& inputs) {
  // Identity of a stream: "-" itself, else its device and inode (two paths
  // of one FIFO, or /dev/stdin and /proc/self/fd/0, are one stream).
  std::map<std::pair<unsigned long long, unsigned long long>, const std::string*> seen;
  const std::string* stdin_option = nullptr;
  struct stat in0 {};
  const bool have_stdin = ::fstat(0, &in0) == 0 && !S_ISREG(in0.st_mode);
  for (const auto& [option, path] : inputs) {
    if (path.empty() || !is_stream(path)) continue;
    std::pair<unsigned long long, unsigned long long> id{~0ULL, ~0ULL};
    struct stat st {};
    if (path == "-") {
      if (have_stdin) id = {in0.st_dev, in0.st_ino};
    } else if (::stat(path.c_str(), &st) == 0) {
      id = {st.st_dev, st.st_ino};
    }
    const std::string* earlier = nullptr;
    if (path == "-" && stdin_option) earlier = stdin_option;
    else if (auto it = seen.find(id); it != seen.end() && id.first != ~0ULL) earlier = it->second;
    if (earlier)
      throw UsageError(*earlier + " and " + option + " both read " + (path == "-" ? std::string("standard input ('-')") : "the stream " + path) +
                       ": a pipe can be read only once; give one of them a file");
    if (path == "-") stdin_option = &option;
    if (id.first != ~0ULL) seen.emplace(id, &option);
  }
}

}  // namespace ketapgx

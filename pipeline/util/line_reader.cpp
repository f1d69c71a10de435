#include "util/line_reader.h"

#include <htslib/kseq.h>

#include <cerrno>
#include <cstring>

#include "ketapgx/core/errors.h"

namespace ketapgx {

LineReader::LineReader(const std::string& path, const std::string& what) : path_(path), what_(what) {
  file_.reset(hts_open(path.c_str(), "r"));
  if (!file_) {
    // HTSlib refuses content it takes for binary data (control bytes in the
    // first block) with ENOEXEC, "Exec format error": say what that means.
    if (errno == ENOEXEC)
      throw InputError(what + " " + path + ": not a text file (its first bytes hold control characters or binary data); expected "
                       "tab-separated text, plain or gzip-compressed");
    throw InputError(what + " " + path + ": cannot open (" + std::strerror(errno) + "); check the path given to " + what);
  }
}

bool LineReader::next(std::string_view& line) {
  const int rc = hts_getline(file_.get(), KS_SEP_LINE, buf_.get());
  if (rc == -1) return false;
  if (rc < -1) {
    throw InputError(what_ + " " + path_ + ": read error after line " + std::to_string(line_no_) +
                     " (truncated or corrupt compressed file?)");
  }
  ++line_no_;
  line = std::string_view(buf_.data(), buf_.size());
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return true;
}

}  // namespace ketapgx

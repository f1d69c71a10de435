// Reads a plain or gzip/BGZF-compressed text file line by line through HTSlib,
// counting lines so that error messages can name them.
#pragma once

#include <string>
#include <string_view>

#include "genotypes/hts_handles.h"

namespace ketapgx {

class LineReader {
 public:
  // Throws InputError naming `what` (e.g. "--expression") when `path` cannot be opened.
  LineReader(const std::string& path, const std::string& what);

  // Next line without its terminator; false at end of file. Throws InputError on a read error.
  bool next(std::string_view& line);
  // 1-based number of the line last returned.
  long line_number() const { return line_no_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::string what_;
  hts::File file_;
  hts::KString buf_;
  long line_no_ = 0;
};

}  // namespace ketapgx

// Output files that appear all at once or not at all.
//
// Each file is written under a temporary name beside its final path; commit()
// renames every file of the set only after all were written and closed without
// error. A set destroyed before commit() (an exception on the way) removes its
// temporary files, so a failed run leaves no partial output behind.
#pragma once

#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace ketapgx {

// Checked before any work: the outputs at `path` (a prefix or a folder)
// could be created, i.e. the nearest existing folder on the way is a folder
// this process may write in. Throws InputError naming `option` (e.g. "--out").
void check_output_location(const std::string& path, const std::string& option);

class OutputSet {
 public:
  OutputSet() = default;
  OutputSet(const OutputSet&) = delete;
  OutputSet& operator=(const OutputSet&) = delete;
  ~OutputSet();

  // Opens `path` for writing under a temporary name; creates missing parent
  // directories. Throws Error when the file cannot be created.
  std::ostream& open(const std::string& path);

  // For a file another library writes (e.g. BGZF): returns the temporary path
  // to write to; commit() renames it like the others.
  std::string reserve(const std::string& path);

  // Closes every file, checks that all writes succeeded, then renames each
  // temporary file to its final name. Throws Error (and removes the temporary
  // files) when any write failed.
  void commit();

  // Final paths, in the order they were opened.
  std::vector<std::string> paths() const;

 private:
  struct Entry {
    std::string final_path;
    std::string temp_path;
    std::unique_ptr<std::ofstream> stream;
  };
  void discard() noexcept;

  std::vector<Entry> entries_;
  bool committed_ = false;
};

}  // namespace ketapgx

// Helpers shared by the test suites: temporary directories, running commands,
// reading TSV output, and the paths the build passes in.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace ketapgx::test {

// Paths set by tests/CMakeLists.txt.
std::string source_dir();
std::string data_dir();     // tests/data
std::string shared_dir();   // ../shared beside the checkout (PharmCAT data)
std::string binary();       // the ketapgx executable
// Debian python-pyvcf-examples' 1000 Genomes extract (629 samples).
std::string kg_vcf();
// The same extract with the ##contig line bcftools needs to write it out
// (the original has none), bgzipped into `dir`; returns its path.
std::string kg_vcf_with_contig(const std::string& dir);

// A fresh directory removed with everything in it at scope exit.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  // Names of the files now in the directory, sorted.
  std::vector<std::string> list() const;

 private:
  std::string path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs `command` with /bin/sh, capturing stdout and stderr separately.
CommandResult run(const std::string& command);
// Runs the ketapgx binary with `args` (already shell-quoted where needed).
CommandResult run_ketapgx(const std::string& args);

// True when `tool` is on PATH.
bool have_tool(const std::string& tool);

void write_file(const std::string& path, const std::string& content);
std::string read_file(const std::string& path);

// A TSV with a header line, as rows of column-name -> value.
struct Table {
  std::vector<std::string> columns;
  std::vector<std::map<std::string, std::string>> rows;
};
Table read_tsv(const std::string& path);

std::vector<std::string> split(const std::string& s, char sep);

// A report.html without what names its run (the provenance section: command
// line, date; and the class="run-file" output names): a merged report and an
// unsharded one are equal outside them.
std::string report_outside_run(const std::string& html);

}  // namespace ketapgx::test

#include "support/test_support.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace ketapgx::test {

namespace fs = std::filesystem;

std::string source_dir() { return KETAPGX_TEST_SOURCE_DIR; }
std::string data_dir() { return KETAPGX_TEST_DATA_DIR; }
std::string shared_dir() { return KETAPGX_TEST_SHARED_DIR; }
std::string binary() { return KETAPGX_TEST_BINARY; }
std::string kg_vcf() { return "/usr/share/doc/python3-vcf/test/1kg.vcf.gz"; }

std::string kg_vcf_with_contig(const std::string& dir) {
  const std::string out = dir + "/1kg.contig.vcf.gz";
  const auto r = run("zcat " + kg_vcf() + " | sed '/^#CHROM/i ##contig=<ID=2>' | bgzip -c > " + out);
  if (r.exit_code != 0) throw std::runtime_error("cannot prepare " + out + ": " + r.err);
  return out;
}

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "ketapgx-test-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::vector<std::string> TempDir::list() const {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(path_)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

CommandResult run(const std::string& command) {
  TempDir tmp;
  const std::string out = tmp.file("stdout"), err = tmp.file("stderr");
  const std::string full = "( " + command + " ) >" + out + " 2>" + err;
  const int status = std::system(full.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

CommandResult run_ketapgx(const std::string& args) { return run(binary() + " " + args); }

bool have_tool(const std::string& tool) { return run("command -v " + tool).exit_code == 0; }

void write_file(const std::string& path, const std::string& content) {
  std::ofstream f(path, std::ios::binary);
  f << content;
  if (!f) throw std::runtime_error("cannot write " + path);
}

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

Table read_tsv(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw std::runtime_error("cannot read " + path);
  Table t;
  std::string line;
  bool header = false;
  while (std::getline(f, line)) {
    if (line.empty()) continue;
    if (!header) {
      t.columns = split(line, '\t');
      header = true;
      continue;
    }
    const auto fields = split(line, '\t');
    if (fields.size() != t.columns.size()) throw std::runtime_error(path + ": ragged row: " + line);
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < fields.size(); ++i) row[t.columns[i]] = fields[i];
    t.rows.push_back(std::move(row));
  }
  return t;
}

std::string report_outside_run(const std::string& html) {
  std::string out = std::regex_replace(html, std::regex(R"(<section id="provenance">[\s\S]*?</section>)"), "<section id=\"provenance\"></section>");
  return std::regex_replace(out, std::regex(R"(<span class="run-file">[^<]*</span>)"), "<span class=\"run-file\"></span>");
}

}  // namespace ketapgx::test

#include "output/output_files.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "ketapgx/core/errors.h"

namespace ketapgx {

namespace fs = std::filesystem;

OutputSet::~OutputSet() {
  if (!committed_) discard();
}

namespace {

// "--out dir/" would name files ".predictions.tsv" etc.: hidden, and surely not what was meant.
void check_name(const fs::path& p) {
  const std::string name = p.filename().string();
  if (name.empty() || name[0] == '.')
    throw UsageError("--out: the output " + p.string() + " would be a hidden file (does --out end with '/'?); give a prefix "
                     "such as results/cohort, which writes results/cohort.<kind>");
}

}  // namespace

void check_output_location(const std::string& path, const std::string& option) {
  // The nearest folder on the way that exists must be a folder we may write
  // in (the rest is created when the outputs are written).
  fs::path parent = fs::path(path).parent_path();
  if (parent.empty()) parent = ".";
  fs::path at = parent;
  std::error_code ec;
  while (!at.empty() && !fs::exists(at, ec)) at = at.parent_path();
  if (at.empty()) at = ".";
  if (!fs::is_directory(at, ec))
    throw InputError(option + " " + path + ": " + at.string() + " is not a folder, so nothing can be written there; choose another " + option);
  if (::access(at.c_str(), W_OK | X_OK) != 0)
    throw InputError(option + " " + path + ": cannot write in " + at.string() + " (" + std::strerror(errno) + "); choose another " +
                     option + " or make the folder writable");
}

std::ostream& OutputSet::open(const std::string& path) {
  const fs::path final_path(path);
  check_name(final_path);
  if (final_path.has_parent_path()) {
    std::error_code ec;
    fs::create_directories(final_path.parent_path(), ec);
    if (ec) {
      throw Error("--out: cannot create directory " + final_path.parent_path().string() + ": " +
                  ec.message());
    }
  }
  // The temporary name sits in the same directory so rename() is atomic.
  Entry e;
  e.final_path = path;
  e.temp_path = path + ".tmp." + std::to_string(::getpid());
  e.stream = std::make_unique<std::ofstream>(e.temp_path, std::ios::out | std::ios::trunc);
  if (!*e.stream) {
    throw Error("cannot write " + e.temp_path + ": " + std::strerror(errno) +
                " (check that --out points to a writable directory)");
  }
  entries_.push_back(std::move(e));
  return *entries_.back().stream;
}

std::string OutputSet::reserve(const std::string& path) {
  const fs::path final_path(path);
  check_name(final_path);
  if (final_path.has_parent_path()) {
    std::error_code ec;
    fs::create_directories(final_path.parent_path(), ec);
    if (ec) throw Error("cannot create directory " + final_path.parent_path().string() + ": " + ec.message());
  }
  Entry e;
  e.final_path = path;
  e.temp_path = path + ".tmp." + std::to_string(::getpid());
  entries_.push_back(std::move(e));
  return entries_.back().temp_path;
}

void OutputSet::commit() {
  for (Entry& e : entries_) {
    if (!e.stream) continue;  // written by someone else (reserve())
    e.stream->flush();
    const bool ok = static_cast<bool>(*e.stream);
    e.stream->close();
    if (!ok || e.stream->fail()) {
      discard();
      throw Error("writing " + e.final_path + " failed (disk full or file system error)");
    }
  }
  for (Entry& e : entries_) {
    if (std::rename(e.temp_path.c_str(), e.final_path.c_str()) != 0) {
      const std::string why = std::strerror(errno);
      discard();
      throw Error("cannot rename " + e.temp_path + " to " + e.final_path + ": " + why);
    }
  }
  committed_ = true;
}

std::vector<std::string> OutputSet::paths() const {
  std::vector<std::string> out;
  for (const Entry& e : entries_) out.push_back(e.final_path);
  return out;
}

void OutputSet::discard() noexcept {
  for (Entry& e : entries_) {
    if (e.stream && e.stream->is_open()) e.stream->close();
    std::remove(e.temp_path.c_str());
  }
}

}  // namespace ketapgx

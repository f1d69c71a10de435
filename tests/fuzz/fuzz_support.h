// Shared by the fuzz targets: the readers take file paths, so each input is
// written to a per-process scratch file first; the project's data is found
// through KETAPGX_FUZZ_SOURCE_DIR. Every target calls a reader and accepts
// ketapgx::Error (a refusal with a message is the contract); anything else
// (another exception, a crash, a sanitizer report) is a finding.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace ketapgx::fuzz {

inline std::string source_dir() { return KETAPGX_FUZZ_SOURCE_DIR; }

// A scratch directory of this process (created once, removed at exit; a
// crash leaves it for inspection).
inline const std::string& scratch_dir() {
  static const std::string dir = [] {
    const char* tmp = std::getenv("TMPDIR");
    std::string d = std::string(tmp && *tmp ? tmp : "/tmp") + "/ketapgx-fuzz-" + std::to_string(::getpid());
    std::filesystem::create_directories(d);
    return d;
  }();
  static const bool cleanup = [] {
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    });
    return true;
  }();
  (void)cleanup;
  return dir;
}

// Writes the input to `name` in the scratch directory; returns its path.
inline std::string write_input(const std::string& name, const std::uint8_t* data, std::size_t size) {
  const std::string path = scratch_dir() + "/" + name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

}  // namespace ketapgx::fuzz

#include "util/data_dir.h"

#include <cstdlib>
#include <filesystem>
#include <vector>

#include "ketapgx/core/errors.h"
#include "ketapgx_config.h"

namespace ketapgx {

namespace fs = std::filesystem;

std::string data_dir() {
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("KETAPGX_DATA_DIR"); env && *env) candidates.emplace_back(env);
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) candidates.push_back((exe.parent_path().parent_path() / "share" / "ketapgx").string());
  candidates.emplace_back(KETAPGX_SOURCE_DATA_DIR);
  std::string searched;
  for (const std::string& c : candidates) {
    if (fs::is_directory(fs::path(c) / "configs" / "panels", ec)) return c;
    searched += (searched.empty() ? "" : ", ") + c;
  }
  throw Error("cannot find ketapgx's bundled data (configs/panels/) in: " + searched +
              "; set KETAPGX_DATA_DIR to the directory that holds configs/");
}

}  // namespace ketapgx

#include "util/build_info.h"

namespace ketapgx {
namespace {
std::string& commit_storage() {
  static std::string commit = "unknown";
  return commit;
}
}  // namespace

void set_build_commit(const std::string& commit) { commit_storage() = commit; }
const std::string& build_commit() { return commit_storage(); }

}  // namespace ketapgx

#include "model/model_loader.h"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "ketapgx/core/errors.h"
#include "ketapgx_config.h"

namespace ketapgx {

models::ModelBackend& model_backend() {
  static std::once_flag once;
  static std::unique_ptr<models::ModelBackend> backend;
  static std::string failure;
  std::call_once(once, [] {
    // $KETAPGX_MODELS_LIB, when set, is the only candidate: a library the user
    // named must not be silently replaced by another one.
    std::vector<std::string> candidates;
    std::error_code ec;
    if (const char* env = std::getenv("KETAPGX_MODELS_LIB"); env && *env) {
      candidates.emplace_back(env);
    } else {
      const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
      if (!ec) candidates.push_back((exe.parent_path().parent_path() / "lib" / "libketapgx_models.so").string());
      candidates.emplace_back(KETAPGX_BUILD_MODELS_LIB);
    }
    std::string tried;
    for (const std::string& path : candidates) {
      if (!std::filesystem::exists(path, ec)) {
        tried += (tried.empty() ? "" : ", ") + path;
        continue;
      }
      void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);  // kept for the whole process
      if (!handle) {
        tried += (tried.empty() ? "" : ", ") + path + " (" + dlerror() + ")";
        continue;
      }
      // Like bcftools' plugins: a library built against another interface is refused, not called.
      using Version = int (*)();
      auto version = reinterpret_cast<Version>(dlsym(handle, "ketapgx_model_api_version"));
      if (!version) {
        tried += (tried.empty() ? "" : ", ") + path + " (no ketapgx_model_api_version: not a ketapgx model library, or too old)";
        continue;
      }
      if (version() != models::kModelApiVersion) {
        tried += (tried.empty() ? "" : ", ") + path + " (model interface version " + std::to_string(version()) +
                 ", this ketapgx needs " + std::to_string(models::kModelApiVersion) + ": rebuild or reinstall it with this ketapgx)";
        continue;
      }
      using Factory = models::ModelBackend* (*)();
      auto factory = reinterpret_cast<Factory>(dlsym(handle, "ketapgx_create_model_backend"));
      if (!factory) {
        tried += (tried.empty() ? "" : ", ") + path + " (no ketapgx_create_model_backend)";
        continue;
      }
      backend.reset(factory());
      return;
    }
    failure = "cannot load the model library libketapgx_models.so (tried: " + tried +
              "); set KETAPGX_MODELS_LIB to its path";
  });
  if (!backend) throw Error(failure);
  return *backend;
}

}  // namespace ketapgx

#include "ketapgx/models/runtime_info.h"

// Only the version header: the caller must not pay LibTorch's start-up
// (~0.35 s and ~160 MB of relocations) just to print a version.
#include <torch/version.h>

namespace ketapgx::models {

std::string torch_version() { return TORCH_VERSION; }

}  // namespace ketapgx::models

#include "ketapgx/models/runtime_info.h"

#include "ketapgx/models/model_api.h"

// Only the version header: the caller must not pay LibTorch's start-up
// (~0.35 s and ~160 MB of relocations) just to print a version.
#include <torch/version.h>

namespace ketapgx::models {

std::string torch_version() { return TORCH_VERSION; }

const char* metabolizer_class_name(int k) {
  static const char* names[] = {"PM", "IM", "NM", "RM", "UM"};
  return k >= 0 && k < kMetabolizerClasses ? names[k] : "NA";
}

}  // namespace ketapgx::models

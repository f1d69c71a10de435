// The LibTorch the model layer was built against. Used by `ketapgx --version`
// and by the provenance written next to every prediction.
#pragma once

#include <string>

namespace ketapgx::models {

// e.g. "1.13.0"; from LibTorch's headers, so asking costs no LibTorch start-up.
std::string torch_version();

}  // namespace ketapgx::models

// Private: constructors of the concrete backends, used only by select_backend.cpp.
#pragma once

#include <memory>

#include "ketapgx/engine/engine.h"

namespace ketapgx::detail {

std::unique_ptr<FeatureEngine> make_cpu_engine(int threads);
// Throws CudaError when the build has no CUDA backend or no device is usable.
std::unique_ptr<FeatureEngine> make_cuda_engine();

}  // namespace ketapgx::detail

// The one place where the feature-engine backend is chosen.
#include "backends.h"
#include "ketapgx/core/errors.h"

namespace ketapgx {

Backend parse_backend(const std::string& name) {
  if (name == "auto") return Backend::Auto;
  if (name == "cpu") return Backend::Cpu;
  if (name == "cuda") return Backend::Cuda;
  throw UsageError("--backend: expected auto, cpu or cuda, got '" + name + "'");
}

const char* backend_name(Backend b) {
  switch (b) {
    case Backend::Auto: return "auto";
    case Backend::Cpu: return "cpu";
    case Backend::Cuda: return "cuda";
  }
  return "?";
}

EngineChoice make_engine(Backend requested, int threads) {
  switch (requested) {
    case Backend::Cpu:
      return {detail::make_cpu_engine(threads), "cpu (asked for with --backend cpu)"};
    case Backend::Cuda:
      return {detail::make_cuda_engine(), "cuda on " + cuda_device_description()};
    case Backend::Auto:
      break;
  }
  if (!cuda_backend_built()) return {detail::make_cpu_engine(threads), "cpu (built without CUDA)"};
  if (cuda_device_count() == 0) return {detail::make_cpu_engine(threads), "cpu (no usable CUDA device)"};
  return {detail::make_cuda_engine(), "cuda on " + cuda_device_description()};
}

}  // namespace ketapgx

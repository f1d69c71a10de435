// Compiled instead of cuda_engine.cu when the build has no CUDA compiler:
// the CUDA backend reports itself as absent rather than failing to link.
#include "backends.h"
#include "ketapgx/core/errors.h"
#include "ketapgx/engine/kernel_bench.h"

namespace ketapgx {

int cuda_device_count() { return 0; }
std::string cuda_device_description() { return "none (built without CUDA)"; }
bool cuda_backend_built() { return false; }

KernelBenchReport benchmark_cuda_kernels(std::size_t, std::size_t, int) {
  throw CudaError("kernel benchmark: this ketapgx was built without the CUDA backend");
}

namespace detail {
std::unique_ptr<FeatureEngine> make_cuda_engine() {
  throw CudaError(
      "--backend cuda: this ketapgx was built without the CUDA backend "
      "(no nvcc at build time); rebuild with -DKETAPGX_CUDA=ON or use --backend cpu");
}
}  // namespace detail

}  // namespace ketapgx

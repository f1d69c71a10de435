#include "ketapgx/models/runtime_info.h"

#include <torch/torch.h>
#include <torch/version.h>

namespace ketapgx::models {

TorchRuntime torch_runtime() {
  TorchRuntime rt;
  rt.version = TORCH_VERSION;
  rt.cuda_available = torch::cuda::is_available();
  rt.intra_op_threads = static_cast<int>(torch::get_num_threads());
  return rt;
}

}  // namespace ketapgx::models

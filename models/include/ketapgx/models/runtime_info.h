// What the model layer runs on: the LibTorch version it was built against and
// whether that LibTorch can use a CUDA device. Used by `ketapgx --version` and
// by the provenance written next to every prediction.
#pragma once

#include <string>

namespace ketapgx::models {

struct TorchRuntime {
  std::string version;   // e.g. "1.13.1"
  bool cuda_available;   // LibTorch built with CUDA and a device is visible
  int intra_op_threads;  // torch::get_num_threads()
};

TorchRuntime torch_runtime();

}  // namespace ketapgx::models

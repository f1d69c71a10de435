// Kernel-only throughput of the CUDA backend, for bench/gpu.sh: each kernel
// runs on a device-resident random block (no host transfers in the timing),
// timed with CUDA events, and its bytes read are compared with the device's
// peak memory bandwidth.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace ketapgx {

struct KernelTiming {
  std::string kernel;
  double milliseconds = 0;   // per launch, median of the repeats
  double gigabytes = 0;      // bytes the kernel must read, per launch
  double gb_per_s = 0;
  double fraction_of_peak = 0;
};

struct KernelBenchReport {
  std::string device;
  double peak_gb_per_s = 0;  // from the memory clock and bus width
  std::vector<KernelTiming> kernels;
};

// Throws CudaError when the build has no CUDA backend or no device is usable.
KernelBenchReport benchmark_cuda_kernels(std::size_t rows, std::size_t samples, int repeats);

}  // namespace ketapgx

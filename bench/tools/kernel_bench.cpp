// Prints the CUDA kernels' throughput as a fraction of the GPU's peak memory
// bandwidth (device-resident data, CUDA-event timing): kernel_bench [ROWS] [SAMPLES] [REPEATS]
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "ketapgx/engine/kernel_bench.h"

int main(int argc, char** argv) {
  const std::size_t rows = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 2048;
  const std::size_t samples = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 500000;
  const int repeats = argc > 3 ? std::atoi(argv[3]) : 10;
  try {
    const ketapgx::KernelBenchReport r = ketapgx::benchmark_cuda_kernels(rows, samples, repeats);
    std::printf("# %s, peak memory bandwidth %.0f GB/s; block %zu rows x %zu samples (%.2f GB of genotype codes)\n",
                r.device.c_str(), r.peak_gb_per_s, rows, samples, static_cast<double>(rows * samples) / 1e9);
    std::printf("%-30s %10s %10s %10s\n", "kernel", "ms", "GB/s", "of peak");
    for (const auto& k : r.kernels)
      std::printf("%-30s %10.3f %10.1f %9.0f%%\n", k.kernel.c_str(), k.milliseconds, k.gb_per_s, 100 * k.fraction_of_peak);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kernel_bench: %s\n", e.what());
    return 2;
  }
  return 0;
}

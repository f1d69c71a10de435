// The CUDA backend. Kernels apply the same per-element formulas as the CPU
// reference (ketapgx/core/genotype_code.h); only layout and reductions differ.
#include <cuda_runtime.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "backends.h"
#include "cuda_check.h"
#include "ketapgx/core/dosage.h"
#include "ketapgx/core/expression.h"
#include "ketapgx/core/genotype_code.h"
#include "ketapgx/engine/kernel_bench.h"

namespace ketapgx {
namespace {

constexpr int kThreads = 256;

// One thread block per row; each thread strides over samples, then a shared-memory
// tree reduction. Integer sums, so the result equals the CPU's exactly.
constexpr int kCounts = 4;  // called samples, AN, AC, REF count

__global__ void variant_counts_kernel(const GenotypeCode* codes, std::size_t n_samples,
                                      long long* out /* n_rows * kCounts */) {
  const std::size_t r = blockIdx.x;
  const GenotypeCode* row = codes + r * n_samples;
  long long v[kCounts] = {0, 0, 0, 0};
  for (std::size_t s = threadIdx.x; s < n_samples; s += blockDim.x) {
    const GenotypeCode g = row[s];
    v[0] += gt_is_missing(g) ? 0 : 1;
    v[1] += gt_called_alleles(g);
    v[2] += gt_alt_alleles(g);
    v[3] += gt_ref_alleles(g);
  }
  __shared__ long long sh[kCounts][kThreads];
  for (int k = 0; k < kCounts; ++k) sh[k][threadIdx.x] = v[k];
  __syncthreads();
  for (int stride = kThreads / 2; stride > 0; stride >>= 1) {
    if (threadIdx.x < stride) {
      for (int k = 0; k < kCounts; ++k) sh[k][threadIdx.x] += sh[k][threadIdx.x + stride];
    }
    __syncthreads();
  }
  if (threadIdx.x == 0)
    for (int k = 0; k < kCounts; ++k) out[r * kCounts + k] = sh[k][0];
}

// Dosage sums of one row per thread block, in exact integer units (see
// ketapgx/core/dosage.h): equal to the CPU's whatever the reduction order.
constexpr int kDosageCounts = 3;  // dosage units, called alleles, called samples
__global__ void dosage_counts_kernel(const GenotypeCode* codes, const float* dosages, std::size_t n_samples,
                                     long long* out /* n_rows * kDosageCounts */) {
  const std::size_t r = blockIdx.x;
  long long v[kDosageCounts] = {0, 0, 0};
  for (std::size_t s = threadIdx.x; s < n_samples; s += blockDim.x) {
    const float d = dosages[r * n_samples + s];
    if (d != d) continue;
    v[0] += dosage_units(d);
    v[1] += gt_ploidy(codes[r * n_samples + s]);
    v[2] += 1;
  }
  __shared__ long long sh[kDosageCounts][kThreads];
  for (int k = 0; k < kDosageCounts; ++k) sh[k][threadIdx.x] = v[k];
  __syncthreads();
  for (int stride = kThreads / 2; stride > 0; stride >>= 1) {
    if (threadIdx.x < stride)
      for (int k = 0; k < kDosageCounts; ++k) sh[k][threadIdx.x] += sh[k][threadIdx.x + stride];
    __syncthreads();
  }
  if (threadIdx.x == 0)
    for (int k = 0; k < kDosageCounts; ++k) out[r * kDosageCounts + k] = sh[k][0];
}

// Scores a thread carries in registers: a sample's genotypes are read once per
// tile of this many scores (40 scores: 5 reads, not 40).
constexpr unsigned kScoreTile = 8;

// One thread per sample and tile of scores (grid y); rows in order, so each
// sample's sums are added in the same order as on the CPU (bit-identical
// doubles). With dosages (may be null) each row contributes
// dosage_contribution() of the sample's dosage. The first tile also counts
// the sample's alleles.
__global__ void score_kernel(const GenotypeCode* codes, std::size_t n_rows, std::size_t n_samples,
                             const std::uint8_t* ref_named, const std::uint8_t* counts_alleles,
                             const double* contributions, std::size_t n_scores, long long* allele_ct,
                             double* score_sums, const float* dosages) {
  const std::size_t s = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
  if (s >= n_samples) return;
  const std::size_t k0 = static_cast<std::size_t>(blockIdx.y) * kScoreTile;
  const unsigned tile = n_scores > k0 ? static_cast<unsigned>(n_scores - k0 < kScoreTile ? n_scores - k0 : kScoreTile) : 0;
  const bool count = blockIdx.y == 0;
  double acc[kScoreTile];
#pragma unroll
  for (unsigned j = 0; j < kScoreTile; ++j) acc[j] = j < tile ? score_sums[s * n_scores + k0 + j] : 0.0;
  long long ct = count ? allele_ct[s] : 0;
  for (std::size_t r = 0; r < n_rows; ++r) {
    const GenotypeCode g = codes[r * n_samples + s];
    const float d = dosages ? dosages[r * n_samples + s] : 0.0f;
    if (count && counts_alleles[r] && (dosages ? d == d : !gt_is_missing(g))) ct += gt_ploidy(g);
    const double* table = contributions + (r * n_scores + k0) * 4;
    const int cls = dosages ? 0 : gt_dosage_class(g, ref_named[r] != 0);
#pragma unroll
    for (unsigned j = 0; j < kScoreTile; ++j) {
      if (j >= tile) break;
      acc[j] += dosages ? dosage_contribution(table + j * 4, d) : table[j * 4 + cls];
    }
  }
  if (count) allele_ct[s] = ct;
#pragma unroll
  for (unsigned j = 0; j < kScoreTile; ++j)
    if (j < tile) score_sums[s * n_scores + k0 + j] = acc[j];
}

// The score kernel's grid: samples x tiles of scores (at least one, for the allele counts).
dim3 score_grid(std::size_t n_samples, std::size_t n_scores, unsigned threads) {
  return dim3(static_cast<unsigned>((n_samples + threads - 1) / threads),
              static_cast<unsigned>(n_scores == 0 ? 1 : (n_scores + kScoreTile - 1) / kScoreTile));
}

// One thread per sample, looping over rows: coalesced reads along a row.
__global__ void sample_calls_kernel(const GenotypeCode* codes, std::size_t n_rows,
                                    std::size_t n_samples, long long* called) {
  const std::size_t s = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
  if (s >= n_samples) return;
  long long n = 0;
  for (std::size_t r = 0; r < n_rows; ++r) n += gt_is_missing(codes[r * n_samples + s]) ? 0 : 1;
  called[s] += n;
}

// One thread per sample, rows in order (the CPU's order): segmented sums.
__global__ void segment_kernel(const GenotypeCode* codes, std::size_t n_rows, std::size_t n_samples,
                               const std::uint8_t* ref_named, const std::int32_t* segment, const double* contributions,
                               std::size_t n_segments, double* sums, const float* dosages) {
  const std::size_t s = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
  if (s >= n_samples) return;
  double* out = sums + s * n_segments;
  for (std::size_t r = 0; r < n_rows; ++r) {
    if (segment[r] < 0) continue;
    if (dosages) {
      out[segment[r]] += dosage_contribution(contributions + r * 4, dosages[r * n_samples + s]);
      continue;
    }
    const int d = gt_dosage_class(codes[r * n_samples + s], ref_named[r] != 0);
    out[segment[r]] += contributions[r * 4 + d];
  }
}

__global__ void expression_log_kernel(double* values, std::size_t n_samples, std::size_t n_genes,
                                      const double* library_size, bool cpm) {
  const std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
  if (i >= n_samples * n_genes) return;
  values[i] = expression_log_value(values[i], cpm ? library_size[i / n_genes] : 0.0, cpm);
}

__global__ void standardize_kernel(double* values, std::size_t n_samples, std::size_t n_genes, const double* mean,
                                   const double* sd) {
  const std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
  if (i >= n_samples * n_genes) return;
  const std::size_t g = i % n_genes;
  values[i] = standardize_value(values[i], mean[g], sd[g]);
}

// One thread per (sample, segment): genes in order, as on the CPU.
__global__ void segment_means_kernel(const double* values, std::size_t n_samples, std::size_t n_genes,
                                     const std::int32_t* segment, std::size_t n_segments, double* out) {
  const std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
  if (i >= n_samples * n_segments) return;
  const std::size_t s = i / n_segments, k = i % n_segments;
  double sum = 0.0;
  int count = 0;
  for (std::size_t g = 0; g < n_genes; ++g) {
    const double x = values[s * n_genes + g];
    if (segment[g] != static_cast<std::int32_t>(k) || x != x) continue;
    sum += x;
    ++count;
  }
  out[i] = count ? sum / count : NAN;
}

// A device buffer that only grows, so streaming blocks reuse one allocation.
template <typename T>
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  ~DeviceBuffer() {
    if (ptr_) cudaFree(ptr_);
  }
  T* reserve(std::size_t n) {
    if (n > capacity_) {
      if (ptr_) CUDA_TRY(cudaFree(ptr_));
      ptr_ = nullptr;
      CUDA_TRY(cudaMalloc(&ptr_, n * sizeof(T)));
      capacity_ = n;
    }
    return ptr_;
  }

 private:
  T* ptr_ = nullptr;
  std::size_t capacity_ = 0;
};

class CudaEngine final : public FeatureEngine {
 public:
  CudaEngine() { CUDA_TRY(cudaStreamCreate(&stream_)); }
  ~CudaEngine() override { cudaStreamDestroy(stream_); }

  Backend backend() const override { return Backend::Cuda; }

  void variant_counts(const GenotypeMatrixView& block, VariantCounts* out) override {
    if (block.n_rows == 0) return;
    const GenotypeCode* d_codes = upload(block);
    long long* d_out = counts_.reserve(block.n_rows * kCounts);
    variant_counts_kernel<<<static_cast<unsigned>(block.n_rows), kThreads, 0, stream_>>>(
        d_codes, block.n_samples, d_out);
    CUDA_TRY(cudaGetLastError());
    std::vector<long long> host(block.n_rows * kCounts);
    CUDA_TRY(cudaMemcpyAsync(host.data(), d_out, host.size() * sizeof(long long),
                             cudaMemcpyDeviceToHost, stream_));
    CUDA_TRY(cudaStreamSynchronize(stream_));
    for (std::size_t r = 0; r < block.n_rows; ++r) {
      out[r].called_samples = host[r * kCounts + 0];
      out[r].called_alleles = host[r * kCounts + 1];
      out[r].alt_alleles = host[r * kCounts + 2];
      out[r].ref_alleles = host[r * kCounts + 3];
    }
  }

  void dosage_counts(const GenotypeMatrixView& block, DosageCounts* out) override {
    if (block.n_rows == 0) return;
    const GenotypeCode* d_codes = upload(block);
    const float* d_dos = upload_dosages(block);
    long long* d_out = counts_.reserve(block.n_rows * kDosageCounts);
    dosage_counts_kernel<<<static_cast<unsigned>(block.n_rows), kThreads, 0, stream_>>>(d_codes, d_dos, block.n_samples, d_out);
    CUDA_TRY(cudaGetLastError());
    std::vector<long long> host(block.n_rows * kDosageCounts);
    CUDA_TRY(cudaMemcpyAsync(host.data(), d_out, host.size() * sizeof(long long), cudaMemcpyDeviceToHost, stream_));
    CUDA_TRY(cudaStreamSynchronize(stream_));
    for (std::size_t r = 0; r < block.n_rows; ++r) {
      out[r].dosage_units = host[r * kDosageCounts + 0];
      out[r].called_alleles = host[r * kDosageCounts + 1];
      out[r].called_samples = host[r * kDosageCounts + 2];
    }
  }

  void accumulate_scores(const GenotypeMatrixView& block, const ScoreBlock& score, ScoreSums& sums) override {
    if (block.n_rows == 0 || block.n_samples == 0) return;
    const std::size_t n = block.n_samples, rows = block.n_rows, k_n = score.n_scores;
    const GenotypeCode* d_codes = upload(block);
    std::uint8_t* d_flags = flags_.reserve(2 * rows);
    double* d_table = table_.reserve(std::max<std::size_t>(1, rows * k_n * 4));
    long long* d_ct = sample_counts_.reserve(n);
    double* d_sums = sums_.reserve(std::max<std::size_t>(1, n * k_n));
    CUDA_TRY(cudaMemcpyAsync(d_flags, score.ref_named, rows, cudaMemcpyHostToDevice, stream_));
    CUDA_TRY(cudaMemcpyAsync(d_flags + rows, score.counts_alleles, rows, cudaMemcpyHostToDevice, stream_));
    if (k_n) CUDA_TRY(cudaMemcpyAsync(d_table, score.contributions, rows * k_n * 4 * sizeof(double), cudaMemcpyHostToDevice, stream_));
    CUDA_TRY(cudaMemcpyAsync(d_ct, sums.allele_ct, n * sizeof(long long), cudaMemcpyHostToDevice, stream_));
    if (k_n) CUDA_TRY(cudaMemcpyAsync(d_sums, sums.score_sums, n * k_n * sizeof(double), cudaMemcpyHostToDevice, stream_));
    const float* d_dos = block.dosages ? upload_dosages(block) : nullptr;
    score_kernel<<<score_grid(n, k_n, kThreads), kThreads, 0, stream_>>>(d_codes, rows, n, d_flags, d_flags + rows, d_table, k_n, d_ct, d_sums, d_dos);
    CUDA_TRY(cudaGetLastError());
    CUDA_TRY(cudaMemcpyAsync(sums.allele_ct, d_ct, n * sizeof(long long), cudaMemcpyDeviceToHost, stream_));
    if (k_n) CUDA_TRY(cudaMemcpyAsync(sums.score_sums, d_sums, n * k_n * sizeof(double), cudaMemcpyDeviceToHost, stream_));
    CUDA_TRY(cudaStreamSynchronize(stream_));
  }

  void accumulate_sample_calls(const GenotypeMatrixView& block, std::int64_t* called) override {
    if (block.n_rows == 0 || block.n_samples == 0) return;
    const GenotypeCode* d_codes = upload(block);
    long long* d_called = sample_counts_.reserve(block.n_samples);
    static_assert(sizeof(long long) == sizeof(std::int64_t), "int64 layout");
    CUDA_TRY(cudaMemcpyAsync(d_called, called, block.n_samples * sizeof(long long),
                             cudaMemcpyHostToDevice, stream_));
    const unsigned grid = static_cast<unsigned>((block.n_samples + kThreads - 1) / kThreads);
    sample_calls_kernel<<<grid, kThreads, 0, stream_>>>(d_codes, block.n_rows, block.n_samples,
                                                        d_called);
    CUDA_TRY(cudaGetLastError());
    CUDA_TRY(cudaMemcpyAsync(called, d_called, block.n_samples * sizeof(long long),
                             cudaMemcpyDeviceToHost, stream_));
    CUDA_TRY(cudaStreamSynchronize(stream_));
  }

  void accumulate_segments(const GenotypeMatrixView& block, const SegmentBlock& seg, double* sums) override {
    if (block.n_rows == 0 || block.n_samples == 0 || seg.n_segments == 0) return;
    const std::size_t n = block.n_samples, rows = block.n_rows;
    const GenotypeCode* d_codes = upload(block);
    std::uint8_t* d_ref = flags_.reserve(rows);
    std::int32_t* d_seg = segments_.reserve(rows);
    double* d_table = table_.reserve(rows * 4);
    double* d_sums = sums_.reserve(n * seg.n_segments);
    CUDA_TRY(cudaMemcpyAsync(d_ref, seg.ref_named, rows, cudaMemcpyHostToDevice, stream_));
    CUDA_TRY(cudaMemcpyAsync(d_seg, seg.segment, rows * sizeof(std::int32_t), cudaMemcpyHostToDevice, stream_));
    CUDA_TRY(cudaMemcpyAsync(d_table, seg.contributions, rows * 4 * sizeof(double), cudaMemcpyHostToDevice, stream_));
    CUDA_TRY(cudaMemcpyAsync(d_sums, sums, n * seg.n_segments * sizeof(double), cudaMemcpyHostToDevice, stream_));
    const float* d_dos = block.dosages ? upload_dosages(block) : nullptr;
    segment_kernel<<<grid_for(n), kThreads, 0, stream_>>>(d_codes, rows, n, d_ref, d_seg, d_table, seg.n_segments, d_sums, d_dos);
    CUDA_TRY(cudaGetLastError());
    CUDA_TRY(cudaMemcpyAsync(sums, d_sums, n * seg.n_segments * sizeof(double), cudaMemcpyDeviceToHost, stream_));
    CUDA_TRY(cudaStreamSynchronize(stream_));
  }

  void expression_log(double* values, std::size_t n_samples, std::size_t n_genes, const double* library_size,
                      ExpressionScale scale) override {
    const std::size_t total = n_samples * n_genes;
    if (total == 0) return;
    double* d_values = matrix_.reserve(total);
    double* d_lib = vector_.reserve(n_samples);
    const bool cpm = scale == ExpressionScale::LogCpm;
    CUDA_TRY(cudaMemcpyAsync(d_values, values, total * sizeof(double), cudaMemcpyHostToDevice, stream_));
    if (cpm) CUDA_TRY(cudaMemcpyAsync(d_lib, library_size, n_samples * sizeof(double), cudaMemcpyHostToDevice, stream_));
    expression_log_kernel<<<grid_for(total), kThreads, 0, stream_>>>(d_values, n_samples, n_genes, d_lib, cpm);
    CUDA_TRY(cudaGetLastError());
    CUDA_TRY(cudaMemcpyAsync(values, d_values, total * sizeof(double), cudaMemcpyDeviceToHost, stream_));
    CUDA_TRY(cudaStreamSynchronize(stream_));
  }

  void standardize_columns(double* values, std::size_t n_samples, std::size_t n_genes, const double* mean,
                           const double* sd) override {
    const std::size_t total = n_samples * n_genes;
    if (total == 0) return;
    double* d_values = matrix_.reserve(total);
    double* d_stats = vector_.reserve(2 * n_genes);
    CUDA_TRY(cudaMemcpyAsync(d_values, values, total * sizeof(double), cudaMemcpyHostToDevice, stream_));
    CUDA_TRY(cudaMemcpyAsync(d_stats, mean, n_genes * sizeof(double), cudaMemcpyHostToDevice, stream_));
    CUDA_TRY(cudaMemcpyAsync(d_stats + n_genes, sd, n_genes * sizeof(double), cudaMemcpyHostToDevice, stream_));
    standardize_kernel<<<grid_for(total), kThreads, 0, stream_>>>(d_values, n_samples, n_genes, d_stats, d_stats + n_genes);
    CUDA_TRY(cudaGetLastError());
    CUDA_TRY(cudaMemcpyAsync(values, d_values, total * sizeof(double), cudaMemcpyDeviceToHost, stream_));
    CUDA_TRY(cudaStreamSynchronize(stream_));
  }

  void segment_means(const double* values, std::size_t n_samples, std::size_t n_genes, const std::int32_t* segment,
                     std::size_t n_segments, double* out) override {
    if (n_samples == 0 || n_segments == 0) return;
    double* d_values = matrix_.reserve(std::max<std::size_t>(1, n_samples * n_genes));
    std::int32_t* d_seg = segments_.reserve(std::max<std::size_t>(1, n_genes));
    double* d_out = sums_.reserve(n_samples * n_segments);
    if (n_genes) {
      CUDA_TRY(cudaMemcpyAsync(d_values, values, n_samples * n_genes * sizeof(double), cudaMemcpyHostToDevice, stream_));
      CUDA_TRY(cudaMemcpyAsync(d_seg, segment, n_genes * sizeof(std::int32_t), cudaMemcpyHostToDevice, stream_));
    }
    segment_means_kernel<<<grid_for(n_samples * n_segments), kThreads, 0, stream_>>>(d_values, n_samples, n_genes, d_seg,
                                                                                     n_segments, d_out);
    CUDA_TRY(cudaGetLastError());
    CUDA_TRY(cudaMemcpyAsync(out, d_out, n_samples * n_segments * sizeof(double), cudaMemcpyDeviceToHost, stream_));
    CUDA_TRY(cudaStreamSynchronize(stream_));
  }

 private:
  static unsigned grid_for(std::size_t n) { return static_cast<unsigned>((n + kThreads - 1) / kThreads); }

  const GenotypeCode* upload(const GenotypeMatrixView& block) {
    const std::size_t n = block.n_rows * block.n_samples;
    GenotypeCode* d = codes_.reserve(n);
    CUDA_TRY(cudaMemcpyAsync(d, block.codes, n, cudaMemcpyHostToDevice, stream_));
    return d;
  }

  const float* upload_dosages(const GenotypeMatrixView& block) {
    const std::size_t n = block.n_rows * block.n_samples;
    float* d = dosages_.reserve(n);
    CUDA_TRY(cudaMemcpyAsync(d, block.dosages, n * sizeof(float), cudaMemcpyHostToDevice, stream_));
    return d;
  }

  cudaStream_t stream_ = nullptr;
  DeviceBuffer<GenotypeCode> codes_;
  DeviceBuffer<float> dosages_;
  DeviceBuffer<long long> counts_;
  DeviceBuffer<long long> sample_counts_;
  DeviceBuffer<std::uint8_t> flags_;
  DeviceBuffer<double> table_;
  DeviceBuffer<double> sums_;
  DeviceBuffer<std::int32_t> segments_;
  DeviceBuffer<double> matrix_;
  DeviceBuffer<double> vector_;
};

}  // namespace

KernelBenchReport benchmark_cuda_kernels(std::size_t rows, std::size_t samples, int repeats) {
  if (cuda_device_count() == 0) throw CudaError("kernel benchmark: no usable CUDA device");
  KernelBenchReport rep;
  rep.device = cuda_device_description();
  int clock_khz = 0, bus_bits = 0;
  CUDA_TRY(cudaDeviceGetAttribute(&clock_khz, cudaDevAttrMemoryClockRate, 0));
  CUDA_TRY(cudaDeviceGetAttribute(&bus_bits, cudaDevAttrGlobalMemoryBusWidth, 0));
  rep.peak_gb_per_s = 2.0 * clock_khz * 1e3 * (bus_bits / 8.0) / 1e9;  // double data rate
  const std::size_t n = rows * samples;
  std::vector<GenotypeCode> host(n);
  std::uint64_t x = 88172645463325252ull;
  for (auto& g : host) {  // random valid codes: missing, REF, ALT, het
    x ^= x << 13; x ^= x >> 7; x ^= x << 17;
    static const GenotypeCode kinds[4] = {gt::kMissingDiploid, 0, gt::kHap1Alt | gt::kHap2Alt, gt::kHap2Alt};
    g = kinds[x & 3];
  }
  DeviceBuffer<GenotypeCode> codes;
  DeviceBuffer<long long> counts, ct;
  DeviceBuffer<double> table, sums;
  DeviceBuffer<std::uint8_t> flags;
  GenotypeCode* d_codes = codes.reserve(n);
  CUDA_TRY(cudaMemcpy(d_codes, host.data(), n, cudaMemcpyHostToDevice));
  long long* d_counts = counts.reserve(rows * kCounts);
  long long* d_ct = ct.reserve(samples);
  const std::size_t k_n = 3;
  double* d_table = table.reserve(rows * k_n * 4);
  double* d_sums = sums.reserve(samples * k_n);
  std::uint8_t* d_flags = flags.reserve(2 * rows);
  CUDA_TRY(cudaMemset(d_table, 0, rows * k_n * 4 * sizeof(double)));
  CUDA_TRY(cudaMemset(d_sums, 0, samples * k_n * sizeof(double)));
  CUDA_TRY(cudaMemset(d_ct, 0, samples * sizeof(long long)));
  CUDA_TRY(cudaMemset(d_flags, 0, 2 * rows));
  cudaEvent_t start, stop;
  CUDA_TRY(cudaEventCreate(&start));
  CUDA_TRY(cudaEventCreate(&stop));
  auto time = [&](const char* name, auto&& launch, double bytes) {
    std::vector<float> ms;
    for (int r = 0; r < repeats; ++r) {
      CUDA_TRY(cudaEventRecord(start));
      launch();
      CUDA_TRY(cudaGetLastError());
      CUDA_TRY(cudaEventRecord(stop));
      CUDA_TRY(cudaEventSynchronize(stop));
      float t = 0;
      CUDA_TRY(cudaEventElapsedTime(&t, start, stop));
      ms.push_back(t);
    }
    std::sort(ms.begin(), ms.end());
    KernelTiming k;
    k.kernel = name;
    k.milliseconds = ms[ms.size() / 2];
    k.gigabytes = bytes / 1e9;
    k.gb_per_s = k.gigabytes / (k.milliseconds / 1e3);
    k.fraction_of_peak = k.gb_per_s / rep.peak_gb_per_s;
    rep.kernels.push_back(k);
  };
  const unsigned grid = static_cast<unsigned>((samples + kThreads - 1) / kThreads);
  time("variant_counts", [&] { variant_counts_kernel<<<static_cast<unsigned>(rows), kThreads>>>(d_codes, samples, d_counts); },
       static_cast<double>(n));
  time("accumulate_scores (3 scores)", [&] {
    score_kernel<<<score_grid(samples, k_n, kThreads), kThreads>>>(d_codes, rows, samples, d_flags, d_flags + rows, d_table, k_n,
                                                                   d_ct, d_sums, nullptr);
  }, static_cast<double>(n) * static_cast<double>((k_n + kScoreTile - 1) / kScoreTile));  // the codes are read once per tile of scores
  time("sample_calls", [&] { sample_calls_kernel<<<grid, kThreads>>>(d_codes, rows, samples, d_ct); }, static_cast<double>(n));
  cudaEventDestroy(start);
  cudaEventDestroy(stop);
  return rep;
}

int cuda_device_count() {
  int n = 0;
  // No driver or no device is not an error here: it means "no usable GPU".
  if (cudaGetDeviceCount(&n) != cudaSuccess) {
    cudaGetLastError();  // clear the sticky error state
    return 0;
  }
  return n;
}

std::string cuda_device_description() {
  if (cuda_device_count() == 0) return "none";
  cudaDeviceProp prop{};
  if (cudaGetDeviceProperties(&prop, 0) != cudaSuccess) return "unknown";
  char buf[256];
  std::snprintf(buf, sizeof buf, "%s (sm_%d%d, %.1f GiB)", prop.name, prop.major, prop.minor,
                static_cast<double>(prop.totalGlobalMem) / (1024.0 * 1024.0 * 1024.0));
  return buf;
}

bool cuda_backend_built() { return true; }

namespace detail {
std::unique_ptr<FeatureEngine> make_cuda_engine() {
  if (cuda_device_count() == 0) {
    throw CudaError(
        "--backend cuda: no usable CUDA device (no GPU, or no NVIDIA driver visible to this "
        "process); use --backend cpu or --backend auto");
  }
  return std::make_unique<CudaEngine>();
}
}  // namespace detail

}  // namespace ketapgx

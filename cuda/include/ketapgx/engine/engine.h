// The feature-engine interface: every number the later stages use is computed
// behind it, by the CPU reference backend or by the CUDA backend, with the
// same results (integers exactly; floats within the tolerance each method states).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "ketapgx/core/genotype_matrix.h"

namespace ketapgx {

enum class Backend { Auto, Cpu, Cuda };

// Parses "auto", "cpu" or "cuda"; throws UsageError otherwise.
Backend parse_backend(const std::string& name);
const char* backend_name(Backend b);

// Per-row allele counts over the samples of one block.
struct VariantCounts {
  std::int64_t called_samples = 0;  // genotypes with no missing haplotype
  std::int64_t called_alleles = 0;  // AN: non-missing haplotypes
  std::int64_t alt_alleles = 0;     // AC: haplotypes carrying the row's allele
  std::int64_t ref_alleles = 0;     // haplotypes carrying REF
};

// Per-row sums over the samples with a dosage (GenotypeMatrixView::dosages,
// see ketapgx/core/dosage.h), for allele frequencies from dosages.
struct DosageCounts {
  std::int64_t dosage_units = 0;    // sum of the dosages, in units of 1/16384 (exact)
  std::int64_t called_alleles = 0;  // their ploidy summed (1 for a haploid GT, else 2)
  std::int64_t called_samples = 0;  // samples with a dosage
  double dosage_sum() const { return static_cast<double>(dosage_units) / 16384.0; }
};

// A linear score over the rows of a block (PLINK 2 --score). Each row names an
// allele (the row's ALT, or REF) and carries, for each score, what a genotype
// contributes in each dosage class (0, 1, 2 copies, missing): the caller folds
// weights, centring, standardisation and mean imputation into that table, so
// both backends only look values up and add them, in row order.
struct ScoreBlock {
  const std::uint8_t* ref_named = nullptr;       // per row: 1 when the named allele is REF
  const std::uint8_t* counts_alleles = nullptr;  // per row: 1 for the first scored row of its variant
  const double* contributions = nullptr;         // rows x n_scores x 4 (dosage class 0, 1, 2, missing)
  std::size_t n_scores = 0;
};

// Per-sample accumulators, carried by the caller across blocks. (A plain sum
// of named-allele copies is one more score, with contributions 0, 1, 2, 0.)
struct ScoreSums {
  std::int64_t* allele_ct = nullptr;    // n_samples: non-missing alleles of counting rows (ploidy each)
  double* score_sums = nullptr;         // n_samples x n_scores
};

// Segmented sums over rows (burden scores): each row adds, per sample, the
// contribution of its dosage class (table as in ScoreBlock, one value per
// class) to the output column of its segment (a gene, say).
struct SegmentBlock {
  const std::uint8_t* ref_named = nullptr;   // per row
  const std::int32_t* segment = nullptr;     // per row: output column, or -1 to skip the row
  const double* contributions = nullptr;     // rows x 4
  std::size_t n_segments = 0;
};

// How expression values become log-scale features.
enum class ExpressionScale {
  LogCpm,  // counts: log2(count / library size * 1e6 + 1)
  LogTpm,  // TPM: log2(TPM + 1)
};

class FeatureEngine {
 public:
  virtual ~FeatureEngine() = default;

  virtual Backend backend() const = 0;

  // Writes one VariantCounts per row of `block` into `out` (n_rows entries).
  virtual void variant_counts(const GenotypeMatrixView& block, VariantCounts* out) = 0;

  // Adds, for each sample, the number of rows where its genotype is complete
  // (no missing haplotype) to `called` (n_samples entries, accumulated across
  // blocks by the caller).
  virtual void accumulate_sample_calls(const GenotypeMatrixView& block, std::int64_t* called) = 0;

  // One DosageCounts per row; requires block.dosages.
  virtual void dosage_counts(const GenotypeMatrixView& block, DosageCounts* out) = 0;

  // Adds the block's contributions to `sums` (see ScoreBlock). Sums of doubles
  // are taken per sample in row order on both backends, so they agree exactly.
  // With block.dosages each sample contributes dosage_contribution() of its
  // dosage (ref_named is then unused: the dosage is already the named allele's)
  // and ALLELE_CT counts the ploidy of every sample with a dosage.
  virtual void accumulate_scores(const GenotypeMatrixView& block, const ScoreBlock& score, ScoreSums& sums) = 0;

  // Adds each row's contributions to `sums` (n_samples x n_segments), rows in
  // order; with block.dosages, by dosage as in accumulate_scores.
  virtual void accumulate_segments(const GenotypeMatrixView& block, const SegmentBlock& seg, double* sums) = 0;

  // Expression matrix (n_samples x n_genes, row-major, NaN = missing) to log
  // scale in place; `library_size` (per sample) is used by LogCpm.
  virtual void expression_log(double* values, std::size_t n_samples, std::size_t n_genes, const double* library_size,
                              ExpressionScale scale) = 0;

  // In place: (x - mean[g]) / sd[g] per column; sd 0 gives 0; NaN stays NaN.
  virtual void standardize_columns(double* values, std::size_t n_samples, std::size_t n_genes, const double* mean,
                                   const double* sd) = 0;

  // out[s][k] = mean of values[s][g] over the genes g with segment[g] == k and
  // a value (NaN when none): gene-set scores.
  virtual void segment_means(const double* values, std::size_t n_samples, std::size_t n_genes,
                             const std::int32_t* segment, std::size_t n_segments, double* out) = 0;
};

// What make_engine chose and why, for the log.
struct EngineChoice {
  std::unique_ptr<FeatureEngine> engine;
  std::string reason;
};

// The one place the backend is chosen. Auto takes CUDA when the build has it and
// a device is usable, else the CPU. Cuda without a usable device throws CudaError.
// `threads`: CPU threads the CPU backend may use (results do not depend on it).
EngineChoice make_engine(Backend requested, int threads = 1);

// Number of usable CUDA devices (0 when the build has no CUDA backend or no
// driver/device is present), and a one-line description of device 0.
int cuda_device_count();
std::string cuda_device_description();
// True when this build contains the CUDA backend.
bool cuda_backend_built();

}  // namespace ketapgx

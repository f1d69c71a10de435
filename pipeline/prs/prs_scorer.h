// The scoring core of `ketapgx prs`: picks the VCF records and alleles the
// weights name (PLINK 2 --score matching), turns each block's weights and
// allele frequencies into the feature engine's contribution tables, and keeps
// the per-sample sums.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "genotypes/genotype_reader.h"
#include "ketapgx/engine/engine.h"
#include "prs/allele_freqs.h"
#include "prs/weights.h"

namespace ketapgx {

enum class ScoreTransform { None, Center, VarianceStandardize };

// The frequency of each block row's named allele (p[r]), for mean imputation
// and centring, as PLINK 2 takes it: from `freqs` (--read-freq) by the row's
// ID and allele (ids[r], alleles[r]; a null ID: a frequency-only row, left
// 0); else from the block itself, its dosages when read (--dosages), else its
// hard calls; 0.5 where nothing is called. `needed` false: only counts are
// filled (none needed). `counts` / `dosage_counts` are filled when the
// block's own frequencies are used (callers reuse them).
void named_allele_frequencies(FeatureEngine& engine, const GenotypeBlock& block, bool needed, const AlleleFreqs* freqs,
                              const std::vector<const std::string*>& ids, const std::vector<const std::string*>& alleles,
                              std::vector<VariantCounts>& counts, std::vector<DosageCounts>& dosage_counts, std::vector<double>& p);

struct ScoreSettings {
  bool mean_impute = true;
  ScoreTransform transform = ScoreTransform::None;
};

class PrsScorer {
 public:
  // `weights` and `freqs` (may be null: in-sample frequencies) must outlive the scorer.
  PrsScorer(const Weights& weights, std::size_t n_samples, ScoreSettings settings, const AlleleFreqs* freqs);

  // GenotypeReaderOptions::select_rows: the rows a record gives (one per weight
  // entry whose allele it has; with variance-standardize, multi-allelic records
  // also give unscored rows (tag -1) for their other ALT alleles, whose
  // frequencies the variance needs). Throws InputError on a duplicated variant ID.
  void select(const Site& site, std::vector<GenotypeReaderOptions::RowRequest>& out);

  // Scores one block read with select() as the row selector.
  void add_block(FeatureEngine& engine, const GenotypeBlock& block);

  // The ID plink2 gives a record: its ID, or chrom:pos:ref:alt1 (chrom without
  // "chr") when the ID is '.', as with --set-missing-var-ids @:#:$r:$a.
  static std::string variant_id(const Site& site);

  std::size_t n_scores() const { return weights_->score_names.size(); }
  std::size_t entries_used() const;
  std::size_t entries_missing_id() const;
  std::size_t entries_allele_mismatch() const;
  std::size_t variants_used() const { return variants_used_; }

  std::int64_t allele_ct(std::size_t s) const { return allele_ct_[s]; }
  // NAMED_ALLELE_DOSAGE_SUM: kept as one more score after the weighted ones.
  double named_dosage_sum(std::size_t s) const { return sums_[s * width() + n_scores()]; }
  double score_sum(std::size_t s, std::size_t k) const { return sums_[s * width() + k]; }
  // Denominator of <NAME>_AVG: ALLELE_CT with no-mean-imputation, else every
  // allele of the scored variants (2 per variant), as PLINK 2.
  double denominator(std::size_t s) const;

 private:
  enum EntryState : std::uint8_t { kUnmatched = 0, kUsed = 1, kAlleleMismatch = 2 };
  const Weights* weights_;
  ScoreSettings settings_;
  const AlleleFreqs* freqs_;
  std::vector<std::uint8_t> state_;
  std::unordered_set<std::string> seen_ids_;
  std::size_t variants_used_ = 0;
  std::size_t width() const { return n_scores() + 1; }
  std::vector<std::int64_t> allele_ct_;
  std::vector<double> sums_;  // n_samples x width()
  // per-block scratch
  std::vector<std::uint8_t> ref_named_, counts_alleles_;
  std::vector<double> table_;
  std::vector<VariantCounts> counts_;
  std::vector<DosageCounts> dosage_counts_;
};

}  // namespace ketapgx

// `prs --pgs`: PGS Catalog scoring files matched to the genotypes as pgsc_calc
// matches them (prs/pgs_match.h) and scored as plink2 --score scores each
// score's matched set, in one pass over the records at the files' positions:
// the matching of a row depends only on the records at its position, so each
// position is matched as the reader reaches it, and its matched alleles
// become block rows scored by the feature engine. A score whose matched
// share falls below --pgs-min-overlap is left out at the end.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "genotypes/genotype_reader.h"
#include "ketapgx/engine/engine.h"
#include "prs/allele_freqs.h"
#include "prs/pgs_file.h"
#include "prs/pgs_match.h"

namespace ketapgx {

// A model bundle's record of each score's matched set at training: the
// effect-allele frequency of every matched row (by its line in the scoring
// file). Scored with it, only those rows count, each imputed (and, when the
// cohort lacks it, represented) by its training frequency: the score stays
// on the training scale and each person's value depends on that person alone.
using PgsTrainingFrequencies = std::unordered_map<std::string, std::unordered_map<long, double>>;  // score id -> line -> p

struct PgsScoreSettings {
  PgsMatchSettings match;
  double min_overlap = 0.75;
  bool mean_impute = true;              // plink2's default; --no-mean-imputation
  const AlleleFreqs* freqs = nullptr;   // --read-freq (by the VCF record's ID), else in-sample frequencies
  const PgsTrainingFrequencies* training = nullptr;  // a bundle's matched sets (see above)
};

// What became of one scoring-file row.
struct PgsRowResult {
  PgsMatch match;
  bool by_id = false;          // matched through the rsID (the row has no position)
  bool visited = false;        // matched already (a position seen again keeps the first match)
  bool not_in_model = false;   // scored with a bundle: matched, but not at training
  std::string target_id, target_ref, target_alt;  // the matched record's ID, REF, ALTs (comma-joined)
  std::string matched_effect_allele;               // in the record's terms (a flip complemented)
};

struct PgsScoreSummary {
  std::string id;
  std::size_t variants = 0, matched = 0, unmatched = 0, not_scorable = 0;
  std::size_t excluded_ambiguous = 0, excluded_multiallelic = 0, excluded_duplicate = 0, excluded_flip = 0;
  std::size_t excluded_not_in_model = 0;  // with a bundle's training frequencies
  double match_rate = 0;
  bool passed = false;
};

class PgsScorer {
 public:
  // `files` must outlive the scorer; one score per file.
  PgsScorer(const std::vector<PgsFile>& files, std::size_t n_samples, const PgsScoreSettings& settings);

  // How the genotype reader finds the rows: the files' positions, or every
  // record when some rows are matched by rsID alone.
  SiteSelection site_selection();

  // Scores one block read with site_selection().
  void add_block(FeatureEngine& engine, const GenotypeBlock& block);

  std::size_t n_scores() const { return files_->size(); }
  const std::vector<PgsRowResult>& rows(std::size_t score) const { return results_[score]; }
  // Match counts and rates; call once every block is in.
  std::vector<PgsScoreSummary> summaries() const;

  // With training frequencies, the training rows the cohort lacks add their
  // mean, the same for everyone (offset).
  double sum(std::size_t s, std::size_t k) const { return sums_[s * width() + k] + offsets_[k]; }
  std::int64_t allele_ct(std::size_t s, std::size_t k) const {
    return static_cast<std::int64_t>(sums_[s * width() + n_scores() + k]);
  }
  // plink2's DENOM of the score's matched set: 2 per variant with mean
  // imputation, else ALLELE_CT.
  double denominator(std::size_t s, std::size_t k) const;
  std::size_t variants_scored(std::size_t k) const { return variants_scored_[k]; }
  // Each matched row's effect-allele frequency as scored (in-sample, or as
  // given): line -> p, per score. Call once every block is in.
  PgsTrainingFrequencies row_frequencies() const;
  // With training frequencies: fixes the offsets of the rows the cohort
  // lacks. Call once every block is in, before sum().
  void finish();

 private:
  struct Weight {
    std::uint32_t score;
    EffectType effect;
    double weight;
    long line;           // in the scoring file
  };
  struct ScoredRow {
    std::string id;      // the record's ID (for --read-freq)
    std::string allele;  // the named allele
    std::vector<Weight> weights;
    double training_p = -1;  // the training frequency, when scored with a bundle's (< 0: none)
    double p = -1;           // the frequency used (set when scored)
  };
  void select(const std::vector<const VcfRecord*>& records, std::vector<SiteRowRequest>& out);
  std::size_t width() const { return 2 * n_scores(); }

  const std::vector<PgsFile>* files_;
  PgsScoreSettings settings_;
  std::vector<std::vector<PgsRowResult>> results_;  // per score, per row of its file
  // Rows by position and by rsID (rows without a position).
  std::unordered_map<std::string, std::unordered_map<std::int64_t, std::vector<PgsRowRef>>> by_position_;
  std::unordered_map<std::string, std::vector<PgsRowRef>> by_rsid_;
  std::vector<ScoredRow> scored_;  // reserved up front: select() appends while add_block() reads earlier entries
  std::vector<std::size_t> variants_scored_;
  std::vector<double> offsets_;
  std::vector<double> sums_;       // n_samples x (K sums, K allele counts)
  std::vector<std::int64_t> unused_allele_ct_;
  // per-call scratch
  std::vector<PgsRowRef> rows_here_;
  std::vector<PgsTarget> targets_;
  std::vector<PgsMatch> matches_;
  std::vector<double> table_, p_;
  std::vector<std::uint8_t> ref_named_, counts_alleles_;
  std::vector<VariantCounts> counts_;
  std::vector<DosageCounts> dosage_counts_;
};

}  // namespace ketapgx

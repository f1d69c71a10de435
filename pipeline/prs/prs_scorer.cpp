#include "prs/prs_scorer.h"

#include <algorithm>
#include <cmath>

#include "genotypes/contig.h"
#include "ketapgx/core/errors.h"

namespace ketapgx {

void named_allele_frequencies(FeatureEngine& engine, const GenotypeBlock& block, bool needed, const AlleleFreqs* freqs,
                              const std::vector<const std::string*>& ids, const std::vector<const std::string*>& alleles,
                              std::vector<VariantCounts>& counts, std::vector<DosageCounts>& dosage_counts, std::vector<double>& p) {
  const std::size_t rows = block.rows.size();
  p.assign(rows, 0.0);
  const bool own = needed && !freqs;
  // With dosages, frequencies come from them (as PLINK 2's with dosage=DS).
  const bool by_dosage = !block.dosages.empty();
  counts.resize(rows);
  if (own && !by_dosage) engine.variant_counts(block.view(), counts.data());
  if (own && by_dosage) {
    dosage_counts.resize(rows);
    engine.dosage_counts(block.view(), dosage_counts.data());
  }
  if (!needed) return;
  for (std::size_t r = 0; r < rows; ++r) {
    if (freqs) {
      if (!ids[r]) continue;
      const auto f = freqs->of(*ids[r], *alleles[r]);
      if (!f)
        throw InputError("--read-freq " + freqs->path() + ": no frequency for variant " + *ids[r] + " allele " + *alleles[r]);
      p[r] = *f;
    } else if (by_dosage) {
      // The row's dosage is its named allele's already.
      p[r] = dosage_counts[r].called_alleles > 0 ? dosage_counts[r].dosage_sum() / static_cast<double>(dosage_counts[r].called_alleles) : 0.5;
    } else {
      // With no called allele at all PLINK 2 imputes from frequency 0.5.
      const double named = static_cast<double>(block.rows[r].alt_index == 0 ? counts[r].ref_alleles : counts[r].alt_alleles);
      p[r] = counts[r].called_alleles > 0 ? named / static_cast<double>(counts[r].called_alleles) : 0.5;
    }
  }
}

PrsScorer::PrsScorer(const Weights& weights, std::size_t n_samples, ScoreSettings settings, const AlleleFreqs* freqs)
    : weights_(&weights), settings_(settings), freqs_(freqs), state_(weights.entries.size(), kUnmatched),
      allele_ct_(n_samples, 0), sums_(n_samples * (weights.score_names.size() + 1), 0.0) {}

std::string PrsScorer::variant_id(const Site& site) {
  if (site.id != ".") return site.id;
  return site.contig + ":" + std::to_string(site.pos) + ":" + site.ref + ":" + (site.alts.empty() ? "." : site.alts[0]);
}

void PrsScorer::select(const Site& site, std::vector<GenotypeReaderOptions::RowRequest>& out) {
  const std::string id = variant_id(site);
  auto it = weights_->by_id.find(id);
  if (it == weights_->by_id.end()) return;
  if (!seen_ids_.insert(id).second) {
    throw InputError("--vcf: variant ID '" + id + "' appears more than once (again at " + site.chrom + ":" +
                     std::to_string(site.pos) + ") and --weights " + weights_->path +
                     " scores it; PLINK 2 --score refuses this too. Make the IDs unique (e.g. bcftools annotate "
                     "--set-id '%CHROM:%POS:%REF:%FIRST_ALT') or remove the duplicate records");
  }
  bool any = false;
  for (std::size_t e : it->second) {
    const std::string& allele = weights_->entries[e].allele;
    int alt_index = -1;
    if (allele == site.ref) {
      alt_index = 0;  // REF-named: counts haplotypes carrying neither ALT
    } else {
      for (std::size_t k = 0; k < site.alts.size(); ++k)
        if (site.alts[k] == allele) alt_index = static_cast<int>(k) + 1;
    }
    if (alt_index < 0) {
      state_[e] = kAlleleMismatch;
      continue;
    }
    state_[e] = kUsed;
    out.push_back({alt_index, static_cast<std::int32_t>(e)});
    any = true;
  }
  if (!any) return;
  ++variants_used_;
  if (settings_.transform == ScoreTransform::VarianceStandardize && !freqs_ && site.alts.size() > 1) {
    const std::size_t scored = out.size();
    for (int k = 1; k <= static_cast<int>(site.alts.size()); ++k) {
      bool have = false;
      for (std::size_t i = 0; i < scored; ++i) have = have || out[i].alt_index == k;
      if (!have) out.push_back({k, -1});
    }
  }
}

void PrsScorer::add_block(FeatureEngine& engine, const GenotypeBlock& block) {
  const std::size_t rows = block.rows.size(), k_n = n_scores(), width = this->width();
  if (rows == 0) return;
  const bool need_freq = settings_.mean_impute || settings_.transform != ScoreTransform::None;
  const bool by_dosage = !block.dosages.empty();
  std::vector<const std::string*> ids(rows, nullptr), alleles(rows, nullptr);
  for (std::size_t r = 0; r < rows; ++r)
    if (block.rows[r].tag >= 0) {
      const WeightEntry& e = weights_->entries[static_cast<std::size_t>(block.rows[r].tag)];
      ids[r] = &e.id;
      alleles[r] = &e.allele;
    }
  std::vector<double> p;  // frequency of each row's named allele
  named_allele_frequencies(engine, block, need_freq, freqs_, ids, alleles, counts_, dosage_counts_, p);
  ref_named_.assign(rows, 0);
  counts_alleles_.assign(rows, 0);
  table_.assign(rows * width * 4, 0.0);
  for (std::size_t r = 0; r < rows; ++r) ref_named_[r] = block.rows[r].alt_index == 0 ? 1 : 0;
  for (std::size_t first = 0; first < rows;) {
    // The rows of one record: [first, last).
    std::size_t last = first + 1;
    while (last < rows && !block.rows[last].first_of_record) ++last;
    counts_alleles_[first] = 1;
    // PLINK 2 standardises by the variant's expected heterozygosity, 1 - sum of
    // squared allele frequencies (2p(1-p) for a biallelic variant).
    double heterozygosity = 0.0;
    if (settings_.transform == ScoreTransform::VarianceStandardize) {
      const BlockRow& r0 = block.rows[first];
      if (freqs_) {
        const auto& e0 = weights_->entries[static_cast<std::size_t>(r0.tag)];
        heterozygosity = freqs_->heterozygosity(e0.id);
      } else {
        double p_ref = 0.5;
        if (by_dosage) {
          // The REF row's frequency when there is one, else 1 minus the ALT rows'.
          double alts = 0.0;
          bool ref_row = false;
          std::vector<int> ks;
          for (std::size_t r = first; r < last; ++r) {
            const int k = block.rows[r].alt_index;
            if (k == 0) {
              p_ref = p[r];
              ref_row = true;
            } else if (std::find(ks.begin(), ks.end(), k) == ks.end()) {
              ks.push_back(k);
              alts += p[r];
            }
          }
          if (!ref_row) p_ref = 1.0 - alts;
        } else if (counts_[first].called_alleles) {
          p_ref = static_cast<double>(counts_[first].ref_alleles) / counts_[first].called_alleles;
        }
        double sum_sq = p_ref * p_ref, alt_total = 0.0;
        std::vector<int> seen;
        for (std::size_t r = first; r < last; ++r) {
          const int k = block.rows[r].alt_index;
          if (k == 0 || std::find(seen.begin(), seen.end(), k) != seen.end()) continue;
          seen.push_back(k);
          sum_sq += p[r] * p[r];
          alt_total += p[r];
        }
        if (seen.empty()) sum_sq += (1.0 - p_ref) * (1.0 - p_ref);  // biallelic, REF-named only
        heterozygosity = 1.0 - sum_sq;
      }
    }
    for (std::size_t r = first; r < last; ++r) {
      const BlockRow& row = block.rows[r];
      if (row.tag < 0) continue;  // frequency-only row: contributes nothing
      const WeightEntry& e = weights_->entries[static_cast<std::size_t>(row.tag)];
      const double mean = 2.0 * p[r];
      double scale = 1.0, shift = 0.0;
      if (settings_.transform != ScoreTransform::None) shift = mean;
      if (settings_.transform == ScoreTransform::VarianceStandardize)
        scale = heterozygosity > 0 ? 1.0 / std::sqrt(heterozygosity) : 0.0;  // monomorphic: contributes nothing
      for (std::size_t k = 0; k < k_n; ++k) {
        const double w = e.weights[k] * scale;
        double* t = table_.data() + (r * width + k) * 4;
        for (int d = 0; d < 3; ++d) t[d] = w * (d - shift);
        // Mean imputation adds the mean dosage without centring it, as PLINK 2
        // (2.00a3.5) does under 'center' and 'variance-standardize' too.
        t[kDosageMissing] = settings_.mean_impute ? w * mean : 0.0;
      }
      double* dosage = table_.data() + (r * width + k_n) * 4;  // NAMED_ALLELE_DOSAGE_SUM
      dosage[0] = 0.0;
      dosage[1] = 1.0;
      dosage[2] = 2.0;
    }
    first = last;
  }
  ScoreBlock sb;
  sb.ref_named = ref_named_.data();
  sb.counts_alleles = counts_alleles_.data();
  sb.contributions = table_.data();
  sb.n_scores = width;
  ScoreSums sums;
  sums.allele_ct = allele_ct_.data();
  sums.score_sums = sums_.data();
  engine.accumulate_scores(block.view(), sb, sums);
}

std::size_t PrsScorer::entries_used() const {
  std::size_t n = 0;
  for (auto s : state_) n += s == kUsed;
  return n;
}
std::size_t PrsScorer::entries_missing_id() const {
  std::size_t n = 0;
  for (auto s : state_) n += s == kUnmatched;
  return n;
}
std::size_t PrsScorer::entries_allele_mismatch() const {
  std::size_t n = 0;
  for (auto s : state_) n += s == kAlleleMismatch;
  return n;
}

double PrsScorer::denominator(std::size_t s) const {
  return settings_.mean_impute ? 2.0 * static_cast<double>(variants_used_) : static_cast<double>(allele_ct_[s]);
}

}  // namespace ketapgx

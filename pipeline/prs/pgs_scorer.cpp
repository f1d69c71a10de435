#include "prs/pgs_scorer.h"

#include <algorithm>

#include "genotypes/vcf_record.h"
#include "ketapgx/core/errors.h"
#include "prs/prs_scorer.h"
#include "util/text.h"

namespace ketapgx {

namespace {

// pgsc_calc keeps target records on these only.
bool is_matched_chromosome(const std::string& c) {
  if (c == "X" || c == "Y") return true;
  const auto n = text::parse_int(c);
  return n && *n >= 1 && *n <= 22;
}

}  // namespace

PgsScorer::PgsScorer(const std::vector<PgsFile>& files, std::size_t n_samples, const PgsScoreSettings& settings)
    : files_(&files), settings_(settings), results_(files.size()), variants_scored_(files.size(), 0), offsets_(files.size(), 0.0),
      sums_(n_samples * 2 * files.size(), 0.0), unused_allele_ct_(n_samples, 0) {
  std::size_t total = 0;
  for (std::size_t k = 0; k < files.size(); ++k) {
    const PgsFile& f = files[k];
    results_[k].resize(f.variants.size());
    total += f.variants.size();
    for (const PgsVariant& v : f.variants) {
      PgsRowResult& res = results_[k][static_cast<std::size_t>(&v - f.variants.data())];
      if (!v.not_scorable.empty()) {
        res.match.status = PgsMatchStatus::NotScorable;
        res.match.reason = v.not_scorable + " (not scorable with PLINK 2 --score)";
      } else if (v.pos > 0 && !is_matched_chromosome(v.chrom)) {
        res.match.reason = "chromosome " + v.chrom + ": pgsc_calc matches chromosomes 1-22, X and Y only";
      } else if (v.pos > 0) {
        by_position_[v.chrom][v.pos].push_back({k, &v});
      } else if (v.by_rsid) {
        by_rsid_[v.rsid].push_back({k, &v});
      } else {
        res.match.reason = "no position in the file";
      }
    }
  }
  // One scored row per matched row at most: never reallocated while the
  // reader thread appends and add_block reads (see the header).
  scored_.reserve(total);
}

SiteSelection PgsScorer::site_selection() {
  SiteSelection sel;
  for (const auto& [contig, at] : by_position_)
    for (const auto& [pos, rows] : at) sel.positions.emplace_back(contig, pos);
  std::sort(sel.positions.begin(), sel.positions.end());
  sel.every_record = !by_rsid_.empty();
  sel.select = [this](const std::vector<const VcfRecord*>& records, std::vector<SiteRowRequest>& out) { select(records, out); };
  return sel;
}

void PgsScorer::select(const std::vector<const VcfRecord*>& records, std::vector<SiteRowRequest>& out) {
  if (records.empty()) return;
  // The records' ALT alleles are the candidates (a record without ALT has none).
  targets_.clear();
  for (std::size_t r = 0; r < records.size(); ++r) {
    const Site& s = records[r]->site();
    if (!is_matched_chromosome(s.contig)) continue;
    if (s.alts.empty()) {
      // ALT '.': REF is still a candidate (no_oa_ref), scored as a REF row.
      PgsTarget t;
      t.record = r;
      t.alt_index = 0;
      t.id = s.id != "." ? s.id : s.contig + ":" + std::to_string(s.pos) + ":" + s.ref + ":.";
      t.ref = s.ref;
      t.alt = ".";
      targets_.push_back(std::move(t));
    }
    for (std::size_t k = 0; k < s.alts.size(); ++k) {
      PgsTarget t;
      t.record = r;
      t.alt_index = static_cast<int>(k) + 1;
      t.id = s.id != "." ? s.id : s.contig + ":" + std::to_string(s.pos) + ":" + s.ref + ":" + s.alts[k];
      t.ref = s.ref;
      t.alt = s.alts[k];
      t.multiallelic = s.alts.size() > 1;
      targets_.push_back(std::move(t));
    }
  }
  // Rows at this position, then rows matched by the records' IDs.
  // Each row is matched once: at the first visit of its position (an
  // unsorted file or one repeating a stretch shows a position again; its
  // rows keep their first match), or at the first record with its rsID.
  rows_here_.clear();
  auto row_index = [this](const PgsRowRef& ref) {
    return static_cast<std::size_t>(ref.variant - (*files_)[ref.score].variants.data());
  };
  const Site& first = records.front()->site();
  if (auto c = by_position_.find(first.contig); c != by_position_.end())
    if (auto p = c->second.find(first.pos); p != c->second.end())
      for (const PgsRowRef& ref : p->second)
        if (!results_[ref.score][row_index(ref)].visited) rows_here_.push_back(ref);
  const std::size_t by_position_rows = rows_here_.size();
  if (!by_rsid_.empty())
    for (const VcfRecord* rec : records)
      if (auto it = by_rsid_.find(rec->site().id); it != by_rsid_.end())
        for (const PgsRowRef& ref : it->second) {
          if (results_[ref.score][row_index(ref)].visited) continue;
          bool listed = false;  // split multi-allelic records share the rsID: once
          for (std::size_t q = by_position_rows; q < rows_here_.size(); ++q) listed = listed || rows_here_[q].variant == ref.variant;
          if (!listed) rows_here_.push_back(ref);
        }
  if (rows_here_.empty()) return;
  match_position(rows_here_, targets_, settings_.match, matches_);
  // One block row per distinct (record, named allele) that some score uses.
  const std::size_t first_request = out.size();
  for (std::size_t i = 0; i < rows_here_.size(); ++i) {
    const PgsRowRef& ref = rows_here_[i];
    const std::size_t row = static_cast<std::size_t>(ref.variant - (*files_)[ref.score].variants.data());
    PgsRowResult& res = results_[ref.score][row];
    res.match = matches_[i];
    res.visited = true;
    res.by_id = i >= by_position_rows;
    if (res.match.status != PgsMatchStatus::Matched && res.match.status != PgsMatchStatus::Excluded) continue;
    const PgsTarget& t = targets_[res.match.target];
    const Site& s = records[t.record]->site();
    res.target_id = t.id;
    res.target_ref = s.ref;
    res.target_alt = text::join(s.alts, ",");
    res.matched_effect_allele = res.match.named_alt_index == 0 ? s.ref : s.alts[static_cast<std::size_t>(res.match.named_alt_index - 1)];
    if (res.match.status != PgsMatchStatus::Matched) continue;
    double training_p = -1;
    if (settings_.training) {
      // Only the rows the model was trained with.
      const auto sc = settings_.training->find((*files_)[ref.score].id);
      const auto fq = sc == settings_.training->end() ? decltype(sc->second.end())() : sc->second.find(ref.variant->line);
      if (sc == settings_.training->end() || fq == sc->second.end()) {
        res.match.status = PgsMatchStatus::Excluded;
        res.match.reason = "not in the model's matched set (not matched at training)";
        res.not_in_model = true;
        continue;
      }
      training_p = fq->second;
    }
    std::int32_t tag = -1;
    for (std::size_t q = first_request; q < out.size(); ++q)
      if (out[q].record == t.record && out[q].alt_index == res.match.named_alt_index) tag = out[q].tag;
    if (tag < 0) {
      tag = static_cast<std::int32_t>(scored_.size());
      scored_.push_back(ScoredRow{t.id, res.matched_effect_allele, {}, training_p, -1});
      out.push_back(SiteRowRequest{t.record, res.match.named_alt_index, tag});
    }
    scored_[static_cast<std::size_t>(tag)].weights.push_back(
        Weight{static_cast<std::uint32_t>(ref.score), ref.variant->effect, ref.variant->weight, ref.variant->line});
    ++variants_scored_[ref.score];
  }
}

void PgsScorer::add_block(FeatureEngine& engine, const GenotypeBlock& block) {
  const std::size_t rows = block.rows.size(), k_n = n_scores(), width = this->width();
  if (rows == 0) return;
  std::vector<const std::string*> ids(rows), alleles(rows);
  for (std::size_t r = 0; r < rows; ++r) {
    const ScoredRow& sr = scored_[static_cast<std::size_t>(block.rows[r].tag)];
    ids[r] = &sr.id;
    alleles[r] = &sr.allele;
  }
  const bool need_freq = settings_.mean_impute;
  named_allele_frequencies(engine, block, need_freq && !settings_.training, settings_.freqs, ids, alleles, counts_, dosage_counts_, p_);
  for (std::size_t r = 0; r < rows; ++r) {
    ScoredRow& sr = scored_[static_cast<std::size_t>(block.rows[r].tag)];
    if (settings_.training) p_[r] = sr.training_p;
    sr.p = p_[r];
  }
  ref_named_.assign(rows, 0);
  counts_alleles_.assign(rows, 0);  // ALLELE_CT is counted per score below, not by the engine's shared counter
  table_.assign(rows * width * 4, 0.0);
  for (std::size_t r = 0; r < rows; ++r) {
    ref_named_[r] = block.rows[r].alt_index == 0 ? 1 : 0;
    for (const Weight& w : scored_[static_cast<std::size_t>(block.rows[r].tag)].weights) {
      double* t = table_.data() + (r * width + w.score) * 4;
      // plink2 --score: dominant counts min(d, 1) copies, recessive max(d - 1, 0);
      // mean imputation adds 2p (additive) or p (dominant, recessive) copies.
      const double x = w.weight;
      switch (w.effect) {
        case EffectType::Additive: t[0] = 0; t[1] = x; t[2] = 2 * x; break;
        case EffectType::Dominant: t[0] = 0; t[1] = x; t[2] = x; break;
        case EffectType::Recessive: t[0] = 0; t[1] = 0; t[2] = x; break;
      }
      t[kDosageMissing] = need_freq ? x * (w.effect == EffectType::Additive ? 2.0 : 1.0) * p_[r] : 0.0;
      double* ct = table_.data() + (r * width + k_n + w.score) * 4;  // the score's ALLELE_CT: 2 per called genotype
      ct[0] = ct[1] = ct[2] = 2.0;
    }
  }
  ScoreBlock sb;
  sb.ref_named = ref_named_.data();
  sb.counts_alleles = counts_alleles_.data();
  sb.contributions = table_.data();
  sb.n_scores = width;
  ScoreSums sums;
  sums.allele_ct = unused_allele_ct_.data();
  sums.score_sums = sums_.data();
  engine.accumulate_scores(block.view(), sb, sums);
}

PgsTrainingFrequencies PgsScorer::row_frequencies() const {
  PgsTrainingFrequencies out;
  for (const ScoredRow& sr : scored_)
    for (const Weight& w : sr.weights) out[(*files_)[w.score].id][w.line] = sr.p;
  return out;
}

void PgsScorer::finish() {
  if (!settings_.training) return;
  // The training rows scored here.
  std::vector<std::unordered_map<long, bool>> scored(n_scores());
  for (const ScoredRow& sr : scored_)
    for (const Weight& w : sr.weights) scored[w.score][w.line] = true;
  for (std::size_t k = 0; k < n_scores(); ++k) {
    offsets_[k] = 0;
    const auto sc = settings_.training->find((*files_)[k].id);
    if (sc == settings_.training->end()) continue;
    for (const PgsVariant& v : (*files_)[k].variants) {
      const auto fq = sc->second.find(v.line);
      if (fq == sc->second.end() || scored[k].count(v.line)) continue;
      offsets_[k] += v.weight * (v.effect == EffectType::Additive ? 2.0 : 1.0) * fq->second;
    }
  }
}

double PgsScorer::denominator(std::size_t s, std::size_t k) const {
  return settings_.mean_impute ? 2.0 * static_cast<double>(variants_scored_[k]) : static_cast<double>(allele_ct(s, k));
}

std::vector<PgsScoreSummary> PgsScorer::summaries() const {
  std::vector<PgsScoreSummary> out;
  for (std::size_t k = 0; k < n_scores(); ++k) {
    PgsScoreSummary s;
    s.id = (*files_)[k].id;
    s.variants = results_[k].size();
    for (const PgsRowResult& r : results_[k]) {
      const PgsMatch& m = r.match;
      switch (m.status) {
        case PgsMatchStatus::Matched: ++s.matched; break;
        case PgsMatchStatus::Unmatched: ++s.unmatched; break;
        case PgsMatchStatus::NotScorable: ++s.not_scorable; break;
        case PgsMatchStatus::Excluded:
          if (r.not_in_model) ++s.excluded_not_in_model;
          else if (m.duplicate_id) ++s.excluded_duplicate;
          else if (m.ambiguous && !settings_.match.keep_ambiguous) ++s.excluded_ambiguous;
          else if (m.multiallelic && !settings_.match.keep_multiallelic) ++s.excluded_multiallelic;
          else ++s.excluded_flip;
          break;
      }
    }
    s.match_rate = s.variants ? static_cast<double>(s.matched) / static_cast<double>(s.variants) : 0.0;
    s.passed = s.matched > 0 && s.match_rate >= settings_.min_overlap;
    out.push_back(s);
  }
  return out;
}

}  // namespace ketapgx

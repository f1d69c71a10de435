#include "genotypes/genotype_reader.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <map>
#include <unordered_map>

#include "genotypes/contig.h"
#include "ketapgx/core/dosage.h"
#include "ketapgx/core/errors.h"
#include "output/format.h"
#include "util/log.h"
#include "util/text.h"

namespace ketapgx {

const char* panel_status_name(PanelStatus s) {
  switch (s) {
    case PanelStatus::Missing: return "missing";
    case PanelStatus::Found: return "found";
    case PanelStatus::Multiallelic: return "multiallelic";
    case PanelStatus::AltMismatch: return "alt_mismatch";
    case PanelStatus::RefMismatch: return "ref_mismatch";
    case PanelStatus::Duplicate: return "duplicate";
  }
  return "?";
}

struct GenotypeReader::PositionLookup {
  std::unordered_map<std::string, std::unordered_map<std::int64_t, std::size_t>> by_contig;
  const Position* find(const std::string& contig, std::int64_t pos, const std::vector<Position>& all) const {
    auto c = by_contig.find(contig);
    if (c == by_contig.end()) return nullptr;
    auto p = c->second.find(pos);
    return p == c->second.end() ? nullptr : &all[p->second];
  }
};

namespace {

char complement(char b) {
  switch (b) {
    case 'A': return 'T';
    case 'C': return 'G';
    case 'G': return 'C';
    case 'T': return 'A';
  }
  return 'N';
}

std::string ref_mismatch_note(const std::string& vcf_ref, const PanelVariant& v) {
  if (vcf_ref.size() == 1 && v.ref.size() == 1 && vcf_ref[0] == complement(v.ref[0]))
    return "VCF REF is the complement of the panel REF: opposite strand?";
  if (vcf_ref == v.alt) return "VCF REF equals the panel ALT: REF/ALT swapped, or another genome build";
  if (vcf_ref.size() != v.ref.size()) return "different allele representation: normalise with bcftools norm -f";
  return "VCF REF differs from the panel REF: another genome build? (see --build)";
}

}  // namespace

GenotypeReader::GenotypeReader(std::unique_ptr<VcfFile> file, const GenotypeReaderOptions& options,
                               const Panel* panel)
    : options_(options), panel_(panel), file_(std::move(file)) {
  if (!options_.all_variants && !options_.sites && !panel_) throw Error("GenotypeReader: a panel is required");
  const std::size_t n = file_->samples().n_kept();
  std::size_t bytes_per_row = n * sizeof(GenotypeCode);
  if (options_.read_dosages) bytes_per_row += n * sizeof(float);
  if (options_.read_phase_sets) bytes_per_row += n * sizeof(std::int32_t);
  rows_per_block_ = std::max<std::size_t>(1, options_.block_bytes / std::max<std::size_t>(1, bytes_per_row));
  decode_threads_ = std::max(1, options_.decode_threads);
  if (decode_threads_ > 1) decoder_ = std::make_unique<BackgroundJob>();
  // Enough rows per parallel batch that thread start-up is negligible (about
  // 4M genotypes), few enough that the batch's records stay small.
  decode_batch_ = std::clamp<std::size_t>((std::size_t{4} << 20) / std::max<std::size_t>(1, n),
                                          static_cast<std::size_t>(4 * decode_threads_), 4096);
  // Reading ahead, blocks of at most ~16M genotypes: the next block is
  // read while the engine works on this one (BlockPrefetcher), which a file
  // that fits one --block-mb block would never allow. Results do not depend
  // on the block size.
  if (options_.read_ahead)
    rows_per_block_ = std::min(rows_per_block_, std::max<std::size_t>(2 * decode_batch_, (std::size_t{16} << 20) / std::max<std::size_t>(1, n)));

  if (options_.all_variants) return;
  if (options_.sites) {
    for (const auto& [contig, pos] : options_.sites->positions) positions_.push_back(Position{contig, pos, {}});
    if (options_.sites->every_record) {
      use_index_ = false;
      return;
    }
  } else {
    matches_.assign(panel_->variants.size(), PanelMatch{});
    std::map<std::pair<std::string, std::int64_t>, std::size_t> index;
    for (std::size_t i = 0; i < panel_->variants.size(); ++i) {
      const PanelVariant& v = panel_->variants[i];
      auto [it, inserted] = index.emplace(std::make_pair(v.contig, v.pos), positions_.size());
      if (inserted) positions_.push_back(Position{v.contig, v.pos, {}});
      positions_[it->second].panel_indices.push_back(static_cast<std::int32_t>(i));
    }
  }
  // The index or one scan. With an index, the panel's positions become
  // regions (positions less than kRegionGap apart share one) read with one
  // query each, in file order: every block once, only records at panel
  // positions decoded. A scan is chosen without an index, when the regions
  // span at least half of their contigs (##contig lengths), or when they are
  // as many as a quarter of the file's BGZF blocks: then reading everything
  // in order costs no more than seeking.
  lookup_ = std::make_unique<PositionLookup>();
  for (std::size_t i = 0; i < positions_.size(); ++i) lookup_->by_contig[positions_[i].contig][positions_[i].pos] = i;
  use_index_ = file_->has_index() && options_.use_index;
  if (use_index_) {
    constexpr std::int64_t kRegionGap = 100000;
    std::map<std::string, std::vector<std::int64_t>> by_contig;
    for (const Position& p : positions_) by_contig[p.contig].push_back(p.pos);
    std::vector<VcfFile::Region> regions;
    std::map<std::string, std::int64_t> span;
    for (auto& [contig, ps] : by_contig) {
      std::sort(ps.begin(), ps.end());
      for (std::int64_t p : ps) {
        if (!regions.empty() && regions.back().contig == contig && p - regions.back().end <= kRegionGap) regions.back().end = p;
        else regions.push_back({contig, p, p});
      }
    }
    for (const auto& r : regions) span[r.contig] += r.end - r.begin + 1;
    std::int64_t covered = 0, length = 0;
    for (const auto& [name, len] : file_->contig_lengths()) {
      auto it = span.find(canonical_contig(name));
      if (it == span.end()) continue;
      covered += it->second;
      length += len;
    }
    // Each region costs at least one BGZF block inflated (~64 KB of text, some
    // 20-30 KB on disk) and a seek: more than a thousand regions, as many as a quarter of the
    // file's blocks (a genome-wide score's positions on a small file) are
    // slower than reading everything once.
    const std::int64_t blocks = file_->file_bytes() > 0 ? file_->file_bytes() / 24000 + 1 : -1;
    const bool many_regions = regions.size() > 1000 && blocks > 0 && static_cast<std::int64_t>(regions.size()) * 4 > blocks;
    if ((length > 0 && 2 * covered >= length) || many_regions) {
      use_index_ = false;
    } else {
      regions_read_ = file_->set_regions(std::move(regions));
    }
  }
}

GenotypeReader::~GenotypeReader() {
  if (decoder_) decoder_->wait();  // its job reads records and writes a block: let it end first
}

void GenotypeReader::append_row(const VcfRecord& record, int alt_index, BlockRow row, GenotypeBlock& block) {
  const std::size_t n = block.n_samples;
  const std::size_t r = block.rows.size();
  before_growing(block, r + 1);
  block.codes.resize((r + 1) * n);
  if (options_.read_dosages) block.dosages.resize((r + 1) * n);
  if (options_.read_phase_sets) {
    block.phase_sets.resize((r + 1) * n, 0);
    if (record.has_ps()) block.any_phase_set = true;
  }
  pending_rows_.push_back(PendingRow{&record, alt_index, r});
  row.calls_from_dosage = !record.has_gt();
  block.rows.push_back(std::move(row));
}

// Dosages (--dosages), as PLINK 2 reads them with dosage=DS: a sample's DS
// where it has one (whatever its GT says, even a missing GT), else the dosage
// of its GT call, else missing. DS must lie in [0, ploidy] (1 for a haploid GT,
// else 2) and is rounded to 1/16384. A row with allele index 0 counts REF:
// its dosage is the ploidy minus the sum of the ALT dosages. A record with DS
// and no GT gives the hard-call users (QC call rates) calls rounded from DS,
// and none to the star-allele caller (BlockRow::calls_from_dosage).
void GenotypeReader::decode_row(const VcfRecord& record, int alt_index, GenotypeBlock& block, std::size_t r) const {
  const std::size_t n = block.n_samples;
  GenotypeCode* codes = block.codes.data() + r * n;
  const bool want_ds = options_.read_dosages;
  const bool has_gt = record.has_gt();
  if (has_gt || !(want_ds && record.has_ds())) record.decode_gt(alt_index, codes);  // throws the "no FORMAT/GT" message
  if (want_ds) {
    float* ds = block.dosages.data() + r * n;
    if (record.has_ds()) {
      record.decode_ds(alt_index, ds);
    } else {
      std::fill(ds, ds + n, std::numeric_limits<float>::quiet_NaN());
    }
    for (std::size_t s = 0; s < n; ++s) {
      const int ploidy = has_gt ? gt_ploidy(codes[s]) : 2;
      if (!std::isnan(ds[s])) {
        const float q = quantize_dosage(ds[s]);
        if (q > static_cast<float>(ploidy))
          throw InputError(record.where() + ": sample " + file_->samples().names[s] + " DS " + format_double(ds[s], 6) +
                           " is above the ploidy of its call (" + std::to_string(ploidy) + "); expected a dosage from 0 to " +
                           std::to_string(ploidy) + " (PLINK 2 refuses it too)");
        if (!has_gt) {  // hard calls for QC: the nearest whole dosage
          const int c = q < 0.5f ? 0 : (q < 1.5f ? 1 : 2);
          const GenotypeCode h1 = alt_index > 0 ? gt::kHap1Alt : gt::kHap1Other, h2 = alt_index > 0 ? gt::kHap2Alt : gt::kHap2Other;
          codes[s] = static_cast<GenotypeCode>((c >= 1 ? h1 : 0) | (c == 2 ? h2 : 0));
        }
        ds[s] = alt_index > 0 ? q : static_cast<float>(ploidy) - q;
      } else if (has_gt && !gt_is_missing(codes[s])) {
        ds[s] = static_cast<float>(alt_index > 0 ? gt_alt_alleles(codes[s]) : gt_ref_alleles(codes[s]));
      } else if (!has_gt) {
        codes[s] = gt::kMissingDiploid;
      }
    }
  }
  if (options_.read_phase_sets && record.has_ps()) record.decode_ps(block.phase_sets.data() + r * n);
}

void GenotypeReader::decode_batch(const std::vector<PendingRow>& rows, GenotypeBlock& block, int threads,
                                  std::vector<std::exception_ptr>& errors) const {
  // Rows decode independently: spread them over the threads. The first error
  // in row order is the one reported, whatever the scheduling.
  const std::ptrdiff_t n = static_cast<std::ptrdiff_t>(rows.size());
  errors.assign(rows.size(), nullptr);
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads) if (n > 1 && threads > 1)
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    const PendingRow& p = rows[static_cast<std::size_t>(i)];
    try {
      decode_row(*p.record, p.alt_index, block, p.row);
    } catch (...) {
      errors[static_cast<std::size_t>(i)] = std::current_exception();
    }
  }
}

void GenotypeReader::flush_rows(GenotypeBlock& block) {
  if (!decoder_) {
    std::vector<std::exception_ptr> errors;
    decode_batch(pending_rows_, block, decode_threads_, errors);
    pending_rows_.clear();
    batch_records_.clear();
    for (const auto& e : errors)
      if (e) std::rethrow_exception(e);
    return;
  }
  // With several threads the batch is decoded in the background, by the
  // other threads, while this one reads the next batch; one batch in flight.
  finish_decoding();
  if (pending_rows_.empty()) return;
  std::swap(inflight_rows_, pending_rows_);
  std::swap(inflight_records_, batch_records_);
  pending_rows_.clear();
  batch_records_.clear();
  const int threads = std::max(1, decode_threads_ - 1);
  decoder_->submit([this, &block, threads] { decode_batch(inflight_rows_, block, threads, inflight_errors_); });
  decoding_ = true;
}

void GenotypeReader::finish_decoding() {
  if (!decoding_) return;
  decoder_->wait();
  decoding_ = false;
  inflight_rows_.clear();
  inflight_records_.clear();
  for (const auto& e : inflight_errors_)
    if (e) std::rethrow_exception(e);
}

void GenotypeReader::before_growing(const GenotypeBlock& block, std::size_t rows) {
  // The background decoder writes into the block's arrays: they must not
  // move under it. Growing past their reserve waits for it first.
  const std::size_t need = rows * block.n_samples;
  if (decoding_ && (need > block.codes.capacity() || (options_.read_dosages && need > block.dosages.capacity()) ||
                    (options_.read_phase_sets && need > block.phase_sets.capacity())))
    finish_decoding();
}

void GenotypeReader::keep_until_decoded(std::unique_ptr<VcfRecord> record, GenotypeBlock& block) {
  batch_records_.push_back(std::move(record));
  if (pending_rows_.size() >= decode_batch_) flush_rows(block);
}

void GenotypeReader::process_all_alleles(const VcfRecord& record, GenotypeBlock& block) {
  const Site& s = record.site();
  const int n_alts = static_cast<int>(s.alts.size());
  requests_.clear();
  if (options_.select_rows) {
    options_.select_rows(s, requests_);
  } else {
    for (int k = 1; k <= std::max(1, n_alts); ++k) requests_.push_back({n_alts ? k : 0, -1});
  }
  for (std::size_t i = 0; i < requests_.size(); ++i) {
    const auto& req = requests_[i];
    BlockRow row;
    row.first_of_record = i == 0;
    row.alt = req.alt_index > 0 ? s.alts[static_cast<std::size_t>(req.alt_index - 1)] : (n_alts ? s.ref : ".");
    row.variant_id = s.id != "." ? s.id : s.chrom + ":" + std::to_string(s.pos) + ":" + s.ref + ":" + row.alt;
    row.chrom = s.chrom;
    row.pos = s.pos;
    row.ref = s.ref;
    row.alt_index = req.alt_index;
    row.n_alts = n_alts;
    row.tag = req.tag;
    append_row(record, row.alt_index, std::move(row), block);
  }
}

void GenotypeReader::process_site(const std::vector<std::unique_ptr<VcfRecord>>& records, GenotypeBlock& block) {
  site_records_.clear();
  for (const auto& r : records) site_records_.push_back(r.get());
  site_requests_.clear();
  options_.sites->select(site_records_, site_requests_);
  std::size_t last_record = records.size();
  for (const SiteRowRequest& q : site_requests_) {
    const VcfRecord& rec = *records.at(q.record);
    const Site& s = rec.site();
    BlockRow row;
    row.first_of_record = q.record != last_record;
    last_record = q.record;
    row.alt = q.alt_index > 0 ? s.alts.at(static_cast<std::size_t>(q.alt_index - 1)) : s.ref;
    row.variant_id = s.id != "." ? s.id : s.chrom + ":" + std::to_string(s.pos) + ":" + s.ref + ":" + row.alt;
    row.chrom = s.chrom;
    row.pos = s.pos;
    row.ref = s.ref;
    row.alt_index = q.alt_index;
    row.n_alts = static_cast<int>(s.alts.size());
    row.tag = q.tag;
    append_row(rec, q.alt_index, std::move(row), block);
  }
}

void GenotypeReader::process_position(const std::vector<std::unique_ptr<VcfRecord>>& records,
                                      const std::vector<std::int32_t>& panel_indices, GenotypeBlock& block) {
  for (const std::int32_t pi : panel_indices) {
    PanelMatch& m = matches_[static_cast<std::size_t>(pi)];
    if (m.status != PanelStatus::Missing) {
      log::warn("panel variant " + panel_->variants[static_cast<std::size_t>(pi)].id + ": " + records.front()->where() +
                " repeats a position seen earlier in the file (is it sorted?); the first record was used");
      continue;
    }
    const PanelVariant& v = panel_->variants[static_cast<std::size_t>(pi)];
    // Best record: the panel ALT present > REF matches (ALT absent) > REF differs.
    const VcfRecord* best = nullptr;
    int best_rank = 0, best_alt = 0, carriers = 0;
    for (const auto& rec : records) {
      const Site& s = rec->site();
      int rank = 1, alt = 0;
      if (s.ref == v.ref) {
        auto it = std::find(s.alts.begin(), s.alts.end(), v.alt);
        if (it != s.alts.end()) {
          rank = 4;
          ++carriers;
          alt = static_cast<int>(it - s.alts.begin()) + 1;
        } else {
          rank = s.alts.empty() ? 3 : 2;
        }
      }
      if (rank > best_rank) {
        best = rec.get();
        best_rank = rank;
        best_alt = alt;
      }
    }
    if (!best) continue;
    const Site& s = best->site();
    m.vcf_ref = s.ref;
    m.vcf_alt = s.alts.empty() ? "." : text::join(s.alts, ",");
    if (carriers > 1) {
      // Two records disagreeing about the same allele cannot both be right,
      // and picking one would be a silent guess.
      m.status = PanelStatus::Duplicate;
      m.note = std::to_string(carriers) + " records carry this allele; none used (remove duplicates, e.g. bcftools norm -d exact)";
      continue;
    }
    if (best_rank == 1) {
      m.status = PanelStatus::RefMismatch;
      m.note = ref_mismatch_note(s.ref, v);
      continue;  // never used: the genotypes would mean something else
    }
    if (best_rank == 4) {
      m.status = s.alts.size() > 1 ? PanelStatus::Multiallelic : PanelStatus::Found;
    } else if (best_rank == 3) {
      m.status = PanelStatus::Found;
      m.note = "ALT is '.': every call is REF or missing";
    } else {
      m.status = PanelStatus::AltMismatch;
      m.note = "panel ALT " + v.alt + " not among the record's ALT alleles";
    }
    BlockRow row;
    row.panel_index = pi;
    row.variant_id = v.id;
    row.chrom = s.chrom;
    row.pos = s.pos;
    row.ref = s.ref;
    row.alt = v.alt;
    row.alt_index = best_alt;
    row.n_alts = static_cast<int>(s.alts.size());
    append_row(*best, best_alt, std::move(row), block);
  }
}

bool GenotypeReader::fill_from_scan(GenotypeBlock& block) {
  const VcfFile::SiteFilter panel_filter = [this](const std::string& contig, std::int64_t pos) {
    return lookup_->find(contig, pos, positions_) != nullptr;
  };
  const VcfFile::SiteFilter no_filter;
  const bool every_record = options_.sites && options_.sites->every_record;
  while (block.rows.size() < rows_per_block_) {
    auto rec = file_->next(options_.all_variants || every_record ? no_filter : panel_filter);
    if (options_.all_variants) {
      if (!rec) return false;
      process_all_alleles(*rec, block);
      keep_until_decoded(std::move(rec), block);
      continue;
    }
    if (every_record) {
      // Records of one position go together, whether or not it is listed.
      const bool same = rec && !pending_.empty() && rec->site().pos == pending_.front()->site().pos &&
                        rec->site().contig == pending_.front()->site().contig;
      if (!same && !pending_.empty()) {
        process_site(pending_, block);
        for (auto& r : pending_) keep_until_decoded(std::move(r), block);
        pending_.clear();
      }
      if (!rec) return false;
      pending_.push_back(std::move(rec));
      continue;
    }
    const Position* at = rec ? lookup_->find(rec->site().contig, rec->site().pos, positions_) : nullptr;
    if (pending_position_ && at != pending_position_) {
      if (options_.sites) process_site(pending_, block);
      else process_position(pending_, pending_position_->panel_indices, block);
      for (auto& r : pending_) keep_until_decoded(std::move(r), block);
      pending_.clear();
      pending_position_ = nullptr;
    }
    if (!rec) return false;
    pending_position_ = at;
    pending_.push_back(std::move(rec));
  }
  return true;
}

bool GenotypeReader::next_block(GenotypeBlock& block) {
  block.clear();
  block.n_samples = file_->samples().n_kept();
  if (exhausted_) return false;
  const std::size_t reserve = (rows_per_block_ + 2) * block.n_samples;
  if (block.codes.capacity() < reserve) block.codes.reserve(reserve);
  if (options_.read_dosages && block.dosages.capacity() < reserve) block.dosages.reserve(reserve);
  if (options_.read_phase_sets && block.phase_sets.capacity() < reserve) block.phase_sets.reserve(reserve);
  bool more = false;
  try {
    more = fill_from_scan(block);
    flush_rows(block);
    finish_decoding();
  } catch (...) {
    // A batch still decoding lies earlier in the file than what the reading
    // thread failed on: its error, if it has one, is the one to report.
    finish_decoding();
    throw;
  }
  if (!more) exhausted_ = true;
  return !block.rows.empty() || more;
}

}  // namespace ketapgx

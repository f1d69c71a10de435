// Streams genotype blocks from a VCF/BCF: either the records of a variant panel
// (the panel's regions through the index when the file is indexed, else one
// sequential scan) or every record. Memory is bounded by the block size, not
// by the file.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "genotypes/genotype_block.h"
#include "genotypes/panel.h"
#include "genotypes/vcf_file.h"
#include "util/background_job.h"

namespace ketapgx {

// What became of one panel variant.
enum class PanelStatus {
  Missing,       // no record at the position
  Found,         // a biallelic record (or an ALT '.' record) with the panel's REF and ALT
  Multiallelic,  // found as one ALT of a multi-allelic record
  AltMismatch,   // the position is there with the panel's REF, but not the panel's ALT
  RefMismatch,   // the record's REF differs from the panel's: build, strand or normalisation problem
  Duplicate,     // several records carry the panel's allele at the position: none is used
};
const char* panel_status_name(PanelStatus s);

struct PanelMatch {
  PanelStatus status = PanelStatus::Missing;
  std::string vcf_ref;   // REF and ALT of the record that decided the status
  std::string vcf_alt;   // comma-joined
  std::string note;      // why, for mismatches
};

// Site mode (a caller that matches records itself, e.g. PGS scoring files):
// the reader hands over every record at one position together (a split
// multi-allelic site spans several records) and the caller says which rows to
// make of them.
struct SiteRowRequest {
  std::size_t record;    // index into the records given
  int alt_index;         // 0: a row counting REF (every ALT "other"), k: the k-th ALT
  std::int32_t tag;      // read back from BlockRow::tag
};
struct SiteSelection {
  // (canonical contig, 1-based position), sorted: read through the index as
  // regions when the file has one (and they cover less than half their
  // contigs), else by one scan that skips other positions.
  std::vector<std::pair<std::string, std::int64_t>> positions;
  bool every_record = false;  // a scan handing over every position (records matched by ID, say)
  std::function<void(const std::vector<const VcfRecord*>&, std::vector<SiteRowRequest>&)> select;
};

struct GenotypeReaderOptions {
  bool all_variants = false;     // every record, ignoring the panel
  std::optional<SiteSelection> sites;  // site mode (no panel, not all_variants)
  // With all_variants: which rows to make of each record (ALT index, or 0 for a
  // row whose alleles are all "other", e.g. to count REF), each with a tag the
  // caller reads back from BlockRow::tag. Empty: one row per ALT allele.
  struct RowRequest {
    int alt_index;
    std::int32_t tag;
  };
  std::function<void(const Site&, std::vector<RowRequest>&)> select_rows;
  bool read_dosages = false;     // read FORMAT/DS when present (--dosages)
  bool read_phase_sets = false;  // read FORMAT/PS when present
  int decode_threads = 1;        // threads decoding genotype columns (the reading thread among them)
  bool read_ahead = false;       // BlockPrefetcher reads the next block on its own thread
  bool use_index = true;         // read the panel's regions through a .tbi/.csi index when there is one
  std::size_t block_bytes = std::size_t{64} << 20;
};

class GenotypeReader {
 public:
  // Reads `file` (opened by the caller, who may have used its header, e.g. to
  // detect the build). `panel` is required unless options.all_variants or
  // options.sites; it must outlive the reader.
  GenotypeReader(std::unique_ptr<VcfFile> file, const GenotypeReaderOptions& options, const Panel* panel);
  ~GenotypeReader();

  const VcfFile& file() const { return *file_; }
  const std::vector<std::string>& samples() const { return file_->samples().names; }
  bool uses_index() const { return use_index_; }
  std::size_t regions_read() const { return regions_read_; }  // with the index: the regions queried
  std::size_t rows_per_block() const { return rows_per_block_; }
  bool read_ahead() const { return options_.read_ahead; }

  // Fills `block` with the next rows; false when there are none left.
  bool next_block(GenotypeBlock& block);

  // One entry per panel variant; final once next_block has returned false.
  const std::vector<PanelMatch>& panel_matches() const { return matches_; }

 private:
  void process_position(const std::vector<std::unique_ptr<VcfRecord>>& records,
                        const std::vector<std::int32_t>& panel_indices, GenotypeBlock& block);
  void process_all_alleles(const VcfRecord& record, GenotypeBlock& block);
  void process_site(const std::vector<std::unique_ptr<VcfRecord>>& records, GenotypeBlock& block);
  // Adds a row to `block` whose genotypes are decoded later, in parallel, by
  // flush_rows(); the record must stay alive until then (keep_until_decoded).
  void append_row(const VcfRecord& record, int alt_index, BlockRow row, GenotypeBlock& block);
  void decode_row(const VcfRecord& record, int alt_index, GenotypeBlock& block, std::size_t row) const;
  void flush_rows(GenotypeBlock& block);
  void keep_until_decoded(std::unique_ptr<VcfRecord> record, GenotypeBlock& block);
  bool fill_from_scan(GenotypeBlock& block);

  GenotypeReaderOptions options_;
  const Panel* panel_;
  std::unique_ptr<VcfFile> file_;
  bool use_index_ = false;
  std::size_t regions_read_ = 0;
  std::size_t rows_per_block_ = 1;
  std::vector<PanelMatch> matches_;
  int decode_threads_ = 1;
  std::size_t decode_batch_ = 16;
  struct PendingRow {
    const VcfRecord* record;
    int alt_index;
    std::size_t row;
  };
  std::vector<PendingRow> pending_rows_;
  std::vector<std::unique_ptr<VcfRecord>> batch_records_;
  // With several decode threads: the batch being decoded in the background
  // (its rows, the records they read, one error slot per row).
  std::unique_ptr<BackgroundJob> decoder_;
  bool decoding_ = false;
  std::vector<PendingRow> inflight_rows_;
  std::vector<std::unique_ptr<VcfRecord>> inflight_records_;
  std::vector<std::exception_ptr> inflight_errors_;
  void decode_batch(const std::vector<PendingRow>& rows, GenotypeBlock& block, int threads,
                    std::vector<std::exception_ptr>& errors) const;
  void finish_decoding();  // waits for the batch in flight; rethrows its first error in row order
  void before_growing(const GenotypeBlock& block, std::size_t rows);
  std::vector<GenotypeReaderOptions::RowRequest> requests_;

  // Panel positions: (canonical contig, pos) and the panel variants there.
  struct Position {
    std::string contig;
    std::int64_t pos;
    std::vector<std::int32_t> panel_indices;
  };
  std::vector<Position> positions_;
  struct PositionLookup;
  std::unique_ptr<PositionLookup> lookup_;
  // Scan mode: records at the current position, processed together once the
  // scan moves past it (a split multi-allelic site spans several records).
  std::vector<std::unique_ptr<VcfRecord>> pending_;
  const Position* pending_position_ = nullptr;
  std::vector<const VcfRecord*> site_records_;
  std::vector<SiteRowRequest> site_requests_;
  bool exhausted_ = false;
};

}  // namespace ketapgx

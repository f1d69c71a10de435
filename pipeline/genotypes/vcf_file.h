// An open VCF, VCF.gz (BGZF) or BCF file: header, kept samples, and two ways
// to reach records: a sequential scan with a cheap CHROM/POS pre-filter, or
// the records inside a set of regions through the index (tbi/csi).
#pragma once

#include <cstdint>
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "genotypes/hts_handles.h"
#include "genotypes/vcf_record.h"

namespace ketapgx {

struct VcfOpenOptions {
  std::string path;                                      // "-" reads standard input
  int threads = 0;                                       // BGZF inflation pool (0: inflated by the reading thread)
  std::optional<std::vector<std::string>> keep_samples;  // --samples; nullopt keeps all
  std::string keep_samples_file;                         // where keep_samples came from (for messages)
  bool force_samples = false;                            // warn instead of failing on unknown IDs
  bool use_index = true;                                 // use a tbi/csi index when one exists
};

class VcfFile {
 public:
  // Opens and validates the file and its header; throws InputError naming the
  // file and what to do when it is not a readable VCF/BCF.
  explicit VcfFile(const VcfOpenOptions& options);
  ~VcfFile();
  VcfFile(const VcfFile&) = delete;
  VcfFile& operator=(const VcfFile&) = delete;

  const std::string& path() const { return path_; }
  bool is_bcf() const { return is_bcf_; }
  bool has_index() const { return static_cast<bool>(tbx_) || static_cast<bool>(idx_); }
  const SampleLayout& samples() const { return layout_; }
  std::int64_t file_bytes() const { return file_bytes_; }  // -1 for a stream
  // (name, length) of each ##contig line that has a length.
  const std::vector<std::pair<std::string, std::int64_t>>& contig_lengths() const { return contigs_; }

  // Called with (canonical contig, 1-based pos); returns whether the record is wanted.
  using SiteFilter = std::function<bool(const std::string&, std::int64_t)>;

  // Next record of a sequential scan that passes `filter` (every record when
  // `filter` is empty); nullptr at the end of the file.
  std::unique_ptr<VcfRecord> next(const SiteFilter& filter);

  // A stretch of one contig: canonical name, 1-based inclusive bounds.
  struct Region {
    std::string contig;
    std::int64_t begin = 0, end = 0;
  };
  // From now on next() reads only the records that start inside `regions`,
  // through the index, one query per region in file order (contig order of
  // the index, then position): every BGZF block inflated and every record
  // read once when the regions are apart. Requires has_index(). Regions on
  // contigs the index does not have are skipped; returns how many are read.
  std::size_t set_regions(std::vector<Region> regions);

  // Records read so far, by the scan or through the index (wanted or not).
  std::int64_t records_scanned() const { return records_scanned_; }

  // For progress lines, safe to call from another thread: records read and
  // bytes of the file read so far (updated every few records), and the
  // file's size (-1 for a pipe). Through the index only records: the file
  // offset is no measure of the work there.
  struct ReadProgress {
    std::int64_t records = 0, bytes = -1, file_bytes = -1;
  };
  ReadProgress read_progress() const {
    if (region_mode_) return {progress_records_.load(std::memory_order_relaxed), -1, -1};
    return {progress_records_.load(std::memory_order_relaxed), progress_bytes_.load(std::memory_order_relaxed), file_bytes_};
  }

 private:
  std::unique_ptr<VcfRecord> make_text_record(std::string_view line, std::string where) const;
  std::string line_where(std::int64_t data_line, std::string_view chrom, std::int64_t pos) const;
  const std::string& canonical_for_rid(int rid);

  std::string path_;
  bool stream_ = false;  // standard input, a pipe or a FIFO: opened once, never re-read
  bool is_bcf_ = false;
  bool is_bgzf_ = false;
  hts::File file_;
  hts::Header header_;
  hts::Tabix tbx_;
  hts::Index idx_;
  hts::KString line_;
  SampleLayout layout_;
  std::size_t n_file_samples_ = 0;
  std::vector<std::pair<std::string, std::int64_t>> contigs_;
  std::map<std::string, std::string> index_name_;  // canonical contig -> name used by the index
  std::int64_t header_lines_ = -1;                  // known for text files that are not stdin
  std::int64_t records_scanned_ = 0;
  // Region mode (set_regions): the regions left, in order, and the query open on the current one.
  struct OpenRegion {
    int tid;             // index id (tabix tid or BCF rid)
    std::int64_t begin, end;
    std::string contig;  // canonical
  };
  std::vector<OpenRegion> regions_;
  std::size_t next_region_ = 0;
  bool region_mode_ = false;
  hts::Iterator region_itr_;
  std::unique_ptr<VcfRecord> next_in_regions(const SiteFilter& filter);
  // The sequential scan of VCF text reads the decompressed stream in large
  // pieces and splits them at '\n' with memchr: HTSlib's hts_getline looks at
  // one byte at a time and copies every line into a kstring (a sixth of a
  // single-score prs run). `line` (no '\n') stays valid until the next call.
  // 0: a line; -1: end of the data; -2: a read error.
  int scan_line(std::string_view& line);
  std::vector<char> scan_buf_;
  std::size_t scan_begin_ = 0, scan_end_ = 0;
  bool scan_eof_ = false;
  void note_progress();                          // every few records
  bool file_has_records() const;                 // region mode: whether the file holds any record at all
  std::unique_ptr<VcfRecord> end_of_records();  // the final progress figures; nullptr
  std::atomic<std::int64_t> progress_records_{0}, progress_bytes_{-1};
  std::int64_t file_bytes_ = -1;
  bool warned_comment_ = false;
  std::string last_chrom_raw_, last_chrom_canonical_;
  std::vector<std::string> rid_canonical_;
};

// The options every command derives from --vcf, --samples and --force-samples
// (the --samples file is read here); `threads`: the BGZF inflation pool
// (ComputeOptions::budget().bgzf).
VcfOpenOptions vcf_open_options(const std::string& path, int threads, const std::string& samples_file,
                                bool force_samples);

// Reads a --samples file: one sample ID per line, the whole line with its
// surrounding blanks trimmed (as bcftools -S); '#' comments and blank lines
// ignored. Throws on duplicates.
// `option` names the file in messages (--samples, --expect-samples).
std::vector<std::string> read_sample_list(const std::string& path, const std::string& option = "--samples");

}  // namespace ketapgx

#include "genotypes/vcf_file.h"

#include <htslib/bgzf.h>
#include <htslib/hfile.h>
#include <htslib/kseq.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>
#include <sys/stat.h>
#include <unordered_map>

#include "genotypes/bcf_record.h"
#include "genotypes/contig.h"
#include "genotypes/text_record.h"
#include "ketapgx/core/errors.h"
#include "util/input_paths.h"
#include "util/line_reader.h"
#include "util/log.h"
#include "util/text.h"

namespace ketapgx {
namespace {

// The tabix iterator's record reader for VCF text. HTSlib's own
// (tbx_readrec) runs tbx_parse1 over the whole line, every sample column
// included, to find the record's interval: half the time of a region read on
// a wide file. Only CHROM, POS and the length of REF matter for the interval
// (a record reaching into a region from before is not wanted, so INFO/END
// need not be read); this parses just those. `data` is the tbx_t.

int read_text_interval(BGZF* fp, void* data, void* r, int* tid, hts_pos_t* beg, hts_pos_t* end) {
  auto* tbx = static_cast<tbx_t*>(data);
  auto* s = static_cast<kstring_t*>(r);
  int ret;
  do ret = bgzf_getline(fp, '\n', s);
  while (ret >= 0 && s->l && s->s[0] == '#');
  if (ret < 0) return ret;
  const char* p = s->s;
  const char* const e = s->s + s->l;
  const char* tab = static_cast<const char*>(std::memchr(p, '\t', static_cast<std::size_t>(e - p)));
  if (!tab) return -2;
  *tid = tbx_name2id(tbx, std::string(p, tab).c_str());
  hts_pos_t pos = 0;
  for (p = tab + 1; p < e && *p >= '0' && *p <= '9'; ++p) pos = pos * 10 + (*p - '0');
  if (p == tab + 1 || p >= e || *p != '\t' || pos < 1) return -2;
  const char* id_end = static_cast<const char*>(std::memchr(p + 1, '\t', static_cast<std::size_t>(e - p - 1)));
  if (!id_end) return -2;
  const char* ref = id_end + 1;
  const char* ref_end = static_cast<const char*>(std::memchr(ref, '\t', static_cast<std::size_t>(e - ref)));
  if (!ref_end) ref_end = e;
  *beg = pos - 1;
  *end = *beg + std::max<hts_pos_t>(1, ref_end - ref);
  return ret;
}

std::string describe_format(htsFile* f) {
  char* d = hts_format_description(hts_get_format(f));
  std::string out = d ? d : "unknown";
  free(d);
  return out;
}

// Header lines of a text VCF, counted by reading them again, so that messages
// can give true line numbers. -1 when not knowable: a stream (standard input,
// a pipe, a FIFO) can be read only once.
std::int64_t count_header_lines(const std::string& path) {
  if (is_stream(path)) return -1;
  LineReader in(path, "--vcf");
  std::string_view line;
  std::int64_t n = 0;
  while (in.next(line) && !line.empty() && line[0] == '#') ++n;
  return n;
}

// Called when HTSlib could not parse the header: find the reason ourselves
// where it is a common one, so the message can say what to fix.
std::string diagnose_header(const std::string& path) {
  if (is_stream(path)) return "";
  try {
    LineReader in(path, "--vcf");
    std::string_view line;
    while (in.next(line)) {
      if (line.rfind("#CHROM", 0) == 0) {
        const auto f = text::split(line, '\t');
        std::set<std::string_view> seen;
        for (std::size_t i = 9; i < f.size(); ++i) {
          if (!seen.insert(f[i]).second) {
            return "sample ID '" + std::string(f[i]) + "' appears twice in the #CHROM line (line " +
                   std::to_string(in.line_number()) + "); sample IDs must be unique — rename one "
                   "(bcftools reheader --samples)";
          }
        }
        return "";
      }
      if (line.empty() || line[0] != '#') {
        return "data begins at line " + std::to_string(in.line_number()) +
               " before a '#CHROM' header line";
      }
    }
  } catch (const InputError&) {
  }
  return "";
}

// The index file HTSlib would load for `path` (its search order: FILE.csi,
// then FILE with its last extension replaced by .csi, then the same with .tbi
// for VCF.gz), or "" when none exists.
std::string local_index_path(const std::string& path, bool bcf) {
  std::vector<std::string> candidates;
  const std::size_t slash = path.find_last_of('/');
  const std::size_t dot = path.find_last_of('.');
  const bool has_ext = dot != std::string::npos && (slash == std::string::npos || dot > slash);
  for (const char* ext : {".csi", ".tbi"}) {
    if (bcf && std::string(ext) == ".tbi") break;
    candidates.push_back(path + ext);
    if (has_ext) candidates.push_back(path.substr(0, dot) + ext);
  }
  for (const auto& c : candidates) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(c, ec)) return c;
  }
  return "";
}

// Whether `index` was last modified before `data`: records written after the
// index was made are not in it, and a region read would miss them silently.
// Whole seconds, as HTSlib compares them: an index written on the fly
// (bcftools --write-index) is closed a moment before its data file and is
// not stale.
bool index_older_than_data(const std::string& index, const std::string& data) {
  struct stat si {}, sd {};
  if (::stat(index.c_str(), &si) != 0 || ::stat(data.c_str(), &sd) != 0) return false;
  return si.st_mtime < sd.st_mtime;
}

}  // namespace

VcfFile::VcfFile(const VcfOpenOptions& options) : path_(options.path), stream_(is_stream(options.path)) {
  file_.reset(hts_open(path_.c_str(), "r"));
  if (!file_) {
    throw InputError("--vcf " + path_ + ": cannot open (" + std::strerror(errno) +
                     "); check the path (use '-' to read standard input)");
  }
  const htsFormat* fmt = hts_get_format(file_.get());
  if (fmt->category != variant_data || (fmt->format != vcf && fmt->format != bcf)) {
    throw InputError("--vcf " + path_ + ": not a VCF or BCF file (detected: " + describe_format(file_.get()) +
                     "); expected VCF, bgzip-compressed VCF or BCF");
  }
  is_bcf_ = fmt->format == bcf;
  is_bgzf_ = fmt->compression == bgzf;
  if (!stream_) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path_, ec);
    if (!ec) file_bytes_ = static_cast<std::int64_t>(size);
  }
  if (fmt->compression == bgzf && !stream_) {
    // A BGZF file cut at a block boundary reads "successfully" to the cut;
    // the missing end-of-file marker is the only sign. (A stream cannot be
    // checked ahead: end_of_records() looks for the marker when it gets there.)
    if (bgzf_check_EOF(hts_get_bgzfp(file_.get())) == 0) {
      throw InputError("--vcf " + path_ + ": the BGZF end-of-file marker is missing: the file is truncated "
                       "(incomplete download or copy?); re-create it with bgzip or bcftools view -Oz");
    }
  }
  if (options.threads > 0 && fmt->compression == bgzf) {
    if (hts_set_threads(file_.get(), options.threads) != 0)
      log::warn("--threads: could not start decompression threads; reading with one");
  }
  header_.reset(bcf_hdr_read(file_.get()));
  if (!header_) {
    const BGZF* fp = hts_get_bgzfp(file_.get());
    if (fp && fp->errcode)
      throw InputError("--vcf " + path_ + ": the compressed data ends or breaks inside the header: the file is truncated or "
                       "corrupt (an interrupted download or copy? gzip -t shows it); re-create it with bgzip or bcftools view -Oz");
    const std::string why = diagnose_header(path_);
    throw InputError("--vcf " + path_ + ": the VCF header could not be parsed" +
                     (why.empty() ? std::string(" (--verbose shows HTSlib's own message); expected ##fileformat, "
                                               "##meta lines and a #CHROM line")
                                  : ": " + why));
  }

  // Contig lengths, for build detection.
  bcf_hdr_t* h = header_.get();
  for (int i = 0; i < h->n[BCF_DT_CTG]; ++i) {
    const char* name = h->id[BCF_DT_CTG][i].key;
    const bcf_hrec_t* hrec = h->id[BCF_DT_CTG][i].val ? h->id[BCF_DT_CTG][i].val->hrec[0] : nullptr;
    std::int64_t length = 0;
    if (hrec) {
      const int k = bcf_hrec_find_key(const_cast<bcf_hrec_t*>(hrec), "length");
      // A length that is not a whole number (or absent) gives no build evidence.
      if (k >= 0 && hrec->vals[k]) length = text::parse_int(hrec->vals[k]).value_or(0);
    }
    if (length > 0) contigs_.emplace_back(name, length);
  }

  // Samples: all, or the --samples subset in file order.
  n_file_samples_ = static_cast<std::size_t>(bcf_hdr_nsamples(h));
  if (n_file_samples_ == 0) {
    throw InputError("--vcf " + path_ + ": the file has no sample columns (sites-only VCF); "
                     "ketapgx needs per-sample genotypes");
  }
  std::unordered_map<std::string_view, std::size_t> in_file;  // views into the header's names (no copies: a biobank has 500,000)
  in_file.reserve(n_file_samples_);
  layout_.names.reserve(n_file_samples_);
  for (std::size_t j = 0; j < n_file_samples_; ++j) {
    if (!in_file.emplace(h->samples[j], j).second) {
      throw InputError("--vcf " + path_ + ": sample ID '" + h->samples[j] +
                       "' appears twice in the header; sample IDs must be unique");
    }
  }
  layout_.column_to_out.assign(n_file_samples_, -1);
  if (options.keep_samples) {
    std::vector<char> keep(n_file_samples_, 0);
    std::vector<std::string> unknown;
    for (const std::string& s : *options.keep_samples) {
      auto it = in_file.find(s);
      if (it == in_file.end()) unknown.push_back(s);
      else keep[it->second] = 1;
    }
    if (!unknown.empty()) {
      std::string list;
      for (std::size_t i = 0; i < unknown.size() && i < 5; ++i) list += (i ? ", " : "") + unknown[i];
      if (unknown.size() > 5) list += ", ...";
      std::string msg = "--samples " + options.keep_samples_file + ": " + std::to_string(unknown.size()) + " sample ID(s) are not in " +
                        path_ + " (" + list + ")";
      for (const std::string& u : unknown)
        if (u.find_first_of(" \t") != std::string::npos) {
          msg += "; a line holds several words ('" + u + "'): the file takes one whole sample ID per line (from a PLINK "
                 "FID IID list, keep the IID column only: cut -f2)";
          break;
        }
      if (!options.force_samples) throw InputError(msg + "; fix the list or add --force-samples to skip them");
      log::warn(msg + "; skipped (--force-samples)");
    }
    for (std::size_t j = 0; j < n_file_samples_; ++j) {
      if (!keep[j]) continue;
      layout_.column_to_out[j] = static_cast<std::int32_t>(layout_.names.size());
      layout_.names.emplace_back(h->samples[j]);
    }
    if (layout_.names.empty()) throw InputError("--samples " + options.keep_samples_file + ": none of the listed samples is in " + path_);
    if (is_bcf_) {
      const std::string joined = text::join(layout_.names, ",");
      if (bcf_hdr_set_samples(h, joined.c_str(), 0) != 0)
        throw InputError("--samples: HTSlib could not subset the samples of " + path_);
    }
  } else {
    for (std::size_t j = 0; j < n_file_samples_; ++j) {
      layout_.column_to_out[j] = static_cast<std::int32_t>(j);
      layout_.names.emplace_back(h->samples[j]);
    }
  }

  // Index, for region queries.
  bool index_usable = options.use_index && !stream_ && fmt->compression == bgzf;
  if (index_usable && path_.find(HTS_IDX_DELIM) == std::string::npos) {
    const std::string index = local_index_path(path_, is_bcf_);
    if (!index.empty() && index_older_than_data(index, path_)) {
      log::warn("--vcf " + path_ + ": its index " + index + " is older than the file, so records written after indexing "
                "would be missed; reading the whole file instead (re-index it: " +
                (index.size() > 4 && index.compare(index.size() - 4, 4, ".csi") == 0 ? "bcftools index -f " : "tabix -f -p vcf ") +
                path_ + ")");
      index_usable = false;
    }
  }
  if (index_usable) {
    if (is_bcf_) {
      idx_.reset(bcf_index_load3(path_.c_str(), nullptr, HTS_IDX_SILENT_FAIL));
      if (idx_) {
        for (int i = 0; i < h->n[BCF_DT_CTG]; ++i) {
          const char* name = h->id[BCF_DT_CTG][i].key;
          index_name_.emplace(canonical_contig(name), name);
        }
      }
    } else {
      tbx_.reset(tbx_index_load3(path_.c_str(), nullptr, HTS_IDX_SILENT_FAIL));
      if (tbx_) {
        int n = 0;
        const char** names = tbx_seqnames(tbx_.get(), &n);
        for (int i = 0; i < n; ++i) index_name_.emplace(canonical_contig(names[i]), names[i]);
        free(names);
      }
    }
  }
  if (!is_bcf_) header_lines_ = count_header_lines(path_);
}

VcfFile::~VcfFile() = default;

std::string VcfFile::line_where(std::int64_t data_line, std::string_view chrom, std::int64_t pos) const {
  std::string w = "--vcf " + path_;
  if (header_lines_ >= 0) w += " line " + std::to_string(header_lines_ + data_line);
  else w += " data line " + std::to_string(data_line);
  if (!chrom.empty()) w += " (" + std::string(chrom) + ":" + std::to_string(pos) + ")";
  return w;
}

std::unique_ptr<VcfRecord> VcfFile::make_text_record(std::string_view line, std::string where) const {
  return std::make_unique<TextRecord>(std::string(line), std::move(where), layout_, n_file_samples_);
}

const std::string& VcfFile::canonical_for_rid(int rid) {
  if (rid < 0) throw InputError("--vcf " + path_ + ": a record names no contig (corrupt BCF?)");
  if (static_cast<std::size_t>(rid) >= rid_canonical_.size()) rid_canonical_.resize(rid + 1);
  std::string& c = rid_canonical_[static_cast<std::size_t>(rid)];
  if (c.empty()) c = canonical_contig(bcf_hdr_id2name(header_.get(), rid));
  return c;
}

int VcfFile::scan_line(std::string_view& line) {
  constexpr std::size_t kInitialBuffer = std::size_t{4} << 20;
  while (true) {
    const char* b = scan_buf_.data() + scan_begin_;
    const std::size_t avail = scan_end_ - scan_begin_;
    if (const void* nl = avail ? std::memchr(b, '\n', avail) : nullptr) {
      const std::size_t len = static_cast<std::size_t>(static_cast<const char*>(nl) - b);
      line = std::string_view(b, len);
      scan_begin_ += len + 1;
      return 0;
    }
    if (scan_eof_) {
      if (avail == 0) return -1;
      line = std::string_view(b, avail);  // a last line without its newline
      scan_begin_ = scan_end_;
      return 0;
    }
    // Keep the partial line, at the front; a line longer than the buffer doubles it.
    if (scan_begin_ > 0) {
      std::memmove(scan_buf_.data(), b, avail);
      scan_begin_ = 0;
      scan_end_ = avail;
    }
    if (scan_buf_.size() < kInitialBuffer) scan_buf_.resize(kInitialBuffer);
    else if (scan_end_ == scan_buf_.size()) scan_buf_.resize(scan_buf_.size() * 2);
    htsFile* f = file_.get();
    const ssize_t n = f->format.compression == no_compression
                          ? hread(f->fp.hfile, scan_buf_.data() + scan_end_, scan_buf_.size() - scan_end_)
                          : bgzf_read(f->fp.bgzf, scan_buf_.data() + scan_end_, scan_buf_.size() - scan_end_);
    if (n < 0) return -2;
    if (n == 0) scan_eof_ = true;
    scan_end_ += static_cast<std::size_t>(n);
  }
}

void VcfFile::note_progress() {
  // A relaxed store every 16 records: negligible beside parsing one.
  if (records_scanned_ % 16 != 0) return;
  progress_records_.store(records_scanned_, std::memory_order_relaxed);
  htsFile* f = file_.get();
  if (BGZF* fp = hts_get_bgzfp(f)) progress_bytes_.store(htell(fp->fp), std::memory_order_relaxed);
  else if (f->format.compression == no_compression && !f->is_bgzf) progress_bytes_.store(htell(f->fp.hfile), std::memory_order_relaxed);
}

std::unique_ptr<VcfRecord> VcfFile::end_of_records() {
  // A BGZF stream cut at a block boundary ends without the end-of-file
  // marker, and HTSlib then only logs a warning (a file was checked when opened).
  if (is_bgzf_ && !region_mode_) {
    const BGZF* fp = hts_get_bgzfp(file_.get());
    if (fp && fp->no_eof_block)
      throw InputError("--vcf " + path_ + ": the BGZF data ends without its end-of-file marker after " +
                       std::to_string(records_scanned_) + " record(s): the input is truncated (an interrupted download, copy "
                       "or pipe?); re-create it with bgzip or bcftools view -Oz");
  }
  // A VCF of a header and no records would give every person a prediction
  // from imputed means alone: refused, as plink2 does. Through the index,
  // an empty read only says no panel variant is there, unless the index says
  // the whole file holds no record.
  if (records_scanned_ == 0 && (!region_mode_ || !file_has_records()))
    throw InputError("--vcf " + path_ + " holds no data records (a header only): there is nothing to read; check how it was "
                     "made (bcftools view -H " + path_ + " | head)");
  progress_records_.store(records_scanned_, std::memory_order_relaxed);
  if (file_bytes_ >= 0) progress_bytes_.store(file_bytes_, std::memory_order_relaxed);
  return nullptr;
}

bool VcfFile::file_has_records() const {
  // A second look from the start (a region read is of a regular file, which
  // can be opened again): one record is enough.
  hts::File f(hts_open(path_.c_str(), "r"));
  if (!f) return true;
  hts::Header h(bcf_hdr_read(f.get()));
  if (!h) return true;
  hts::Record rec(bcf_init());
  return bcf_read(f.get(), h.get(), rec.get()) != -1;
}

std::size_t VcfFile::set_regions(std::vector<Region> regions) {
  regions_.clear();
  for (const Region& r : regions) {
    auto name_it = index_name_.find(r.contig);
    if (name_it == index_name_.end()) continue;
    const int tid = tbx_ ? tbx_name2id(tbx_.get(), name_it->second.c_str()) : bcf_hdr_name2id(header_.get(), name_it->second.c_str());
    if (tid < 0) continue;
    regions_.push_back(OpenRegion{tid, r.begin, r.end, r.contig});
  }
  std::sort(regions_.begin(), regions_.end(),
            [](const OpenRegion& a, const OpenRegion& b) { return a.tid != b.tid ? a.tid < b.tid : a.begin < b.begin; });
  next_region_ = 0;
  region_itr_.reset();
  region_mode_ = true;
  return regions_.size();
}

std::unique_ptr<VcfRecord> VcfFile::next_in_regions(const SiteFilter& filter) {
  while (true) {
    if (!region_itr_) {
      if (next_region_ >= regions_.size()) return end_of_records();
      const OpenRegion& r = regions_[next_region_];
      region_itr_.reset(tbx_ ? hts_itr_query(tbx_->idx, r.tid, r.begin - 1, r.end, read_text_interval)
                             : bcf_itr_queryi(idx_.get(), r.tid, r.begin - 1, r.end));
      if (!region_itr_) {
        if (tbx_) throw InputError("--vcf " + path_ + ": index query for " + r.contig + ":" + std::to_string(r.begin) + "-" +
                                   std::to_string(r.end) + " failed (corrupt .tbi/.csi? re-index with tabix -p vcf)");
        ++next_region_;  // contig in the header without indexed records
        continue;
      }
    }
    const OpenRegion& r = regions_[next_region_];
    hts::Record rec(tbx_ ? nullptr : bcf_init());  // BCF; VCF text is read into line_
    const int rc = tbx_ ? hts_itr_next(hts_get_bgzfp(file_.get()), region_itr_.get(), line_.get(), tbx_.get())
                        : bcf_itr_next(file_.get(), region_itr_.get(), rec.get());
    if (rc < -1) throw InputError("--vcf " + path_ + ": read error through the index near " + r.contig + ":" + std::to_string(r.begin) +
                                  " (truncated file or stale index?)");
    if (rc == -1) {  // the region is done
      region_itr_.reset();
      ++next_region_;
      continue;
    }
    // bcf_read applies the header's --samples subset to each record; the
    // index iterator does not (its records keep every sample column, so
    // column k would be read as the k-th kept person): apply it here.
    if (!tbx_ && header_->keep_samples && bcf_subset_format(header_.get(), rec.get()) != 0)
      throw InputError("--vcf " + path_ + ": a BCF record near " + r.contig + ":" + std::to_string(r.begin) +
                       " could not be subset to the --samples people (corrupt BCF?); re-create it with bcftools view -Ob");
    ++records_scanned_;
    note_progress();
    std::int64_t pos = 0;
    std::string_view line, chrom;
    if (tbx_) {
      line = std::string_view(line_.data(), line_.size());
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (!peek_chrom_pos(line, chrom, pos))
        make_text_record(line, "--vcf " + path_ + " record in " + r.contig + ":" + std::to_string(r.begin) + "-" + std::to_string(r.end));
    } else {
      chrom = bcf_hdr_id2name(header_.get(), rec->rid);
      pos = rec->pos + 1;
    }
    // Only records that start in the region (one that overlaps it from
    // before belongs to an earlier region, or to none), and wanted ones.
    if (pos < r.begin || pos > r.end || (filter && !filter(r.contig, pos))) continue;
    const std::string where = "--vcf " + path_ + " record at " + std::string(chrom) + ":" + std::to_string(pos);
    if (tbx_) return make_text_record(line, where);
    return std::make_unique<BcfRecord>(std::move(rec), header_.get(), where, r.contig);
  }
}

std::unique_ptr<VcfRecord> VcfFile::next(const SiteFilter& filter) {
  if (region_mode_) return next_in_regions(filter);
  if (is_bcf_) {
    while (true) {
      hts::Record rec(bcf_init());
      const int rc = bcf_read(file_.get(), header_.get(), rec.get());
      if (rc == -1) return end_of_records();
      if (rc < -1) {
        throw InputError("--vcf " + path_ + ": BCF record " + std::to_string(records_scanned_ + 1) +
                         " could not be read (truncated or corrupt file); re-create it with bcftools view -Ob");
      }
      ++records_scanned_;
      note_progress();
      const std::string& contig = canonical_for_rid(rec->rid);
      const std::int64_t pos = rec->pos + 1;
      if (filter && !filter(contig, pos)) continue;
      std::string where = "--vcf " + path_ + " record " + std::to_string(records_scanned_) + " (" +
                          bcf_hdr_id2name(header_.get(), rec->rid) + ":" + std::to_string(pos) + ")";
      return std::make_unique<BcfRecord>(std::move(rec), header_.get(), std::move(where), contig);
    }
  }
  while (true) {
    std::string_view line;
    const int rc = scan_line(line);
    if (rc == -1) return end_of_records();
    if (rc < -1) {
      throw InputError(line_where(records_scanned_ + 1, "", 0) +
                       ": read error (truncated or corrupt compressed data); re-create the file with bgzip");
    }
    ++records_scanned_;
    note_progress();
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (line[0] == '#') {
      // Not valid VCF, but some hand-made files annotate their data this way
      // (PharmCAT's test files among them): skip, and say so once.
      if (!warned_comment_) {
        log::warn(line_where(records_scanned_, "", 0) + ": comment line inside the data skipped");
        warned_comment_ = true;
      }
      continue;
    }
    std::string_view chrom;
    std::int64_t pos = 0;
    if (!peek_chrom_pos(line, chrom, pos)) {
      // Let the full parser say precisely what is wrong.
      make_text_record(line, line_where(records_scanned_, "", 0));
      throw InputError(line_where(records_scanned_, "", 0) + ": malformed data line");
    }
    if (filter) {
      if (chrom != last_chrom_raw_) {
        last_chrom_raw_ = std::string(chrom);
        last_chrom_canonical_ = canonical_contig(chrom);
      }
      if (!filter(last_chrom_canonical_, pos)) continue;
    }
    return make_text_record(line, line_where(records_scanned_, chrom, pos));
  }
}

VcfOpenOptions vcf_open_options(const std::string& path, int threads, const std::string& samples_file,
                                bool force_samples) {
  VcfOpenOptions vo;
  vo.path = path;
  vo.threads = threads;
  vo.force_samples = force_samples;
  if (!samples_file.empty()) {
    vo.keep_samples = read_sample_list(samples_file);
    vo.keep_samples_file = samples_file;
  }
  return vo;
}

std::vector<std::string> read_sample_list(const std::string& path, const std::string& option) {
  LineReader in(path, option);
  std::vector<std::string> out;
  std::unordered_map<std::string, long> seen;
  std::string_view line;
  while (in.next(line)) {
    line = text::trim(line);
    if (line.empty() || line[0] == '#') continue;
    // The whole line is the ID, as bcftools -S reads it: taking its first
    // word would turn a line 'a b' into another person, 'a'.
    const std::string id(line);
    if (auto it = seen.find(id); it != seen.end()) {
      throw InputError(option + " " + path + " line " + std::to_string(in.line_number()) + ": sample ID '" + id +
                       "' already listed on line " + std::to_string(it->second));
    }
    seen.emplace(id, in.line_number());
    out.push_back(id);
  }
  if (out.empty()) throw InputError(option + " " + path + ": the file lists no sample IDs");
  return out;
}

}  // namespace ketapgx

#include "genotypes/text_record.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "genotypes/contig.h"
#include "genotypes/gt_row.h"
#include "ketapgx/core/errors.h"
#include "util/text.h"

namespace ketapgx {
namespace {

bool valid_ref(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    switch (c) {
      case 'A': case 'C': case 'G': case 'T': case 'N':
      case 'a': case 'c': case 'g': case 't': case 'n': break;
      default: return false;
    }
  }
  return true;
}

constexpr int kNotOneDigit = -100;
// '0'-'9' -> 0-9, '.' -> missing, anything else -> kNotOneDigit.
inline int one_digit_allele(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  return c == '.' ? kAlleleMissing : kNotOneDigit;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

}  // namespace

bool peek_chrom_pos(std::string_view line, std::string_view& chrom, std::int64_t& pos) {
  const std::size_t t1 = line.find('\t');
  if (t1 == std::string_view::npos || t1 == 0) return false;
  const std::size_t t2 = line.find('\t', t1 + 1);
  const char* b = line.data() + t1 + 1;
  const char* e = t2 == std::string_view::npos ? line.data() + line.size() : line.data() + t2;
  const auto [ptr, ec] = std::from_chars(b, e, pos);
  if (ec != std::errc() || ptr != e) return false;
  chrom = line.substr(0, t1);
  return true;
}

TextRecord::TextRecord(std::string line, std::string where, const SampleLayout& layout,
                       std::size_t n_file_samples)
    : line_(std::move(line)), layout_(&layout), n_file_samples_(n_file_samples) {
  where_ = std::move(where);
  const std::string_view s(line_);
  // Fixed columns CHROM POS ID REF ALT QUAL FILTER INFO, then FORMAT and samples.
  std::size_t start = 0;
  std::string_view col[9];
  int n = 0;
  for (; n < 9; ++n) {
    const std::size_t tab = s.find('\t', start);
    col[n] = s.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start);
    if (tab == std::string_view::npos) {
      ++n;
      start = s.size() + 1;
      break;
    }
    start = tab + 1;
  }
  if (n < 8) {
    fail("expected at least 8 tab-separated columns (CHROM POS ID REF ALT QUAL FILTER INFO), found " +
         std::to_string(n) + "; is the line truncated or space-separated?");
  }
  site_.chrom = std::string(col[0]);
  site_.contig = canonical_contig(col[0]);
  const auto pos = text::parse_int(col[1]);
  if (!pos || *pos < 1) fail("POS '" + std::string(col[1]) + "' is not a positive integer");
  site_.pos = *pos;
  site_.id = std::string(col[2]);
  if (!valid_ref(col[3])) fail("REF '" + std::string(col[3]) + "' is not a DNA sequence (A, C, G, T, N)");
  site_.ref = upper(col[3]);
  if (col[4] != ".") {
    for (std::string_view a : text::split(col[4], ',')) {
      if (a.empty()) fail("ALT '" + std::string(col[4]) + "' has an empty allele");
      site_.alts.push_back(a.front() == '<' ? std::string(a) : upper(a));
    }
  }
  if (n_file_samples_ == 0) return;
  if (n < 9 || start > s.size()) {
    fail("expected FORMAT and " + std::to_string(n_file_samples_) +
         " sample columns (as in the #CHROM header line), found none");
  }
  samples_begin_ = start;
  const auto keys = text::split(col[8], ':');
  for (std::size_t k = 0; k < keys.size(); ++k) {
    if (keys[k] == "GT") {
      if (k != 0) fail("FORMAT/GT must be the first FORMAT field (VCF 4.x)");
      has_gt_ = true;
    } else if (keys[k] == "DS") {
      ds_field_ = static_cast<int>(k);
    } else if (keys[k] == "PS") {
      ps_field_ = static_cast<int>(k);
    }
  }
}

void TextRecord::fail(const std::string& what) const { throw InputError(where_ + ": " + what); }

std::string TextRecord::sample_label(std::size_t column) const {
  const std::int32_t o = layout_->column_to_out[column];
  return "sample " + (o >= 0 ? layout_->names[static_cast<std::size_t>(o)] + " " : std::string()) + "(column " +
         std::to_string(column + 10) + ")";
}

template <typename F>
void TextRecord::for_each_kept_sample(F&& f) const {
  const char* p = line_.data() + samples_begin_;
  const char* end = line_.data() + line_.size();
  std::size_t j = 0;
  for (; j < n_file_samples_; ++j) {
    if (p > end) break;
    const char* tab = static_cast<const char*>(std::memchr(p, '\t', static_cast<std::size_t>(end - p)));
    const char* col_end = tab ? tab : end;
    const std::int32_t o = layout_->column_to_out[j];
    if (o >= 0) f(static_cast<std::size_t>(o), std::string_view(p, static_cast<std::size_t>(col_end - p)), j);
    if (!tab) {
      ++j;
      p = end + 1;
      break;
    }
    p = tab + 1;
  }
  if (j != n_file_samples_ || p <= end) fail_column_count(j, p, end);
}

void TextRecord::fail_column_count(std::size_t columns_seen, const char* p, const char* end) const {
  std::size_t found = columns_seen;
  if (p <= end) found += 1 + static_cast<std::size_t>(std::count(p, end, '\t'));
  fail("expected " + std::to_string(n_file_samples_) + " sample columns (as in the #CHROM header line), found " +
       std::to_string(found));
}

GenotypeCode TextRecord::parse_gt(std::string_view col, std::size_t j, int n_alleles, int row_allele) const {
  // Fast path for the one-digit diploid call ("0/1", "1|0", "./.") that
  // nearly every genotype is; anything else takes the general parser below.
  if (col.size() >= 3 && (col.size() == 3 || col[3] == ':') && (col[1] == '/' || col[1] == '|')) {
    const int a = one_digit_allele(col[0]), b = one_digit_allele(col[2]);
    if (a != kNotOneDigit && b != kNotOneDigit && a < n_alleles && b < n_alleles)
      return encode_genotype(a, b, col[1] == '|', row_allele);
  }
  const char* p = col.data();
  const char* end = col.data() + col.size();
  const char* gt_end = static_cast<const char*>(std::memchr(p, ':', col.size()));
  if (!gt_end) gt_end = end;
  // VCF 4.4 allows an explicit phase prefix ("|0"); it does not change the call.
  if (p < gt_end && (*p == '|' || *p == '/')) ++p;
  const std::string gt_text(col.substr(0, static_cast<std::size_t>(gt_end - col.data())));
  auto malformed = [&]() {
    fail(sample_label(j) + " has malformed GT '" + gt_text + "'; expected alleles like 0/1, 1|0, ./., 0 or . (allele "
         "numbers, or '.', separated by '/' or '|')");
  };
  int alleles[2] = {kAlleleAbsent, kAlleleAbsent};
  int ploidy = 0;
  bool phased = false;
  // Alleles are unsigned decimal numbers or '.', each separator followed by an
  // allele: "-1/0", "0|", ".|" and "0/1/" are refused, as bcftools refuses them.
  while (true) {
    if (p >= gt_end) malformed();
    int a = kAlleleMissing;
    if (*p == '.') {
      a = kAlleleMissing;
      ++p;
    } else if (*p >= '0' && *p <= '9') {
      unsigned value = 0;
      const auto [ptr, ec] = std::from_chars(p, gt_end, value);
      if (ec != std::errc() || value >= static_cast<unsigned>(n_alleles)) {
        fail(sample_label(j) + " GT '" + gt_text + "' names allele " + std::string(p, ptr) + " but the record has " +
             std::to_string(n_alleles - 1) + " ALT allele(s)");
      }
      a = static_cast<int>(value);
      p = ptr;
    } else {
      malformed();
    }
    if (ploidy == 2) {
      fail(sample_label(j) + " GT '" + gt_text + "' has more than two alleles; ketapgx reads haploid and diploid calls only");
    }
    alleles[ploidy++] = a;
    if (p < gt_end && (*p == '/' || *p == '|')) {
      if (ploidy == 1) phased = *p == '|';
      ++p;
      continue;
    }
    break;
  }
  if (p != gt_end) malformed();
  return encode_genotype(alleles[0], alleles[1], phased, row_allele);
}

void TextRecord::decode_gt(int row_allele, GenotypeCode* out) const {
  if (!has_gt_) fail("no FORMAT/GT field; expected genotype calls (or use --dosages with a DS field)");
  const int n_alleles = 1 + static_cast<int>(site_.alts.size());
  // The column walk of for_each_kept_sample, specialised: a GT-only column of
  // three characters ends at p + 3, so no search for the next tab is needed.
  const char* p = line_.data() + samples_begin_;
  const char* end = line_.data() + line_.size();
  const std::int32_t* to_out = layout_->column_to_out.data();
  // The whole row at once when every column is a one-digit diploid call
  // (the usual hard-called file: columns exactly 4 bytes apart). Any other
  // row goes through the column walk below, which accepts or refuses it as
  // before (rewriting every output the fast path wrote).
  if (n_file_samples_ > 0 && static_cast<std::size_t>(end - p) + 1 == 4 * n_file_samples_ &&
      decode_simple_gt_row(p, n_file_samples_, n_alleles, row_allele,
                           layout_->n_kept() == n_file_samples_ ? nullptr : to_out, out))
    return;
  // The bits each one-digit allele character ('.', '0'-'9') gives haplotype 1
  // and 2 of this row; 0xFF marks characters the fast path does not take.
  std::uint8_t hap1[256], hap2[256];
  std::memset(hap1, 0xFF, sizeof hap1);
  std::memset(hap2, 0xFF, sizeof hap2);
  hap1[static_cast<unsigned char>('.')] = gt::kHap1Miss;
  hap2[static_cast<unsigned char>('.')] = gt::kHap2Miss;
  for (int a = 0; a < n_alleles && a <= 9; ++a) {
    const GenotypeCode c = encode_genotype(a, a, false, row_allele);
    hap1[static_cast<unsigned char>('0' + a)] = c & (gt::kHap1Alt | gt::kHap1Other);
    hap2[static_cast<unsigned char>('0' + a)] = c & (gt::kHap2Alt | gt::kHap2Other);
  }
  std::size_t j = 0;
  for (; j < n_file_samples_ && p <= end; ++j) {
    const char* col_end;
    if (end - p >= 3 && (p[1] == '/' || p[1] == '|') && p[2] != '\t' && (p + 3 == end || p[3] == '\t')) {
      col_end = p + 3;
      const std::uint8_t b1 = hap1[static_cast<unsigned char>(p[0])], b2 = hap2[static_cast<unsigned char>(p[2])];
      const std::int32_t o = to_out[j];
      if (b1 != 0xFF && b2 != 0xFF) {
        if (o >= 0) out[o] = static_cast<GenotypeCode>(b1 | b2 | (p[1] == '|' ? gt::kPhased : 0));
        p = col_end + 1;
        continue;
      }
    } else {
      col_end = static_cast<const char*>(std::memchr(p, '\t', static_cast<std::size_t>(end - p)));
      if (!col_end) col_end = end;
    }
    const std::int32_t o = to_out[j];
    if (o >= 0) out[o] = parse_gt(std::string_view(p, static_cast<std::size_t>(col_end - p)), j, n_alleles, row_allele);
    p = col_end + 1;
  }
  if (j != n_file_samples_ || p <= end) fail_column_count(j, p, end);
}

std::string_view TextRecord::format_field(std::string_view column, int field) {
  std::size_t start = 0;
  for (int k = 0; k < field; ++k) {
    const std::size_t c = column.find(':', start);
    if (c == std::string_view::npos) return {};
    start = c + 1;
  }
  const std::size_t c = column.find(':', start);
  return column.substr(start, c == std::string_view::npos ? std::string_view::npos : c - start);
}

void TextRecord::decode_ds(int row_allele, float* out) const {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  for_each_kept_sample([&](std::size_t o, std::string_view col, std::size_t j) {
    const std::string_view v = format_field(col, ds_field_);
    if (v.empty() || v == ".") {
      out[o] = nan;
      return;
    }
    // One ALT, one value (nearly every record of an imputed file): no split.
    if (site_.alts.size() == 1 && v.find(',') == std::string_view::npos) {
      const auto d = text::parse_double(v);
      if (!d || *d < 0.0) fail(sample_label(j) + " DS '" + std::string(v) + "' is not a dosage (a number from 0 to the ploidy)");
      out[o] = static_cast<float>(*d);
      return;
    }
    const auto values = text::split(v, ',');
    // DS is Number=A; a single value on a multi-allelic record is ambiguous.
    if (values.size() != site_.alts.size()) {
      fail(sample_label(j) + " DS '" + std::string(v) + "' has " +
           std::to_string(values.size()) + " value(s); expected one per ALT allele (" +
           std::to_string(site_.alts.size()) + ")");
    }
    // The row's ALT, or (row_allele 0) every ALT together.
    double sum = 0;
    for (std::size_t k = 0; k < values.size(); ++k) {
      if (row_allele > 0 && k + 1 != static_cast<std::size_t>(row_allele)) continue;
      const std::string_view x = values[k];
      if (x == ".") {
        out[o] = nan;
        return;
      }
      const auto d = text::parse_double(x);
      if (!d || *d < 0.0) fail(sample_label(j) + " DS '" + std::string(x) + "' is not a dosage (a number from 0 to the ploidy)");
      sum += *d;
    }
    out[o] = static_cast<float>(sum);
  });
}

void TextRecord::decode_ps(std::int32_t* out) const {
  for_each_kept_sample([&](std::size_t o, std::string_view col, std::size_t j) {
    const std::string_view v = format_field(col, ps_field_);
    if (v.empty() || v == ".") {
      out[o] = 0;
      return;
    }
    const auto ps = text::parse_int(v);
    if (!ps || *ps < 0 || *ps > std::numeric_limits<std::int32_t>::max()) {
      fail(sample_label(j) + " PS '" + std::string(v) + "' is not a non-negative integer");
    }
    out[o] = static_cast<std::int32_t>(*ps);
  });
}

}  // namespace ketapgx

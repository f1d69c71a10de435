// Private to genotypes/: a record of a VCF text file, decoded by ketapgx's own
// genotype-column parser (HTSlib still does BGZF, header, index and line reading).
#pragma once

#include <string>
#include <string_view>

#include "genotypes/vcf_record.h"

namespace ketapgx {

// The CHROM and POS of a data line without parsing the rest; false when the
// line has fewer than two columns or POS is not a number.
bool peek_chrom_pos(std::string_view line, std::string_view& chrom, std::int64_t& pos);

class TextRecord final : public VcfRecord {
 public:
  // Parses the fixed columns and FORMAT of `line`. `where` names the file and
  // line for messages; `n_file_samples` is the number of sample columns in the header.
  TextRecord(std::string line, std::string where, const SampleLayout& layout,
             std::size_t n_file_samples);

  bool has_gt() const override { return has_gt_; }
  bool has_ds() const override { return ds_field_ >= 0; }
  bool has_ps() const override { return ps_field_ >= 0; }
  void decode_gt(int row_allele, GenotypeCode* out) const override;
  void decode_ds(int row_allele, float* out) const override;
  void decode_ps(std::int32_t* out) const override;

 private:
  // Calls f(out_index, column_text) for every kept sample column.
  template <typename F>
  void for_each_kept_sample(F&& f) const;
  // The `field`-th ':'-separated entry of a sample column ("" when absent).
  static std::string_view format_field(std::string_view column, int field);
  // One sample's GT (column j of the file) -> its code.
  GenotypeCode parse_gt(std::string_view column, std::size_t j, int n_alleles, int row_allele) const;
  [[noreturn]] void fail(const std::string& what) const;
  std::string sample_label(std::size_t column) const;  // "sample NA12878 (column 10)"
  [[noreturn]] void fail_column_count(std::size_t columns_seen, const char* p, const char* end) const;

  std::string line_;
  std::size_t samples_begin_ = std::string::npos;  // offset of the first sample column
  bool has_gt_ = false;
  int ds_field_ = -1;
  int ps_field_ = -1;
  const SampleLayout* layout_;
  std::size_t n_file_samples_;
};

}  // namespace ketapgx

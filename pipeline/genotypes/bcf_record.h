// Private to genotypes/: a record decoded by HTSlib (BCF input, and VCF records
// read through a tabix index when HTSlib's own parser is wanted).
#pragma once

#include "genotypes/hts_handles.h"
#include "genotypes/vcf_record.h"

namespace ketapgx {

class BcfRecord final : public VcfRecord {
 public:
  // Takes ownership of `rec` (already read, sample-subset by the header).
  BcfRecord(hts::Record rec, bcf_hdr_t* hdr, std::string where, std::string contig);

  bool has_gt() const override;
  bool has_ds() const override;
  bool has_ps() const override;
  void decode_gt(int row_allele, GenotypeCode* out) const override;
  void decode_ds(int row_allele, float* out) const override;
  void decode_ps(std::int32_t* out) const override;

 private:
  bool has_format(const char* tag) const;
  [[noreturn]] void fail(const std::string& what) const;

  hts::Record rec_;
  bcf_hdr_t* hdr_;
};

}  // namespace ketapgx

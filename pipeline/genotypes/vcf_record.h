// One VCF/BCF record as the pipeline sees it: the site (CHROM POS ID REF ALT)
// and decoders that turn its genotype columns into the compact encoding of
// ketapgx/core/genotype_code.h for one ALT allele at a time.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ketapgx/core/genotype_code.h"

namespace ketapgx {

struct Site {
  std::string chrom;               // as written in the file
  std::string contig;              // canonical_contig(chrom)
  std::int64_t pos = 0;            // 1-based
  std::string id;                  // "." when absent
  std::string ref;
  std::vector<std::string> alts;   // empty when ALT is '.'
};

// Sentinels for encode_genotype's allele arguments.
constexpr int kAlleleMissing = -1;  // '.'
constexpr int kAlleleAbsent = -2;   // no second haplotype (haploid call)

// The code of one call. a1, a2: allele indices (0 = REF, k = k-th ALT) or the
// sentinels above; row_allele: the ALT index this row describes (0 when the
// row's allele is not among the record's ALTs: every ALT is then "other").
inline GenotypeCode encode_genotype(int a1, int a2, bool phased, int row_allele) {
  auto hap = [row_allele](int a, GenotypeCode alt, GenotypeCode miss, GenotypeCode other) -> GenotypeCode {
    if (a == kAlleleMissing) return miss;
    if (a == 0) return 0;
    return (row_allele > 0 && a == row_allele) ? alt : other;
  };
  GenotypeCode code = hap(a1, gt::kHap1Alt, gt::kHap1Miss, gt::kHap1Other);
  if (a2 == kAlleleAbsent) return static_cast<GenotypeCode>(code | gt::kHaploid);
  code = static_cast<GenotypeCode>(code | hap(a2, gt::kHap2Alt, gt::kHap2Miss, gt::kHap2Other));
  return phased ? static_cast<GenotypeCode>(code | gt::kPhased) : code;
}

// Where sample columns map to: the kept samples, in file order.
struct SampleLayout {
  std::vector<std::string> names;         // kept sample IDs, in file order
  std::vector<std::int32_t> column_to_out;  // per sample column of the file: output index or -1
  std::size_t n_kept() const { return names.size(); }
};

class VcfRecord {
 public:
  virtual ~VcfRecord() = default;

  const Site& site() const { return site_; }
  // "FILE line 57 (chr19:41006936)" or "FILE record at chr19:41006936": for messages.
  const std::string& where() const { return where_; }

  virtual bool has_gt() const = 0;
  virtual bool has_ds() const = 0;
  virtual bool has_ps() const = 0;

  // Fills out[0 .. n_kept) with the codes for ALT index `row_allele` (see
  // encode_genotype). Throws InputError on a malformed or polyploid call.
  virtual void decode_gt(int row_allele, GenotypeCode* out) const = 0;
  // Fills out[0 .. n_kept) with the DS dosage of ALT `row_allele`, or with
  // row_allele 0 the sum over every ALT (NaN where missing). As written: the
  // reader checks the range and quantises. Requires has_ds().
  virtual void decode_ds(int row_allele, float* out) const = 0;
  // Fills out[0 .. n_kept) with PS phase sets (0 where missing). Requires has_ps().
  virtual void decode_ps(std::int32_t* out) const = 0;

 protected:
  Site site_;
  std::string where_;
};

}  // namespace ketapgx

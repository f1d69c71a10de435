// A block of genotypes: rows (one ALT allele of one record each) x samples, in
// the compact encoding, with the row descriptions the writers need.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ketapgx/core/genotype_matrix.h"

namespace ketapgx {

struct BlockRow {
  std::int32_t panel_index = -1;  // index into Panel::variants; -1 when reading all variants
  std::int32_t tag = -1;          // the caller's tag (GenotypeReaderOptions::select_rows)
  bool first_of_record = true;    // false for the 2nd, 3rd... row made from the same record
  std::string variant_id;         // panel ID, else the record's ID, else chrom:pos:ref:alt
  std::string chrom;              // as written in the VCF
  std::int64_t pos = 0;
  std::string ref;
  std::string alt;                // the row's allele
  int alt_index = 0;              // its 1-based index among the record's ALTs; 0 = not in the record
  int n_alts = 0;                 // number of ALT alleles of the record
  bool calls_from_dosage = false; // the record has DS and no GT: its hard calls are rounded dosages
};

struct GenotypeBlock {
  std::size_t n_samples = 0;
  std::vector<BlockRow> rows;
  std::vector<GenotypeCode> codes;       // rows.size() * n_samples
  // Same shape when dosages are read (--dosages), else empty: the dosage of the
  // allele each row counts (its ALT, or REF when alt_index is 0), rounded to
  // 1/16384, NaN where missing (see GenotypeReader::decode_row).
  std::vector<float> dosages;
  std::vector<std::int32_t> phase_sets;  // same shape when phase sets are read, else empty
  bool any_phase_set = false;            // some row's record has FORMAT/PS (else phase_sets are all 0)

  void clear() {
    rows.clear();
    codes.clear();
    dosages.clear();
    phase_sets.clear();
    any_phase_set = false;
  }
  GenotypeMatrixView view() const {
    GenotypeMatrixView v;
    v.codes = codes.data();
    v.dosages = dosages.empty() ? nullptr : dosages.data();
    v.n_rows = rows.size();
    v.n_samples = n_samples;
    return v;
  }
};

}  // namespace ketapgx

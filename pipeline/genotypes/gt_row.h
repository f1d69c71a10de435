// Decoding a whole row of diploid calls at once: VCF text rows of one-digit
// calls ("0/1", "1|1", "./.": every column exactly 3 characters, columns 4
// bytes apart) and BCF int8 GT rows, the shape of nearly every row of a
// hard-called file. Sixteen calls per step with SSE2 on x86-64, one at a time
// elsewhere.
#pragma once

#include <cstddef>
#include <cstdint>

#include "ketapgx/core/genotype_code.h"

namespace ketapgx {

// `p` points at the first sample column, which with the others spans exactly
// 4 * n - 1 bytes. Writes out[to_out[j]] (where to_out[j] >= 0; every j when
// to_out is null) for each column j and returns true, or returns false when
// any column is not a one-digit call of an allele below `n_alleles` with '/'
// or '|' (some outputs may then have been written: the caller decodes the
// row another way). Codes are those of encode_genotype(a1, a2, phased, row_allele).
bool decode_simple_gt_row(const char* p, std::size_t n, int n_alleles, int row_allele, const std::int32_t* to_out,
                          GenotypeCode* out);

// The same for a BCF record's GT stored as int8 with two values per sample
// (BCF's encoding: (allele + 1) << 1 | phased, 0/1 or INT8_MIN missing):
// `p` holds 2 * n bytes. Writes out[s] for every sample and returns true, or
// returns false when a value is not a plain allele below `n_alleles` or
// missing (a haploid call's vector end, say): the caller decodes the row
// another way.
bool decode_simple_bcf_gt(const std::uint8_t* p, std::size_t n, int n_alleles, int row_allele, GenotypeCode* out);

}  // namespace ketapgx

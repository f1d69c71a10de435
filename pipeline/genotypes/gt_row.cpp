#include "genotypes/gt_row.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ketapgx {
namespace {

// One call, the portable way: the bits of haplotype 1 for the character at
// c[0] and of haplotype 2 for c[2] (a haplotype-2 bit is its haplotype-1 bit
// shifted left by one), the phase from c[1].
struct ScalarTables {
  std::uint8_t hap[256];  // haplotype-1 bits; 0xFF: not an allele character
  std::uint8_t sep[256];  // 0 for '/', kPhased for '|'; 0xFF otherwise
  ScalarTables(int n_alleles, int row_allele) {
    std::memset(hap, 0xFF, sizeof hap);
    std::memset(sep, 0xFF, sizeof sep);
    hap[static_cast<unsigned char>('.')] = gt::kHap1Miss;
    for (int a = 0; a < n_alleles && a <= 9; ++a)
      hap[static_cast<unsigned char>('0' + a)] =
          a == 0 ? 0 : (row_allele > 0 && a == row_allele ? gt::kHap1Alt : gt::kHap1Other);
    sep[static_cast<unsigned char>('/')] = 0;
    sep[static_cast<unsigned char>('|')] = gt::kPhased;
  }
};

// Calls [begin, end) one at a time; false on a column it does not take.
bool decode_scalar(const char* p, std::size_t begin, std::size_t end, std::size_t n, const ScalarTables& t,
                   const std::int32_t* to_out, GenotypeCode* out) {
  unsigned bad = 0;
  for (std::size_t j = begin; j < end; ++j) {
    const unsigned char* c = reinterpret_cast<const unsigned char*>(p) + 4 * j;
    const std::uint8_t h1 = t.hap[c[0]], h2 = t.hap[c[2]], ph = t.sep[c[1]];
    bad |= static_cast<unsigned>(h1 == 0xFF) | static_cast<unsigned>(h2 == 0xFF) | static_cast<unsigned>(ph == 0xFF) |
           static_cast<unsigned>(j + 1 < n && c[3] != '\t');
    const GenotypeCode code = static_cast<GenotypeCode>(h1 | (h2 << 1) | ph);
    if (!to_out) out[j] = code;
    else if (to_out[j] >= 0) out[to_out[j]] = code;
  }
  return bad == 0;
}

}  // namespace

bool decode_simple_gt_row(const char* p, std::size_t n, int n_alleles, int row_allele, const std::int32_t* to_out,
                          GenotypeCode* out) {
  if (n_alleles > 10) n_alleles = 10;  // one digit: alleles 0-9
  const ScalarTables tables(n_alleles, row_allele);
  std::size_t j = 0;
#if defined(__SSE2__)
  // Sixteen calls (64 bytes) per step; each 32-bit lane holds one column
  // c0 c1 c2 '\t'. Every byte is checked: allele characters at bytes 0 and 2,
  // '/' or '|' at byte 1, a tab at byte 3. The last column has no tab after
  // it and is left to the scalar loop, so no load reads past the row.
  const __m128i dot = _mm_set1_epi8('.'), zero_char = _mm_set1_epi8('0');
  const __m128i max_digit = _mm_set1_epi8(static_cast<char>(n_alleles - 1));
  const __m128i row_digit = _mm_set1_epi8(static_cast<char>(row_allele > 0 ? row_allele : 0x7F));
  const __m128i slash = _mm_set1_epi8('/'), pipe = _mm_set1_epi8('|'), tab = _mm_set1_epi8('\t');
  const __m128i allele_bytes = _mm_set1_epi32(0x00FF00FF), sep_byte = _mm_set1_epi32(0x0000FF00),
                tab_byte = _mm_set1_epi32(static_cast<int>(0xFF000000u));
  const __m128i miss_bits = _mm_set1_epi8(gt::kHap1Miss), alt_bits = _mm_set1_epi8(gt::kHap1Alt),
                other_bits = _mm_set1_epi8(gt::kHap1Other), low_byte = _mm_set1_epi32(0xFF),
                phased_bit = _mm_set1_epi32(gt::kPhased);
  alignas(16) GenotypeCode codes[16];
  for (; j + 16 < n; j += 16) {  // '<': the row's last column stays for the scalar loop
    __m128i lane_codes[4];
    int ok = 0xFFFF;
    for (int q = 0; q < 4; ++q) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 4 * (j + 4 * q)));
      const __m128i is_dot = _mm_cmpeq_epi8(v, dot);
      const __m128i d = _mm_sub_epi8(v, zero_char);
      const __m128i is_digit = _mm_cmpeq_epi8(_mm_min_epu8(d, max_digit), d);  // d <= n_alleles - 1, unsigned
      const __m128i is_ref = _mm_cmpeq_epi8(d, _mm_setzero_si128());
      const __m128i is_alt = _mm_cmpeq_epi8(d, row_digit);
      const __m128i is_other = _mm_andnot_si128(_mm_or_si128(is_ref, is_alt), is_digit);
      const __m128i hap = _mm_or_si128(_mm_and_si128(is_dot, miss_bits),
                                       _mm_or_si128(_mm_and_si128(is_alt, alt_bits), _mm_and_si128(is_other, other_bits)));
      const __m128i is_pipe = _mm_cmpeq_epi8(v, pipe);
      const __m128i is_sep = _mm_or_si128(_mm_cmpeq_epi8(v, slash), is_pipe);
      const __m128i valid = _mm_or_si128(_mm_and_si128(_mm_or_si128(is_dot, is_digit), allele_bytes),
                                         _mm_or_si128(_mm_and_si128(is_sep, sep_byte), _mm_and_si128(_mm_cmpeq_epi8(v, tab), tab_byte)));
      ok &= _mm_movemask_epi8(valid);
      // code = hap(byte 0) | hap(byte 2) << 1 | kPhased where byte 1 is '|'
      const __m128i h = _mm_and_si128(hap, allele_bytes);
      const __m128i code = _mm_or_si128(_mm_or_si128(_mm_and_si128(h, low_byte), _mm_slli_epi32(_mm_srli_epi32(h, 16), 1)),
                                        _mm_and_si128(_mm_srli_epi32(is_pipe, 8), phased_bit));
      lane_codes[q] = code;
    }
    if (ok != 0xFFFF) return false;
    const __m128i packed = _mm_packus_epi16(_mm_packs_epi32(lane_codes[0], lane_codes[1]), _mm_packs_epi32(lane_codes[2], lane_codes[3]));
    if (!to_out) {
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out + j), packed);
    } else {
      _mm_store_si128(reinterpret_cast<__m128i*>(codes), packed);
      for (int i = 0; i < 16; ++i)
        if (to_out[j + static_cast<std::size_t>(i)] >= 0) out[to_out[j + static_cast<std::size_t>(i)]] = codes[i];
    }
  }
#endif
  return decode_scalar(p, j, n, n, tables, to_out, out);
}

bool decode_simple_bcf_gt(const std::uint8_t* p, std::size_t n, int n_alleles, int row_allele, GenotypeCode* out) {
  if (n_alleles > 63) return false;  // (allele + 1) << 1 must fit an int8
  // Haplotype-1 bits of an int8 value (0xFF: not a plain allele or missing).
  auto hap = [n_alleles, row_allele](std::uint8_t v) -> std::uint8_t {
    if (v == 0x80 || v == 0 || v == 1) return gt::kHap1Miss;
    if (v >= 0x80 || (v >> 1) - 1 >= n_alleles) return 0xFF;
    const int a = (v >> 1) - 1;
    return a == 0 ? 0 : (row_allele > 0 && a == row_allele ? gt::kHap1Alt : gt::kHap1Other);
  };
  std::size_t s = 0;
#if defined(__SSE2__)
  // Two 16-byte loads give 16 samples; each 16-bit lane is one sample's
  // first value (low byte) and second value (high byte, its bit 0 the phase).
  const __m128i seven_bits = _mm_set1_epi8(0x7F), one = _mm_set1_epi8(1), int8_missing = _mm_set1_epi8(static_cast<char>(0x80));
  const __m128i max_allele = _mm_set1_epi8(static_cast<char>(n_alleles - 1));
  const __m128i row_value = _mm_set1_epi8(static_cast<char>(row_allele > 0 ? row_allele : 0x7F));
  const __m128i miss_bits = _mm_set1_epi8(gt::kHap1Miss), alt_bits = _mm_set1_epi8(gt::kHap1Alt),
                other_bits = _mm_set1_epi8(gt::kHap1Other), low_byte = _mm_set1_epi16(0xFF),
                phase_bit = _mm_set1_epi16(1);
  for (; s + 16 <= n; s += 16) {
    __m128i codes[2];
    int ok = 0xFFFF;
    for (int q = 0; q < 2; ++q) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 2 * s + 16 * static_cast<std::size_t>(q)));
      const __m128i negative = _mm_cmplt_epi8(v, _mm_setzero_si128());
      const __m128i u = _mm_and_si128(_mm_srli_epi16(v, 1), seven_bits);  // (v >> 1) per byte, for v >= 0
      const __m128i a = _mm_sub_epi8(u, one);                              // the allele; 0xFF for u = 0
      const __m128i is_allele = _mm_andnot_si128(negative, _mm_cmpeq_epi8(_mm_min_epu8(a, max_allele), a));
      const __m128i is_missing = _mm_or_si128(_mm_andnot_si128(negative, _mm_cmpeq_epi8(u, _mm_setzero_si128())),
                                              _mm_cmpeq_epi8(v, int8_missing));
      const __m128i is_ref = _mm_and_si128(is_allele, _mm_cmpeq_epi8(a, _mm_setzero_si128()));
      const __m128i is_alt = _mm_and_si128(is_allele, _mm_cmpeq_epi8(a, row_value));
      const __m128i is_other = _mm_andnot_si128(_mm_or_si128(is_ref, is_alt), is_allele);
      ok &= _mm_movemask_epi8(_mm_or_si128(is_allele, is_missing));
      const __m128i h = _mm_or_si128(_mm_and_si128(is_missing, miss_bits),
                                     _mm_or_si128(_mm_and_si128(is_alt, alt_bits), _mm_and_si128(is_other, other_bits)));
      // code = h(first) | h(second) << 1 | kPhased where the second value's bit 0 is set
      codes[q] = _mm_or_si128(_mm_or_si128(_mm_and_si128(h, low_byte), _mm_slli_epi16(_mm_srli_epi16(h, 8), 1)),
                              _mm_slli_epi16(_mm_and_si128(_mm_srli_epi16(v, 8), phase_bit), 6));
    }
    if (ok != 0xFFFF) return false;
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + s), _mm_packus_epi16(codes[0], codes[1]));
  }
#endif
  for (; s < n; ++s) {
    const std::uint8_t h1 = hap(p[2 * s]), h2 = hap(p[2 * s + 1]);
    if (h1 == 0xFF || h2 == 0xFF) return false;
    out[s] = static_cast<GenotypeCode>(h1 | (h2 << 1) | ((p[2 * s + 1] & 1) ? gt::kPhased : 0));
  }
  return true;
}

}  // namespace ketapgx

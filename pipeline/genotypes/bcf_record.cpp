#include "genotypes/bcf_record.h"

#include <cmath>
#include <cstdint>
#include <limits>

#include "ketapgx/core/errors.h"

namespace ketapgx {

BcfRecord::BcfRecord(hts::Record rec, bcf_hdr_t* hdr, std::string where, std::string contig)
    : rec_(std::move(rec)), hdr_(hdr) {
  where_ = std::move(where);
  if (bcf_unpack(rec_.get(), BCF_UN_ALL) < 0) fail("the record could not be unpacked (corrupt BCF?)");
  site_.chrom = bcf_hdr_id2name(hdr_, rec_->rid);
  site_.contig = std::move(contig);
  site_.pos = static_cast<std::int64_t>(rec_->pos) + 1;
  site_.id = rec_->d.id ? rec_->d.id : ".";
  site_.ref = rec_->n_allele > 0 ? rec_->d.allele[0] : "";
  for (int i = 1; i < rec_->n_allele; ++i) {
    const std::string a = rec_->d.allele[i];
    if (a != ".") site_.alts.push_back(a);
  }
}

void BcfRecord::fail(const std::string& what) const { throw InputError(where_ + ": " + what); }

bool BcfRecord::has_format(const char* tag) const {
  return bcf_get_fmt(hdr_, rec_.get(), tag) != nullptr;
}
bool BcfRecord::has_gt() const { return has_format("GT"); }
bool BcfRecord::has_ds() const { return has_format("DS"); }
bool BcfRecord::has_ps() const { return has_format("PS"); }

void BcfRecord::decode_gt(int row_allele, GenotypeCode* out) const {
  // Fast path: the common int8, two-values-per-sample GT read in place, without
  // HTSlib's copy into int32.
  const bcf_fmt_t* fmt = bcf_get_fmt(hdr_, rec_.get(), "GT");
  if (fmt && fmt->type == BCF_BT_INT8 && fmt->n == 2) {
    const int n_samples = bcf_hdr_nsamples(hdr_);
    const int n_alleles = rec_->n_allele;
    // Haplotype bits of every int8 GT value for this row; 0xFF: not a plain
    // allele (vector end, out of range) -> the general path below.
    std::uint8_t hap1[256], hap2[256];
    for (int v = -128; v < 128; ++v) {
      const auto i = static_cast<std::uint8_t>(v);
      int a = -3;
      if (v == bcf_int8_missing || (v >= 0 && (v >> 1) == 0)) a = kAlleleMissing;
      else if (v > 1 && (v >> 1) - 1 < n_alleles) a = (v >> 1) - 1;
      if (a == -3) {
        hap1[i] = hap2[i] = 0xFF;
        continue;
      }
      const GenotypeCode c = encode_genotype(a, a, false, row_allele);
      hap1[i] = c & (gt::kHap1Alt | gt::kHap1Other | gt::kHap1Miss);
      hap2[i] = c & (gt::kHap2Alt | gt::kHap2Other | gt::kHap2Miss);
    }
    const auto* p = reinterpret_cast<const std::uint8_t*>(fmt->p);
    bool all_fast = true;
    for (int s = 0; s < n_samples; ++s, p += 2) {
      const std::uint8_t b1 = hap1[p[0]], b2 = hap2[p[1]];
      if ((b1 | b2) == 0xFF || b1 == 0xFF || b2 == 0xFF) {
        all_fast = false;
        break;
      }
      out[s] = static_cast<GenotypeCode>(b1 | b2 | ((p[1] & 1) ? gt::kPhased : 0));
    }
    if (all_fast) return;
  }
  hts::GrowBuffer<int32_t> buf;
  const int n = bcf_get_genotypes(hdr_, rec_.get(), buf.ptr(), buf.capacity());
  if (n <= 0) fail("no FORMAT/GT field; expected genotype calls (or use --dosages with a DS field)");
  const int n_samples = bcf_hdr_nsamples(hdr_);
  const int per = n / n_samples;
  const int n_alleles = rec_->n_allele;
  for (int s = 0; s < n_samples; ++s) {
    const int32_t* g = buf.data() + static_cast<std::ptrdiff_t>(s) * per;
    int alleles[2] = {kAlleleAbsent, kAlleleAbsent};
    int ploidy = 0;
    bool phased = false;
    for (int k = 0; k < per; ++k) {
      if (g[k] == bcf_int32_vector_end) break;
      if (ploidy == 2) fail("sample " + std::string(hdr_->samples[s]) + " has more than two alleles; ketapgx reads haploid and diploid calls only");
      int a = kAlleleMissing;
      if (!(g[k] == bcf_int32_missing || bcf_gt_is_missing(g[k]))) {
        a = bcf_gt_allele(g[k]);
        if (a >= n_alleles) {
          fail("sample " + std::string(hdr_->samples[s]) + " GT names allele " + std::to_string(a) +
               " but the record has " + std::to_string(n_alleles - 1) + " ALT allele(s)");
        }
      }
      if (k == 1) phased = bcf_gt_is_phased(g[k]);
      alleles[ploidy++] = a;
    }
    if (ploidy == 0) alleles[0] = kAlleleMissing;  // no GT stored for this sample
    out[s] = encode_genotype(alleles[0], alleles[1], phased, row_allele);
  }
}

void BcfRecord::decode_ds(int row_allele, float* out) const {
  hts::GrowBuffer<float> buf;
  const int n = bcf_get_format_float(hdr_, rec_.get(), "DS", buf.ptr(), buf.capacity());
  if (n <= 0) fail("no FORMAT/DS field");
  const int n_samples = bcf_hdr_nsamples(hdr_);
  const int per = n / n_samples;
  const int n_alts = static_cast<int>(site_.alts.size());
  if (per != n_alts) fail("DS has " + std::to_string(per) + " value(s) per sample; expected one per ALT allele (" + std::to_string(n_alts) + ")");
  const float nan = std::numeric_limits<float>::quiet_NaN();
  for (int s = 0; s < n_samples; ++s) {
    // The row's ALT, or (row_allele 0) every ALT together.
    double sum = 0;
    bool missing = false;
    for (int k = 1; k <= per; ++k) {
      if (row_allele > 0 && k != row_allele) continue;
      const float v = buf.data()[static_cast<std::ptrdiff_t>(s) * per + k - 1];
      if (bcf_float_is_missing(v) || bcf_float_is_vector_end(v)) {
        missing = true;
        break;
      }
      if (!(v >= 0.0f) || !std::isfinite(v))
        fail("sample " + std::string(hdr_->samples[s]) + " DS " + std::to_string(v) + " is not a dosage (a number from 0 to the ploidy)");
      sum += v;
    }
    out[s] = missing ? nan : static_cast<float>(sum);
  }
}

void BcfRecord::decode_ps(std::int32_t* out) const {
  hts::GrowBuffer<int32_t> buf;
  const int n = bcf_get_format_int32(hdr_, rec_.get(), "PS", buf.ptr(), buf.capacity());
  if (n <= 0) fail("no FORMAT/PS field");
  const int n_samples = bcf_hdr_nsamples(hdr_);
  const int per = n / n_samples;
  for (int s = 0; s < n_samples; ++s) {
    const int32_t v = buf.data()[static_cast<std::ptrdiff_t>(s) * per];
    out[s] = (v == bcf_int32_missing || v == bcf_int32_vector_end) ? 0 : v;
  }
}

}  // namespace ketapgx

#include "genotypes/bcf_record.h"

#include <cmath>
#include <cstdint>
#include <limits>

#include "genotypes/gt_row.h"
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
  if (fmt && fmt->type == BCF_BT_INT8 && fmt->n == 2 &&
      decode_simple_bcf_gt(reinterpret_cast<const std::uint8_t*>(fmt->p), static_cast<std::size_t>(bcf_hdr_nsamples(hdr_)),
                           rec_->n_allele, row_allele, out))
    return;  // else (a haploid call's vector end, an allele out of range): the general path
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

// RAII owners of HTSlib handles. Every raw pointer HTSlib returns is wrapped at
// the call site; NULL or negative returns become exceptions there.
#pragma once

#include <htslib/hts.h>
#include <htslib/tbx.h>
#include <htslib/vcf.h>

#include <memory>

namespace ketapgx::hts {

struct FileCloser {
  void operator()(htsFile* f) const noexcept { if (f) hts_close(f); }
};
struct HeaderDeleter {
  void operator()(bcf_hdr_t* h) const noexcept { if (h) bcf_hdr_destroy(h); }
};
struct RecordDeleter {
  void operator()(bcf1_t* r) const noexcept { if (r) bcf_destroy(r); }
};
struct TbxDeleter {
  void operator()(tbx_t* t) const noexcept { if (t) tbx_destroy(t); }
};
struct IdxDeleter {
  void operator()(hts_idx_t* i) const noexcept { if (i) hts_idx_destroy(i); }
};
struct ItrDeleter {
  void operator()(hts_itr_t* i) const noexcept { if (i) hts_itr_destroy(i); }
};

using File = std::unique_ptr<htsFile, FileCloser>;
using Header = std::unique_ptr<bcf_hdr_t, HeaderDeleter>;
using Record = std::unique_ptr<bcf1_t, RecordDeleter>;
using Tabix = std::unique_ptr<tbx_t, TbxDeleter>;
using Index = std::unique_ptr<hts_idx_t, IdxDeleter>;
using Iterator = std::unique_ptr<hts_itr_t, ItrDeleter>;

// A kstring_t that frees itself.
class KString {
 public:
  KString() = default;
  KString(const KString&) = delete;
  KString& operator=(const KString&) = delete;
  ~KString() { free(s_.s); }
  kstring_t* get() { return &s_; }
  const char* data() const { return s_.s; }
  size_t size() const { return s_.l; }

 private:
  kstring_t s_ = KS_INITIALIZE;
};

// A buffer that HTSlib's bcf_get_* functions grow with realloc().
template <typename T>
class GrowBuffer {
 public:
  GrowBuffer() = default;
  GrowBuffer(const GrowBuffer&) = delete;
  GrowBuffer& operator=(const GrowBuffer&) = delete;
  ~GrowBuffer() { free(p_); }
  T** ptr() { return &p_; }
  int* capacity() { return &n_; }
  T* data() const { return p_; }

 private:
  T* p_ = nullptr;
  int n_ = 0;
};

}  // namespace ketapgx::hts

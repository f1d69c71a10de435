// The VCF text record decoder: fixed columns, FORMAT, GT (fast path and
// general parser), DS and PS of three samples, one of them not kept.
#include "fuzz_support.h"
#include "genotypes/text_record.h"
#include "ketapgx/core/errors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ketapgx;
  static const SampleLayout layout{{"S1", "S3"}, {0, -1, 1}};
  std::string line(reinterpret_cast<const char*>(data), size);
  if (!line.empty() && line.back() == '\n') line.pop_back();
  try {
    TextRecord r(line, "fuzz line 1", layout, 3);
    const int rows = 1 + static_cast<int>(r.site().alts.size());
    GenotypeCode gt[2];
    float ds[2];
    std::int32_t ps[2];
    for (int a = 0; a < rows && a < 4; ++a) {
      if (r.has_gt()) r.decode_gt(a, gt);
      if (r.has_ds()) r.decode_ds(a, ds);
    }
    if (r.has_ps()) r.decode_ps(ps);
  } catch (const Error&) {
  }
  return 0;
}

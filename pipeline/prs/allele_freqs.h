// Allele frequencies read from a PLINK 2 .afreq file (--read-freq): columns
// ID, REF, ALT (comma-separated) and ALT_FREQS (comma-separated), by header name.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace ketapgx {

class AlleleFreqs {
 public:
  static AlleleFreqs read(const std::string& path);
  // Frequency of `allele` at variant `id`; nullopt when the variant or allele is absent.
  std::optional<double> of(const std::string& id, const std::string& allele) const;
  // 1 - sum of squared allele frequencies of variant `id` (0 when absent).
  double heterozygosity(const std::string& id) const;
  const std::string& path() const { return path_; }

 private:
  struct Entry {
    std::string ref;
    std::vector<std::string> alts;
    std::vector<double> freqs;
  };
  std::string path_;
  std::unordered_map<std::string, Entry> by_id_;
};

}  // namespace ketapgx

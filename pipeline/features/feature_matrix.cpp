#include "features/feature_matrix.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "output/format.h"

namespace ketapgx {

std::size_t FeatureMatrix::column(const std::string& name) const {
  for (std::size_t f = 0; f < names.size(); ++f)
    if (names[f] == name) return f;
  throw std::out_of_range("no feature column " + name);
}

void write_feature_tsv(std::ostream& out, const FeatureMatrix& m) {
  out << "sample_id";
  for (const auto& n : m.names) out << '\t' << n;
  out << '\n';
  std::vector<std::size_t> order(m.samples.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return m.samples[a] < m.samples[b]; });
  for (std::size_t s : order) {
    out << m.samples[s];
    for (std::size_t f = 0; f < m.names.size(); ++f) {
      const double v = m.at(s, f);
      out << '\t' << (std::isnan(v) ? std::string("NA") : format_double(v, 10));
    }
    out << '\n';
  }
}

}  // namespace ketapgx

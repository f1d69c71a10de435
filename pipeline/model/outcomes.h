// Observed outcomes for training and evaluation: a TSV with sample_id,
// responder (0/1, yes/no or NA) and metabolizer_class (PM/IM/NM/RM/UM or NA).
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace ketapgx {

struct Outcomes {
  std::string path;
  std::vector<std::string> samples;
  std::vector<std::int8_t> responder;    // 0, 1, -1 unknown
  std::vector<std::int8_t> metabolizer;  // 0..4 (PM..UM), -1 unknown
  std::unordered_map<std::string, std::size_t> index;
};

// Throws InputError naming the file, line and column.
Outcomes read_outcomes(const std::string& path);

}  // namespace ketapgx

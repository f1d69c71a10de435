// Score weights for `ketapgx prs`: a whitespace-separated table whose first
// line is a header; column 1 the variant ID, column 2 the allele, columns 3..
// one weight per score, named by the header (PLINK 2's --score file with
// header-read).
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

namespace ketapgx {

struct WeightEntry {
  std::string id;
  std::string allele;
  std::vector<double> weights;  // one per score
  long line = 0;
};

struct Weights {
  std::string path;
  std::vector<std::string> score_names;
  std::vector<WeightEntry> entries;
  std::unordered_map<std::string, std::vector<std::size_t>> by_id;  // ID -> entries, in file order
};

// Throws InputError naming the file, line and column on malformed input.
Weights read_weights(const std::string& path);

}  // namespace ketapgx

// Score weights for `ketapgx prs`: a whitespace-separated table, as PLINK 2's
// --score reads it. By default the first line is a header, column 1 the
// variant ID, column 2 the allele and every further column one score named by
// the header (plink2 --score F 1 2 header-read); --weights-cols picks the
// columns by plink2's 1-based numbers (ID, allele, then score columns and
// ranges as --score-col-nums takes them), --weights-no-header reads a file
// whose first line is data (scores then named SCORE1, SCORE2, ... as plink2).
#pragma once

#include <string>
#include <vector>
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

struct WeightsLayout {
  int id_column = 1;                // 1-based
  int allele_column = 2;
  std::vector<int> score_columns;   // 1-based; empty: every column after the allele's (the table's width fixed by the first line)
  bool header = true;
};

// Parses --weights-cols: "ID,ALLELE,SCORE[,SCORE|FIRST-LAST...]", e.g. "1,4,6"
// or "1,2,3-5,7". Throws UsageError naming the option.
WeightsLayout parse_weights_columns(const std::string& text, bool header);

// Throws InputError naming the file, line and column on malformed input, and
// on a first line whose weight columns are all numbers when `layout.header`
// (data taken for a header: --weights-no-header is meant).
Weights read_weights(const std::string& path, const WeightsLayout& layout = {});

}  // namespace ketapgx

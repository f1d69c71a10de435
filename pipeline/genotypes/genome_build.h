// Genome builds and their detection from ##contig lengths.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ketapgx {

enum class GenomeBuild { Unknown, GRCh37, GRCh38 };

const char* build_name(GenomeBuild b);
// Accepts GRCh37/hg19/b37 and GRCh38/hg38 (any case); throws UsageError otherwise.
GenomeBuild parse_build(const std::string& text, const std::string& option_name);

struct BuildEvidence {
  GenomeBuild build = GenomeBuild::Unknown;
  int grch37_matches = 0;  // primary contigs whose length equals GRCh37's
  int grch38_matches = 0;  // ... GRCh38's
  std::string detail;      // one readable line, e.g. "chr1 length 248956422 (GRCh38), 24 contigs agree"
};

// Decides the build from (contig name, length) pairs taken from ##contig lines.
// Only chromosomes 1-22, X and Y count (their lengths differ between builds).
BuildEvidence detect_build(const std::vector<std::pair<std::string, std::int64_t>>& contigs);

}  // namespace ketapgx

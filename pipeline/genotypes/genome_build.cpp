#include "genotypes/genome_build.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "genotypes/contig.h"
#include "ketapgx/core/errors.h"

namespace ketapgx {
namespace {

struct ContigLengths {
  std::int64_t grch37;
  std::int64_t grch38;
};

// Primary-assembly lengths (GRC assembly reports, as in the ##contig lines of
// the 1000 Genomes / GATK resource-bundle headers).
const std::map<std::string, ContigLengths>& primary_contigs() {
  static const std::map<std::string, ContigLengths> table = {
      {"1", {249250621, 248956422}},  {"2", {243199373, 242193529}},
      {"3", {198022430, 198295559}},  {"4", {191154276, 190214555}},
      {"5", {180915260, 181538259}},  {"6", {171115067, 170805979}},
      {"7", {159138663, 159345973}},  {"8", {146364022, 145138636}},
      {"9", {141213431, 138394717}},  {"10", {135534747, 133797422}},
      {"11", {135006516, 135086622}}, {"12", {133851895, 133275309}},
      {"13", {115169878, 114364328}}, {"14", {107349540, 107043718}},
      {"15", {102531392, 101991189}}, {"16", {90354753, 90338345}},
      {"17", {81195210, 83257441}},   {"18", {78077248, 80373285}},
      {"19", {59128983, 58617616}},   {"20", {63025520, 64444167}},
      {"21", {48129895, 46709983}},   {"22", {51304566, 50818468}},
      {"X", {155270560, 156040895}},  {"Y", {59373566, 57227415}},
  };
  return table;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

}  // namespace

const char* build_name(GenomeBuild b) {
  switch (b) {
    case GenomeBuild::GRCh37: return "GRCh37";
    case GenomeBuild::GRCh38: return "GRCh38";
    case GenomeBuild::Unknown: break;
  }
  return "unknown";
}

GenomeBuild parse_build(const std::string& text, const std::string& option_name) {
  const std::string t = lower(text);
  if (t == "grch37" || t == "hg19" || t == "b37" || t == "37") return GenomeBuild::GRCh37;
  if (t == "grch38" || t == "hg38" || t == "b38" || t == "38") return GenomeBuild::GRCh38;
  throw UsageError(option_name + ": expected GRCh37 or GRCh38, got '" + text + "'");
}

BuildEvidence detect_build(const std::vector<std::pair<std::string, std::int64_t>>& contigs) {
  BuildEvidence ev;
  const auto& table = primary_contigs();
  std::string example;
  for (const auto& [name, length] : contigs) {
    if (length <= 0) continue;
    auto it = table.find(canonical_contig(name));
    if (it == table.end()) continue;
    if (length == it->second.grch37) ++ev.grch37_matches;
    if (length == it->second.grch38) ++ev.grch38_matches;
    if (example.empty()) example = name + " length " + std::to_string(length);
  }
  if (ev.grch37_matches == 0 && ev.grch38_matches == 0) {
    ev.detail = example.empty() ? "no ##contig lines with lengths for chromosomes 1-22, X, Y"
                                : "##contig lengths match neither GRCh37 nor GRCh38 (" + example + ")";
    return ev;
  }
  if (ev.grch37_matches > 0 && ev.grch38_matches > 0) {
    ev.detail = "##contig lengths are mixed: " + std::to_string(ev.grch37_matches) + " match GRCh37, " +
                std::to_string(ev.grch38_matches) + " match GRCh38";
    return ev;
  }
  ev.build = ev.grch38_matches > 0 ? GenomeBuild::GRCh38 : GenomeBuild::GRCh37;
  const int n = std::max(ev.grch37_matches, ev.grch38_matches);
  ev.detail = example + " (" + build_name(ev.build) + "); " + std::to_string(n) +
              " ##contig length(s) agree with " + build_name(ev.build);
  return ev;
}

}  // namespace ketapgx

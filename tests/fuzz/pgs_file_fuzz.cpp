// The PGS Catalog scoring-file reader (prs --pgs, --pgs as features), for
// both builds and an unknown one, then the matcher on what it read against a
// few fixed targets: every row gets a status, a matched row names a target
// allele the row's effect allele (or its complement) equals.
#include <cstdlib>

#include "fuzz_support.h"
#include "ketapgx/core/errors.h"
#include "prs/pgs_file.h"
#include "prs/pgs_match.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ketapgx;
  const std::string path = fuzz::write_input("score.txt", data, size);
  for (GenomeBuild b : {GenomeBuild::GRCh37, GenomeBuild::GRCh38, GenomeBuild::Unknown}) {
    try {
      const PgsFile f = read_pgs_file(path, b);
      std::vector<PgsTarget> targets;
      const char* alleles[][2] = {{"A", "G"}, {"A", "T"}, {"C", "G"}, {"G", "GA"}};
      for (std::size_t k = 0; k < 4; ++k) {
        PgsTarget t;
        t.record = k;
        t.id = "t" + std::to_string(k);
        t.ref = alleles[k][0];
        t.alt = alleles[k][1];
        t.multiallelic = k == 3;
        targets.push_back(t);
      }
      std::vector<PgsRowRef> rows;
      for (const PgsVariant& v : f.variants) rows.push_back({rows.size() % 2, &v});
      std::vector<PgsMatch> out;
      match_position(rows, targets, PgsMatchSettings{}, out);
      if (out.size() != rows.size()) std::abort();
      for (std::size_t i = 0; i < out.size(); ++i) {
        if (out[i].status != PgsMatchStatus::Matched) continue;
        const PgsTarget& t = targets.at(out[i].target);
        const std::string named = out[i].named_alt_index == 0 ? t.ref : t.alt;
        const std::string& ea = rows[i].variant->effect_allele;
        if (named != ea && named != complement_allele(ea)) std::abort();
      }
    } catch (const Error&) {
    }
  }
  return 0;
}

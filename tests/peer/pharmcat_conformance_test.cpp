// Conformance with PharmCAT: `ketapgx call` on every test VCF of
// ../shared/data/pharmcat/pharmcat_tests/ whose EXPECTED.tsv row is not a
// combination-mode case gives PharmCAT's top diplotype; where PharmCAT lists
// several answers, the others are among ketapgx's alternatives. The same VCFs
// moved to GRCh37 coordinates give the same calls. Skips without ../shared.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/test_support.h"

namespace ketapgx {
namespace {

struct Case {
  std::string vcf, gene;
  std::vector<std::string> expected;  // first = top answer
};

std::string pharmcat_dir() { return test::shared_dir() + "/data/pharmcat/pharmcat_tests"; }

std::vector<Case> load_cases() {
  std::vector<Case> cases;
  std::ifstream in(pharmcat_dir() + "/EXPECTED.tsv");
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    const auto f = test::split(line, '\t');
    // Combination (research) mode cases are out of scope; their notes say
    // "combinations ON", "combinations mode ON" or "combinations (research) mode ON".
    const auto comb = f.size() < 4 ? std::string::npos : f[3].find("combinations");
    if (f.size() < 4 || (comb != std::string::npos && f[3].find("ON", comb) != std::string::npos)) continue;
    Case c{f[0], f[1], {}};
    for (const auto& d : test::split(f[2], '|')) {
      std::string t = d;
      t.erase(0, t.find_first_not_of(' '));
      t.erase(t.find_last_not_of(' ') + 1);
      c.expected.push_back(t);
    }
    cases.push_back(c);
  }
  return cases;
}

// Moves a GRCh38 test VCF of these genes to GRCh37 coordinates: fixed offsets
// per region, and at rs776746 (chr7:99672916) the GRCh37 reference is the
// GRCh38 ALT, so REF/ALT and the allele indices swap.
std::string to_grch37(const std::string& text) {
  std::istringstream in(text);
  std::ostringstream out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("##contig", 0) == 0) continue;
    if (line.empty() || line[0] == '#') {
      out << line << '\n';
      continue;
    }
    auto f = test::split(line, '\t');
    const long pos = std::stol(f[1]);
    if (f[0] == "chr19") f[1] = std::to_string(pos + 505905);
    if (f[0] == "chr7") f[1] = std::to_string(pos - 402377);
    if (f[0] == "chr7" && pos == 99672916 && f[3] == "T" && f[4] == "C") {
      std::swap(f[3], f[4]);
      for (std::size_t s = 9; s < f.size(); ++s) {
        const auto colon = f[s].find(':');
        for (std::size_t i = 0; i < f[s].size() && i < colon; ++i) {
          if (f[s][i] == '0') f[s][i] = '1';
          else if (f[s][i] == '1') f[s][i] = '0';
        }
      }
    }
    for (std::size_t i = 0; i < f.size(); ++i) out << (i ? "\t" : "") << f[i];
    out << '\n';
  }
  return out.str();
}

struct Outcome {
  int matched = 0, total = 0;
};

Outcome run_cases(bool grch37) {
  Outcome o;
  test::TempDir tmp;
  for (const Case& c : load_cases()) {
    ++o.total;
    std::string vcf = pharmcat_dir() + "/" + c.vcf;
    std::string extra;
    if (grch37) {
      const std::string moved = tmp.file("case" + std::to_string(o.total) + ".vcf");
      test::write_file(moved, to_grch37(test::read_file(vcf)));
      vcf = moved;
      extra = " --build GRCh37";
    }
    const auto r = test::run_ketapgx("call --quiet --vcf " + vcf + " --genes " + c.gene + extra + " --out " + tmp.file("out"));
    if (r.exit_code != 0) {
      ADD_FAILURE() << c.vcf << ": exit " << r.exit_code << "\n" << r.err;
      continue;
    }
    const auto t = test::read_tsv(tmp.file("out.pgx.tsv"));
    if (t.rows.size() != 1) {
      ADD_FAILURE() << c.vcf << ": expected one row, got " << t.rows.size();
      continue;
    }
    const auto& row = t.rows[0];
    bool ok = row.at("diplotype") == c.expected[0];
    const auto alternatives = test::split(row.at("alternatives"), ';');
    for (std::size_t i = 1; i < c.expected.size(); ++i)
      ok = ok && std::find(alternatives.begin(), alternatives.end(), c.expected[i]) != alternatives.end();
    if (ok) ++o.matched;
    else
      ADD_FAILURE() << (grch37 ? "[GRCh37] " : "") << c.vcf << " " << c.gene << ": expected " << c.expected[0]
                    << (c.expected.size() > 1 ? " (+ alternatives)" : "") << ", got " << row.at("diplotype")
                    << " alternatives " << row.at("alternatives") << " warnings " << row.at("warnings");
  }
  return o;
}

TEST(PharmcatConformance, TopDiplotypeOnEveryNonCombinationCase) {
  if (!std::filesystem::exists(pharmcat_dir() + "/EXPECTED.tsv")) GTEST_SKIP() << "../shared/data/pharmcat absent";
  const Outcome o = run_cases(false);
  std::cout << "PharmCAT conformance (GRCh38): " << o.matched << "/" << o.total << " cases match\n";
  EXPECT_GT(o.total, 20);
  EXPECT_EQ(o.matched, o.total);
}

TEST(PharmcatConformance, SameCallsAtGrch37Coordinates) {
  if (!std::filesystem::exists(pharmcat_dir() + "/EXPECTED.tsv")) GTEST_SKIP() << "../shared/data/pharmcat absent";
  const Outcome o = run_cases(true);
  std::cout << "PharmCAT conformance (GRCh37): " << o.matched << "/" << o.total << " cases match\n";
  EXPECT_GT(o.total, 20);
  EXPECT_EQ(o.matched, o.total);
}

}  // namespace
}  // namespace ketapgx

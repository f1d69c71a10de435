// Conformance with PharmCAT: `ketapgx call` on every test VCF of
// ../shared/data/pharmcat/pharmcat_tests/. The rows that are not combination-
// mode cases give PharmCAT's top diplotype, with and without --combinations;
// where PharmCAT lists several answers, the others are among ketapgx's
// alternatives. The ten combination-mode rows, with --combinations, give
// PharmCAT's answers exactly: the top call and every listed alternative, in
// PharmCAT's order (four of them on PharmCAT's 35-position test definition of
// CYP2B6, converted here to ketapgx tables). The same VCFs moved to GRCh37
// coordinates give the same calls. Skips without ../shared.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <algorithm>
#include <sstream>

#include "support/test_support.h"

namespace ketapgx {
namespace {

struct Case {
  std::string vcf, gene;
  std::vector<std::string> expected;  // first = top answer
  bool combination = false;           // a combination-mode case ("combinations ON" in its notes)
  bool test_definition = false;       // on PharmCAT's test definition of CYP2B6
};

std::string pharmcat_dir() { return test::shared_dir() + "/data/pharmcat/pharmcat_tests"; }

std::vector<Case> load_cases() {
  std::vector<Case> cases;
  std::ifstream in(pharmcat_dir() + "/EXPECTED.tsv");
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    const auto f = test::split(line, '\t');
    if (f.size() < 4) continue;
    // Combination (research) mode cases say "combinations ON", "combinations
    // mode ON" or "combinations (research) mode ON"; those on the test
    // definition say "test definition" or name test_definitions/.
    const auto comb = f[3].find("combinations");
    std::string notes = f[3];
    std::transform(notes.begin(), notes.end(), notes.begin(), [](unsigned char ch) { return std::tolower(ch); });
    Case c{f[0], f[1], {}, comb != std::string::npos && f[3].find("ON", comb) != std::string::npos,
           notes.find("test definition") != std::string::npos || notes.find("test_definitions/") != std::string::npos};
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

// PharmCAT's test definition of CYP2B6 (35 positions) as ketapgx tables in
// `dir`: functions and phenotype rules from configs/pgx (the test JSON has none).
std::string write_test_definition(const test::TempDir& tmp) {
  const std::string dir = tmp.file("testdef");
  std::filesystem::create_directories(dir);
  std::ifstream in(pharmcat_dir() + "/resources/test_definitions/NamedAlleleMatcher-cyp2b6.json");
  const nlohmann::json j = nlohmann::json::parse(in);
  std::map<std::string, std::string> function;
  for (const auto& row : test::split(test::read_file(test::source_dir() + "/configs/pgx/CYP2B6.alleles.tsv"), '\n')) {
    const auto f = test::split(row, '\t');
    if (f.size() >= 2 && !row.empty() && row[0] != '#') function[f[0]] = f[1];
  }
  std::ostringstream pos, alleles;
  pos << "variant\tchrom_grch38\tpos_grch38\tref_grch38\tchrom_grch37\tpos_grch37\tref_grch37\talleles\n";
  std::vector<std::string> names;
  for (const auto& v : j.at("variants")) {
    const bool rsid = v.contains("rsid") && v.at("rsid").is_string();
    const std::string name = rsid ? v.at("rsid").get<std::string>() : v.at("chromosomeHgvsName").get<std::string>();
    names.push_back(name);
    const std::string ref = v.at("ref").get<std::string>();
    std::string seqs = ref;
    for (const auto& a : v.at("alts")) seqs += "," + a.get<std::string>();
    const long p = v.at("position").get<long>();
    pos << name << "\tchr19\t" << p << "\t" << ref << "\t19\t" << p + 505905 << "\t" << ref << "\t" << seqs << "\n";
  }
  alleles << "allele\tfunction\tdefining_variants\n";
  for (const auto& a : j.at("namedAlleles")) {
    const std::string name = a.at("name").get<std::string>();
    std::vector<std::string> defining;
    for (std::size_t i = 0; i < a.at("alleles").size(); ++i)
      if (!a.at("alleles")[i].is_null()) defining.push_back(names[i] + "=" + a.at("alleles")[i].get<std::string>());
    std::string list;
    for (const auto& d : defining) list += (list.empty() ? "" : ";") + d;
    alleles << name << "\t" << (function.count(name) ? function[name] : "Unassigned function") << "\t"
            << (a.value("reference", false) ? "reference" : list) << "\n";
  }
  test::write_file(dir + "/genes.tsv", "gene\nCYP2B6\n");
  test::write_file(dir + "/CYP2B6.positions.tsv", pos.str());
  test::write_file(dir + "/CYP2B6.alleles.tsv", alleles.str());
  test::write_file(dir + "/CYP2B6.phenotypes.tsv", test::read_file(test::source_dir() + "/configs/pgx/CYP2B6.phenotypes.tsv"));
  return dir;
}

struct Outcome {
  int matched = 0, total = 0;
};

enum class Which { NonCombination, Combination };

// Runs `call` on the cases of `which`; `combinations` adds --combinations.
// Non-combination cases pass on the top call with the other answers among the
// alternatives; combination cases must list PharmCAT's answers exactly.
Outcome run_cases(bool grch37, Which which, bool combinations) {
  Outcome o;
  test::TempDir tmp;
  const std::string testdef = write_test_definition(tmp);
  for (const Case& c : load_cases()) {
    if (c.combination != (which == Which::Combination)) continue;
    ++o.total;
    std::string vcf = pharmcat_dir() + "/" + c.vcf;
    std::string extra = combinations ? " --combinations" : "";
    if (c.test_definition) extra += " --definitions " + testdef;
    if (grch37) {
      const std::string moved = tmp.file("case" + std::to_string(o.total) + ".vcf");
      test::write_file(moved, to_grch37(test::read_file(vcf)));
      vcf = moved;
      extra += " --build GRCh37";
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
    const auto alternatives = row.at("alternatives") == "NA" ? std::vector<std::string>{} : test::split(row.at("alternatives"), ';');
    if (c.combination) {
      ok = ok && std::vector<std::string>(c.expected.begin() + 1, c.expected.end()) == alternatives;
    } else {
      for (std::size_t i = 1; i < c.expected.size(); ++i)
        ok = ok && std::find(alternatives.begin(), alternatives.end(), c.expected[i]) != alternatives.end();
    }
    if (ok) ++o.matched;
    else
      ADD_FAILURE() << (grch37 ? "[GRCh37] " : "") << (combinations ? "[--combinations] " : "") << c.vcf << " " << c.gene
                    << ": expected " << c.expected[0] << (c.expected.size() > 1 ? " (+ alternatives)" : "") << ", got "
                    << row.at("diplotype") << " alternatives " << row.at("alternatives") << " warnings " << row.at("warnings");
  }
  return o;
}

TEST(PharmcatConformance, TopDiplotypeOnEveryNonCombinationCase) {
  if (!std::filesystem::exists(pharmcat_dir() + "/EXPECTED.tsv")) GTEST_SKIP() << "../shared/data/pharmcat absent";
  for (bool combinations : {false, true}) {
    const Outcome o = run_cases(false, Which::NonCombination, combinations);
    std::cout << "PharmCAT conformance (GRCh38" << (combinations ? ", --combinations" : "") << "): " << o.matched << "/" << o.total
              << " non-combination cases match\n";
    EXPECT_EQ(o.total, 21);
    EXPECT_EQ(o.matched, o.total);
  }
}

TEST(PharmcatConformance, EveryCombinationCaseWithCombinations) {
  if (!std::filesystem::exists(pharmcat_dir() + "/EXPECTED.tsv")) GTEST_SKIP() << "../shared/data/pharmcat absent";
  const Outcome o = run_cases(false, Which::Combination, true);
  std::cout << "PharmCAT conformance (GRCh38, --combinations): " << o.matched << "/" << o.total
            << " combination cases match exactly\n";
  EXPECT_EQ(o.total, 10);
  EXPECT_EQ(o.matched, o.total);
}

TEST(PharmcatConformance, SameCallsAtGrch37Coordinates) {
  if (!std::filesystem::exists(pharmcat_dir() + "/EXPECTED.tsv")) GTEST_SKIP() << "../shared/data/pharmcat absent";
  const Outcome plain = run_cases(true, Which::NonCombination, false), comb = run_cases(true, Which::Combination, true);
  std::cout << "PharmCAT conformance (GRCh37): " << plain.matched << "/" << plain.total << " non-combination, " << comb.matched
            << "/" << comb.total << " combination cases match\n";
  EXPECT_EQ(plain.total, 21);
  EXPECT_EQ(plain.matched, plain.total);
  EXPECT_EQ(comb.total, 10);
  EXPECT_EQ(comb.matched, comb.total);
}

}  // namespace
}  // namespace ketapgx

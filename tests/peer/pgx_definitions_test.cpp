// The allele-definition tables in configs/pgx/ agree with PharmCAT's: every
// position (coordinate, REF, ALT alleles), every named allele and its allele at
// every position, every allele function; and the phenotype rules reproduce
// every row of PharmCAT's <GENE>_diplotype_phenotype_flat.tsv. Skips without ../shared.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>

#include "pgx/allele_definitions.h"
#include "support/test_support.h"

namespace ketapgx {
namespace {

std::string defs_dir() { return test::source_dir() + "/configs/pgx"; }
std::string pharmcat_defs() { return test::shared_dir() + "/data/pharmcat/definitions"; }

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

std::uint32_t expected_mask(const DefinitionPosition& p, const nlohmann::json& allele) {
  if (allele.is_null()) return 0;
  const std::string a = allele.get<std::string>();
  if (const int k = p.sequence_index(a); k >= 0) return 1u << k;
  const std::string iupac = a == "R" ? "AG" : a == "Y" ? "CT" : a == "S" ? "CG" : a == "W" ? "AT" : a == "K" ? "GT" : a == "M" ? "AC" : "";
  std::uint32_t m = 0;
  for (char b : iupac)
    if (const int k = p.sequence_index(std::string(1, b)); k >= 0) m |= 1u << k;
  return m;
}

class PgxDefinitions : public ::testing::TestWithParam<const char*> {};

TEST_P(PgxDefinitions, PositionsAllelesAndFunctionsMatchPharmcat) {
  const std::string gene = GetParam();
  const std::string tpath = pharmcat_defs() + "/" + gene + "_translation.json";
  if (!std::filesystem::exists(tpath)) GTEST_SKIP() << tpath << " not present (../shared absent)";
  const GeneDefinition def = load_gene_definition(defs_dir(), gene);
  const nlohmann::json t = read_json(tpath);
  const auto& variants = t.at("variants");
  ASSERT_EQ(def.positions.size(), variants.size());
  for (std::size_t i = 0; i < variants.size(); ++i) {
    const auto& v = variants[i];
    const DefinitionPosition& p = def.positions[i];
    EXPECT_EQ(p.chrom_grch38, v.at("chromosome").get<std::string>());
    EXPECT_EQ(p.pos_grch38, v.at("position").get<std::int64_t>()) << p.variant;
    EXPECT_EQ(p.ref_grch38, v.at("ref").get<std::string>()) << p.variant;
    std::vector<std::string> alts(p.sequences.begin() + 1, p.sequences.end());
    std::vector<std::string> theirs = v.at("alts").get<std::vector<std::string>>();
    std::sort(alts.begin(), alts.end());
    std::sort(theirs.begin(), theirs.end());
    EXPECT_EQ(alts, theirs) << p.variant;
  }
  const auto& named = t.at("namedAlleles");
  ASSERT_EQ(def.alleles.size(), named.size());
  const nlohmann::json functions = read_json(pharmcat_defs() + "/" + gene + "_phenotype.json").at("haplotypes");
  std::size_t checked = 0;
  for (std::size_t a = 0; a < named.size(); ++a) {
    const NamedAllele& ours = def.alleles[a];
    EXPECT_EQ(ours.name, named[a].at("name").get<std::string>());
    EXPECT_EQ(ours.reference, named[a].at("reference").get<bool>()) << ours.name;
    const std::string fn = functions.contains(ours.name) ? functions.at(ours.name).get<std::string>() : "Unassigned function";
    EXPECT_EQ(ours.function, fn) << ours.name;
    for (std::size_t i = 0; i < variants.size(); ++i) {
      const std::uint32_t want = ours.reference ? 1u : expected_mask(def.positions[i], named[a].at("alleles")[i]);
      EXPECT_EQ(ours.accepts[i], want) << ours.name << " at " << def.positions[i].variant;
      ++checked;
    }
  }
  std::cout << gene << ": " << def.positions.size() << " positions, " << def.alleles.size() << " alleles, " << checked
            << " allele-position cells agree with PharmCAT\n";
}

// The structural alleles (G.structural.tsv, known only to outside calls) are
// exactly the CPIC-assigned alleles that have no VCF definition, with CPIC's
// function: CYP2B6 *29 and *30.
TEST_P(PgxDefinitions, StructuralAllelesAreTheCpicAllelesWithoutAVcfDefinition) {
  const std::string gene = GetParam();
  const std::string ppath = pharmcat_defs() + "/" + gene + "_phenotype.json";
  if (!std::filesystem::exists(ppath)) GTEST_SKIP() << ppath << " not present (../shared absent)";
  const GeneDefinition def = load_gene_definition(defs_dir(), gene);
  std::map<std::string, std::string> expected;
  const nlohmann::json cpic = read_json(ppath);
  for (const auto& [name, fn] : cpic.at("haplotypes").items()) {
    bool defined = false;
    for (const auto& a : def.alleles) defined = defined || a.name == name;
    if (!defined) expected[name] = fn.get<std::string>();
  }
  std::map<std::string, std::string> ours;
  for (const auto& a : def.structural) ours[a.name] = a.function;
  EXPECT_EQ(ours, expected);
  if (gene == "CYP2B6") EXPECT_EQ(ours.size(), 2u);
}

TEST_P(PgxDefinitions, PhenotypeRulesReproduceEveryDiplotype) {
  const std::string gene = GetParam();
  const std::string flat = pharmcat_defs() + "/" + gene + "_diplotype_phenotype_flat.tsv";
  if (!std::filesystem::exists(flat)) GTEST_SKIP() << flat << " not present (../shared absent)";
  const GeneDefinition def = load_gene_definition(defs_dir(), gene);
  std::map<std::string, std::string> function_of;
  for (const auto& a : def.alleles) function_of[a.name] = a.function;
  const test::Table t = test::read_tsv(flat);
  ASSERT_GT(t.rows.size(), 5u);
  std::size_t n = 0;
  for (const auto& row : t.rows) {
    const auto alleles = test::split(row.at("diplotype"), '/');
    ASSERT_EQ(alleles.size(), 2u);
    for (int k = 0; k < 2; ++k) {
      auto it = function_of.find(alleles[static_cast<std::size_t>(k)]);
      if (it != function_of.end())
        EXPECT_EQ(it->second, row.at(k == 0 ? "allele1_function" : "allele2_function")) << row.at("diplotype");
    }
    EXPECT_EQ(def.phenotypes.lookup(row.at("allele1_function"), row.at("allele2_function")), row.at("phenotype"))
        << gene << " " << row.at("diplotype");
    ++n;
  }
  std::cout << gene << ": " << n << "/" << t.rows.size() << " diplotype phenotypes reproduced\n";
}

INSTANTIATE_TEST_SUITE_P(Genes, PgxDefinitions, ::testing::Values("CYP2B6", "CYP3A5", "CYP3A4"));

}  // namespace
}  // namespace ketapgx

// The bundled GRCh38 panel holds exactly the star-allele defining positions of
// PharmCAT's definition files (position, REF and every ALT), read from
// ../shared/data/pharmcat/ at run time. Skips when that folder is absent.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <tuple>

#include "genotypes/panel.h"
#include "support/test_support.h"

namespace ketapgx {
namespace {

using Key = std::tuple<std::string, std::int64_t, std::string, std::string>;  // contig, pos, ref, alt

class PanelVsPharmcat : public ::testing::TestWithParam<const char*> {};

TEST_P(PanelVsPharmcat, SameDefiningPositionsAndAlleles) {
  const std::string gene = GetParam();
  const std::string path = test::shared_dir() + "/data/pharmcat/definitions/" + gene + "_translation.json";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " not present (../shared absent)";
  std::ifstream in(path);
  const nlohmann::json def = nlohmann::json::parse(in);
  ASSERT_EQ(def.at("genomeBuild").get<std::string>().rfind("GRCh38", 0), 0u);
  std::set<Key> pharmcat;
  for (const auto& v : def.at("variants")) {
    const std::string chrom = v.at("chromosome").get<std::string>();
    for (const auto& alt : v.at("alts"))
      pharmcat.emplace(chrom.substr(3), v.at("position").get<std::int64_t>(), v.at("ref").get<std::string>(),
                       alt.get<std::string>());
  }
  ASSERT_FALSE(pharmcat.empty());

  const Panel panel = load_panel(default_panel_path(test::source_dir(), GenomeBuild::GRCh38));
  std::set<Key> ours;
  for (const auto& v : panel.variants)
    if (v.gene == gene && v.role == "star_allele") ours.emplace(v.contig, v.pos, v.ref, v.alt);

  for (const Key& k : pharmcat)
    EXPECT_TRUE(ours.count(k)) << gene << " PharmCAT position " << std::get<1>(k) << " " << std::get<2>(k) << ">"
                               << std::get<3>(k) << " is not in the panel";
  for (const Key& k : ours)
    EXPECT_TRUE(pharmcat.count(k)) << gene << " panel position " << std::get<1>(k) << " " << std::get<2>(k) << ">"
                                   << std::get<3>(k) << " is not in PharmCAT's definitions";
  std::cout << gene << ": " << pharmcat.size() << " PharmCAT (position, ALT) pairs, all in the panel\n";
}

INSTANTIATE_TEST_SUITE_P(Genes, PanelVsPharmcat, ::testing::Values("CYP2B6", "CYP3A5", "CYP3A4"));

}  // namespace
}  // namespace ketapgx

// Panel files: the bundled panels load; malformed panels fail naming the line.
#include <gtest/gtest.h>

#include "genotypes/panel.h"
#include "ketapgx/core/errors.h"
#include "support/test_support.h"

namespace ketapgx {
namespace {

TEST(Panel, BundledPanelsLoadWithTheirBuild) {
  const Panel p38 = load_panel(default_panel_path(test::source_dir(), GenomeBuild::GRCh38));
  const Panel p37 = load_panel(default_panel_path(test::source_dir(), GenomeBuild::GRCh37));
  EXPECT_EQ(p38.build, GenomeBuild::GRCh38);
  EXPECT_EQ(p37.build, GenomeBuild::GRCh37);
  EXPECT_EQ(p38.variants.size(), p37.variants.size());
  bool has_bdnf = false;
  for (const auto& v : p38.variants) has_bdnf |= v.id == "rs6265" && v.role == "response";
  EXPECT_TRUE(has_bdnf);
}

TEST(Panel, GRCh37TableMirrorsGRCh38ByGeneOffset) {
  const Panel p38 = load_panel(default_panel_path(test::source_dir(), GenomeBuild::GRCh38));
  const Panel p37 = load_panel(default_panel_path(test::source_dir(), GenomeBuild::GRCh37));
  ASSERT_EQ(p38.variants.size(), p37.variants.size());
  for (std::size_t i = 0; i < p38.variants.size(); ++i) {
    const auto& a = p38.variants[i];
    const auto& b = p37.variants[i];
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.contig, b.contig);
    if (a.gene == "CYP2B6") EXPECT_EQ(b.pos - a.pos, 505905) << a.id;
    if (a.gene == "CYP3A4" || a.gene == "CYP3A5") EXPECT_EQ(b.pos - a.pos, -402377) << a.id;
    if (a.id == "rs776746") {
      // GRCh37's reference base at CYP3A5*3 is the *3 allele itself.
      EXPECT_EQ(a.ref + a.alt, "TC");
      EXPECT_EQ(b.ref + b.alt, "CT");
    } else {
      EXPECT_EQ(a.ref, b.ref) << a.id;
      EXPECT_EQ(a.alt, b.alt) << a.id;
    }
  }
}

std::string expect_panel_error(const std::string& content) {
  test::TempDir d;
  test::write_file(d.file("p.tsv"), content);
  try {
    load_panel(d.file("p.tsv"));
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error for:\n" << content;
  return "";
}

TEST(Panel, RejectsMalformedPanels) {
  const std::string header = "chrom\tpos\tid\tref\talt\tgene\trole\n";
  EXPECT_NE(expect_panel_error("chrom\tposition\n").find("line 1"), std::string::npos);
  EXPECT_NE(expect_panel_error(header + "chr1\tx\trs1\tA\tG\tG1\tresponse\n").find("line 2"), std::string::npos);
  EXPECT_NE(expect_panel_error(header + "chr1\t5\trs1\tA\tA\tG1\tresponse\n").find("distinct"), std::string::npos);
  const std::string dup = expect_panel_error(header + "chr1\t5\trs1\tA\tG\tG1\tresponse\nchr1\t5\trs2\tA\tG\tG1\tresponse\n");
  EXPECT_NE(dup.find("line 3"), std::string::npos);
  EXPECT_NE(dup.find("line 2"), std::string::npos);
  EXPECT_NE(expect_panel_error(header).find("no variants"), std::string::npos);
}

}  // namespace
}  // namespace ketapgx

// Build detection from ##contig lengths, and contig name canonicalisation.
#include <gtest/gtest.h>

#include "genotypes/contig.h"
#include "genotypes/genome_build.h"
#include "ketapgx/core/errors.h"

namespace ketapgx {
namespace {

TEST(GenomeBuild, DetectsGRCh38AndGRCh37) {
  EXPECT_EQ(detect_build({{"chr1", 248956422}, {"chr19", 58617616}}).build, GenomeBuild::GRCh38);
  EXPECT_EQ(detect_build({{"1", 249250621}, {"7", 159138663}}).build, GenomeBuild::GRCh37);
  const BuildEvidence e = detect_build({{"chr1", 248956422}});
  EXPECT_EQ(e.grch38_matches, 1);
  EXPECT_NE(e.detail.find("GRCh38"), std::string::npos);
}

TEST(GenomeBuild, UnknownWithoutEvidenceOrWithConflicts) {
  EXPECT_EQ(detect_build({}).build, GenomeBuild::Unknown);
  EXPECT_EQ(detect_build({{"chrUn_xyz", 1000}, {"MT", 16569}}).build, GenomeBuild::Unknown);
  EXPECT_EQ(detect_build({{"1", 249250621}, {"2", 242193529}}).build, GenomeBuild::Unknown);
  EXPECT_EQ(detect_build({{"1", 12345}}).build, GenomeBuild::Unknown);
}

TEST(GenomeBuild, ParsesNames) {
  EXPECT_EQ(parse_build("hg19", "--build"), GenomeBuild::GRCh37);
  EXPECT_EQ(parse_build("GRCh38", "--build"), GenomeBuild::GRCh38);
  EXPECT_THROW(parse_build("hg17", "--build"), UsageError);
}

TEST(Contig, CanonicalNames) {
  EXPECT_EQ(canonical_contig("chr19"), "19");
  EXPECT_EQ(canonical_contig("19"), "19");
  EXPECT_EQ(canonical_contig("CHRX"), "X");
  EXPECT_EQ(canonical_contig("chrM"), "MT");
  EXPECT_EQ(canonical_contig("MT"), "MT");
  EXPECT_EQ(canonical_contig("chr"), "chr");  // not a prefix of anything
}

}  // namespace
}  // namespace ketapgx

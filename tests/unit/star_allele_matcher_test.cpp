// The matcher on a small made-up gene: phase, phase sets, scoring and ties,
// missing and undocumented alleles, haploid calls.
#include <gtest/gtest.h>

#include "pgx/star_allele_matcher.h"
#include "pgx/combination_matcher.h"

namespace ketapgx {
namespace {

// Gene TEST: positions p1..p3 (REF A, C, G; ALT T at each).
//   *1 reference; *2 = p1 T (Normal); *3 = p2 T (No function);
//   *4 = p1 T + p2 T (Decreased); *5 = p3 T (Unknown function)
GeneDefinition test_gene() {
  GeneDefinition g;
  g.gene = "TEST";
  for (const char* ref : {"A", "C", "G"}) {
    DefinitionPosition p;
    p.variant = std::string("p") + std::to_string(g.positions.size() + 1);
    p.ref_grch38 = p.ref_grch37 = ref;
    p.sequences = {ref, "T"};
    g.positions.push_back(p);
  }
  auto allele = [&](const char* name, const char* fn, std::vector<int> alt_at) {
    NamedAllele a;
    a.name = name;
    a.function = fn;
    a.accepts.assign(3, 0);
    for (int p : alt_at) a.accepts[static_cast<std::size_t>(p)] = 2u;
    return a;
  };
  NamedAllele ref = allele("*1", "Normal function", {});
  ref.reference = true;
  ref.accepts.assign(3, 1u);
  g.alleles = {ref, allele("*2", "Normal function", {0}), allele("*3", "No function", {1}),
               allele("*4", "Decreased function", {0, 1}), allele("*5", "Unknown function", {2})};
  g.phenotypes.add("Normal function", "Normal function", "Normal Metabolizer");
  g.phenotypes.add("Normal function", "No function", "Intermediate Metabolizer");
  g.phenotypes.add("Normal function", "Decreased function", "Intermediate Metabolizer");
  g.phenotypes.add("No function", "No function", "Poor Metabolizer");
  return g;
}

PositionCall gt(int a1, int a2, bool phased = false, int ps = 0) {
  PositionCall c;
  c.a1 = static_cast<std::int8_t>(a1);
  c.a2 = static_cast<std::int8_t>(a2);
  c.phased = phased;
  c.phase_set = ps;
  return c;
}

TEST(StarAlleleMatcher, ReferenceAndHomozygous) {
  const GeneDefinition g = test_gene();
  StarAlleleMatcher m(g);
  EXPECT_EQ(m.call({gt(0, 0), gt(0, 0), gt(0, 0)}).diplotype, "*1/*1");
  const DiplotypeCall c = m.call({gt(0, 0), gt(1, 1), gt(0, 0)});
  EXPECT_EQ(c.diplotype, "*3/*3");
  EXPECT_EQ(c.phenotype, "Poor Metabolizer");
}

TEST(StarAlleleMatcher, UnphasedPrefersTheReferenceScoredDiplotype) {
  const GeneDefinition g = test_gene();
  StarAlleleMatcher m(g);
  // Het at p1 and p2, unphased: *1/*4 (score 3 + 2) beats *2/*3 (1 + 1).
  const DiplotypeCall c = m.call({gt(0, 1), gt(0, 1), gt(0, 0)});
  EXPECT_EQ(c.diplotype, "*1/*4");
  EXPECT_EQ(c.phenotype, "Intermediate Metabolizer");
  EXPECT_EQ(c.alternatives, std::vector<std::string>{"*2/*3"});
}

TEST(StarAlleleMatcher, PhaseDecides) {
  const GeneDefinition g = test_gene();
  StarAlleleMatcher m(g);
  // Trans (0|1, 1|0): only *2/*3 fits.
  EXPECT_EQ(m.call({gt(0, 1, true), gt(1, 0, true), gt(0, 0)}).diplotype, "*2/*3");
  // Cis: only *1/*4.
  const DiplotypeCall cis = m.call({gt(0, 1, true), gt(0, 1, true), gt(0, 0)});
  EXPECT_EQ(cis.diplotype, "*1/*4");
  EXPECT_TRUE(cis.alternatives.empty());
  // Different phase sets: relative phase unknown again.
  EXPECT_EQ(m.call({gt(0, 1, true, 10), gt(1, 0, true, 20), gt(0, 0)}).alternatives.size(), 1u);
}

TEST(StarAlleleMatcher, MissingPositionsAreNoCallsNotReference) {
  const GeneDefinition g = test_gene();
  StarAlleleMatcher m(g);
  const DiplotypeCall c = m.call({gt(0, 0), gt(-1, -1), gt(0, 0)});
  EXPECT_EQ(c.diplotype, "*1/*1");
  EXPECT_EQ(c.missing_positions, std::vector<std::string>{"p2"});
  const DiplotypeCall none = m.call({gt(-1, -1), gt(-1, -1), gt(-1, 0)});
  EXPECT_TRUE(none.diplotype.empty());
  EXPECT_EQ(none.phenotype, "NA");
  EXPECT_EQ(none.missing_positions.size(), 3u);
  ASSERT_FALSE(none.warnings.empty());
}

TEST(StarAlleleMatcher, UndocumentedAlleleGivesNoCall) {
  const GeneDefinition g = test_gene();
  StarAlleleMatcher m(g);
  const DiplotypeCall c = m.call({gt(0, PositionCall::kUndocumented), gt(0, 0), gt(0, 0)});
  EXPECT_TRUE(c.diplotype.empty());
  ASSERT_EQ(c.warnings.size(), 1u);
  EXPECT_NE(c.warnings[0].find("undocumented"), std::string::npos);
}

TEST(StarAlleleMatcher, UnknownFunctionAndHaploid) {
  const GeneDefinition g = test_gene();
  StarAlleleMatcher m(g);
  const DiplotypeCall c = m.call({gt(0, 0), gt(0, 0), gt(0, 1)});
  EXPECT_EQ(c.diplotype, "*1/*5");
  EXPECT_EQ(c.phenotype, "Indeterminate");  // no rule for Normal + Unknown here
}

// A one-allele call is hemizygous on X or Y; on an autosome (these genes) it
// is not read: reading it as homozygous would invent the second copy.
TEST(StarAlleleMatcher, HaploidCallsAreReadOnlyOnSexChromosomes) {
  GeneDefinition g = test_gene();
  PositionCall hap = gt(1, 1);
  hap.haploid = 1;
  for (auto& p : g.positions) p.chrom_grch38 = p.chrom_grch37 = "chr19";
  const DiplotypeCall a = StarAlleleMatcher(g).call({hap, gt(0, 0), gt(0, 0)});
  ASSERT_EQ(a.missing_positions, std::vector<std::string>{"p1"});
  EXPECT_NE(a.warnings.front().find("haploid call (one allele) on an autosome: not read"), std::string::npos);
  EXPECT_NE(a.diplotype, "*2/*2");
  // p2 haploid ALT would make *3 (No function): unread, the phenotype cannot be known.
  const DiplotypeCall b = StarAlleleMatcher(g).call({gt(0, 0), hap, gt(0, 0)});
  EXPECT_EQ(b.phenotype, "Indeterminate");
  EXPECT_EQ(b.basis, CallBasis::PartialIndeterminate);
  for (auto& p : g.positions) p.chrom_grch38 = p.chrom_grch37 = "chrX";
  const DiplotypeCall x = StarAlleleMatcher(g).call({hap, gt(0, 0), gt(0, 0)});
  EXPECT_EQ(x.diplotype, "*2/*2");
  EXPECT_NE(x.warnings.front().find("hemizygous"), std::string::npos);
}

TEST(StarAlleleMatcher, FitsNothing) {
  // p3 hom ALT together with p1/p2 hets in cis on one haplotype: *4 + p3 is no allele.
  const GeneDefinition g = test_gene();
  StarAlleleMatcher m(g);
  const DiplotypeCall c = m.call({gt(1, 1), gt(1, 1), gt(1, 1)});
  EXPECT_TRUE(c.diplotype.empty());
  EXPECT_NE(c.warnings.back().find("fit no pair"), std::string::npos);
}

}  // namespace
}  // namespace ketapgx

namespace ketapgx {
namespace {

// PharmCAT's order of haplotype names in combination mode (its
// HaplotypeNameComparator over pgkb-common's natural order).
TEST(CombinationNames, PharmcatOrder) {
  auto less = [](const std::string& a, const std::string& b) { return CombinationMatcher::compare_names(a, b) < 0; };
  EXPECT_TRUE(less("*2", "*10"));                                   // numbers as numbers
  EXPECT_TRUE(less("*9", "g.41012316T>G"));                         // '*' before 'g'
  EXPECT_TRUE(less("g.40991381A>T", "g.41009350C>T"));              // partials by position
  EXPECT_TRUE(less("*14", "[*9 + *10]"));                           // plain before bracketed
  EXPECT_TRUE(less("[*9 + *14]", "[*9 + *10 + *14]"));              // fewer components first
  EXPECT_TRUE(less("[*6 + *14]", "[*13 + *14]"));                   // component by component, naturally
  EXPECT_TRUE(less("[*6 + *14]", "[*6 + g.41010006G>C]"));          // a partial component after a named one
  EXPECT_TRUE(less("[*39 + g.41010006G>C]", "[g.41006968T>A + g.41012316T>G]"));
  EXPECT_EQ(CombinationMatcher::compare_names("[*2 + *5]", "[*2 + *5]"), 0);
  EXPECT_FALSE(less("*10", "*9"));
  // What counts as a partial component: PharmCAT's ^g\.\d+[?=]?[ACGT>\d]+$ (so not g.99652771dup).
  EXPECT_TRUE(less("[*9 + *14]", "[*9 + g.41012316T>G]"));
  EXPECT_TRUE(less("[*9 + g.99652771dup]", "[*9 + g.123]"));
  EXPECT_TRUE(less("[*9 + g.1=A]", "[*9 + *10]") == false);
}

}  // namespace
}  // namespace ketapgx

// Expression matrices: orientation, identifiers, units and every error path.
#include <gtest/gtest.h>

#include <cmath>

#include "ketapgx/core/errors.h"
#include "samples/expression.h"
#include "support/test_support.h"

namespace ketapgx {
namespace {

GeneTable genes() {
  GeneTable t;
  t.symbol_upper = {{"GRM2", "GRM2"}, {"GRIN2D", "GRIN2D"}, {"BDNF", "BDNF"}};
  t.ensembl_to_symbol = {{"ENSG00000164082", "GRM2"}};
  return t;
}

ExpressionMatrix read(const std::string& content, ExpressionOptions o = {}) {
  test::TempDir d;
  test::write_file(d.file("e.tsv"), content);
  return read_expression(d.file("e.tsv"), o, genes());
}

std::string error_of(const std::string& content, ExpressionOptions o = {}) {
  try {
    read(content, o);
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error for:\n" << content;
  return "";
}

TEST(Expression, GenesBySamplesFromSampleIds) {
  ExpressionOptions o;
  o.known_samples = {"P1", "P2"};
  const auto m = read("gene\tP1\tP2\nENSG00000164082.5\t10\t20\nGRIN2D\t3\t4\n", o);
  EXPECT_EQ(m.layout, ExpressionLayout::GenesBySamples);
  EXPECT_EQ(m.units, ExpressionUnits::Counts);
  ASSERT_EQ(m.genes.size(), 2u);
  EXPECT_EQ(m.genes[0], "GRM2");  // Ensembl ID resolved, version stripped
  EXPECT_EQ(m.at(1, 0), 20.0);
  EXPECT_EQ(m.at(0, 1), 3.0);
}

TEST(Expression, SamplesByGenesFromGeneNames) {
  const auto m = read("sample_id\tGRM2\tbdnf\tNOVEL1\nA\t1.5\t2\t3\nB\t0\t0.25\t1\n");
  EXPECT_EQ(m.layout, ExpressionLayout::SamplesByGenes);
  EXPECT_EQ(m.units, ExpressionUnits::Tpm);
  EXPECT_EQ(m.samples, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(m.genes[1], "BDNF");
  EXPECT_FALSE(m.gene_known[2]);  // unknown genes are kept, flagged
  EXPECT_DOUBLE_EQ(m.at(1, 1), 0.25);
}

TEST(Expression, ReadsGct) {
  const auto m = read("#1.2\n2\t2\nName\tDescription\tA\tB\nGRM2\tx\t1\t2\nBDNF\ty\t3\t4\n");
  EXPECT_EQ(m.layout, ExpressionLayout::GenesBySamples);
  EXPECT_EQ(m.at(1, 1), 4.0);
}

TEST(Expression, KeepsOnlyRequestedGenes) {
  ExpressionOptions o;
  o.keep_genes = {"BDNF"};
  const auto m = read("sample_id\tGRM2\tBDNF\nA\t1\t2\n", o);
  ASSERT_EQ(m.genes.size(), 1u);
  EXPECT_EQ(m.n_genes_in_file, 2u);
  EXPECT_EQ(m.at(0, 0), 2.0);
}

TEST(Expression, TextValueNamesLineColumnGeneAndSample) {
  const std::string e = error_of("sample_id\tGRM2\tBDNF\nA\t1\t2\nB\t3\thigh\n");
  EXPECT_NE(e.find("line 3, column 3"), std::string::npos) << e;
  EXPECT_NE(e.find("gene BDNF, sample B"), std::string::npos) << e;
  EXPECT_NE(e.find("'high' is not a number"), std::string::npos) << e;
}

TEST(Expression, MissingAndNegativeValues) {
  EXPECT_NE(error_of("sample_id\tGRM2\nA\tNA\n").find("--allow-missing-expression"), std::string::npos);
  EXPECT_NE(error_of("sample_id\tGRM2\nA\t-1.5\n").find("negative"), std::string::npos);
  ExpressionOptions o;
  o.allow_missing = true;
  const auto m = read("sample_id\tGRM2\nA\tNA\n", o);
  EXPECT_TRUE(std::isnan(m.at(0, 0)));
}

TEST(Expression, DuplicatesAndRaggedRows) {
  EXPECT_NE(error_of("sample_id\tGRM2\nA\t1\nA\t2\n").find("appears twice"), std::string::npos);
  EXPECT_NE(error_of("sample_id\tGRM2\tENSG00000164082\nA\t1\t2\n").find("appears twice"), std::string::npos);
  EXPECT_NE(error_of("sample_id\tGRM2\tBDNF\nA\t1\n").find("line 2"), std::string::npos);
  EXPECT_NE(error_of("sample_id\tGRM2\n").find("no data lines"), std::string::npos);
}

TEST(Expression, UndecidableOrientationAsksForTheOption) {
  EXPECT_NE(error_of("x\tp\tq\nr\t1\t2\n").find("--expression-layout"), std::string::npos);
  ExpressionOptions o;
  o.layout = ExpressionLayout::SamplesByGenes;
  EXPECT_EQ(read("x\tp\tq\nr\t1\t2\n", o).samples, std::vector<std::string>{"r"});
}

}  // namespace
}  // namespace ketapgx

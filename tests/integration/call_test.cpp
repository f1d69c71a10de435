// `ketapgx call` end to end: output columns and sorting, bad input reported per
// sample (unexpected REF, conflicting duplicates, all positions missing,
// undocumented ALT), the risky absent-as-reference option, usage errors.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "genotypes/panel.h"
#include "pgx/allele_definitions.h"
#include "pgx/pgx_caller.h"
#include <map>
#include <set>
#include <tuple>

#include "support/test_support.h"

namespace ketapgx {
namespace {

const char* kHeader =
    "##fileformat=VCFv4.2\n##contig=<ID=chr7,length=159345973>\n##contig=<ID=chr19,length=58617616>\n"
    "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tB\tA\tC\n";

// The CYP3A5 positions of GRCh38 with the given genotype columns for B, A, C.
std::string cyp3a5(const std::string& rs776746_line) {
  return std::string(kHeader) +
         "chr7\t99652770\trs41303343\tT\tTA\t.\tPASS\t.\tGT\t0/0\t0/0\t./.\n"
         "chr7\t99660516\trs28383479\tC\tT\t.\tPASS\t.\tGT\t0/0\t0/1\t./.\n"
         "chr7\t99665212\trs10264272\tC\tT\t.\tPASS\t.\tGT\t0/0\t0/0\t./.\n" +
         rs776746_line +
         "chr7\t99676198\trs55817950\tG\tA\t.\tPASS\t.\tGT\t0/0\t0/0\t./.\n";
}

struct CallRun {
  test::CommandResult r;
  std::map<std::string, std::map<std::string, std::string>> by_sample;  // sample -> row (CYP3A5)
  std::vector<std::string> order;
};

CallRun call(const std::string& vcf_text, const std::string& extra = "") {
  test::TempDir d;
  test::write_file(d.file("in.vcf"), vcf_text);
  CallRun run;
  run.r = test::run_ketapgx("call --genes CYP3A5 --vcf " + d.file("in.vcf") + " --out " + d.file("o") + " " + extra);
  if (run.r.exit_code == 0) {
    for (const auto& row : test::read_tsv(d.file("o.pgx.tsv")).rows) {
      run.by_sample[row.at("sample_id")] = row;
      run.order.push_back(row.at("sample_id"));
    }
  }
  return run;
}

TEST(Call, CallsSortedBySampleWithEveryColumn) {
  const CallRun run = call(cyp3a5("chr7\t99672916\trs776746\tT\tC\t.\tPASS\t.\tGT\t1/1\t1/0\t./.\n"));
  ASSERT_EQ(run.r.exit_code, 0) << run.r.err;
  EXPECT_EQ(run.order, (std::vector<std::string>{"A", "B", "C"}));
  EXPECT_EQ(run.by_sample.at("B").at("diplotype"), "*3/*3");
  EXPECT_EQ(run.by_sample.at("B").at("phenotype"), "Poor Metabolizer");
  EXPECT_EQ(run.by_sample.at("B").at("metabolizer_class"), "PM");
  EXPECT_EQ(run.by_sample.at("A").at("diplotype"), "*3/*9");
  EXPECT_EQ(run.by_sample.at("A").at("allele2_function"), "Unknown function");
  for (const char* c : {"sample_id", "gene", "diplotype", "allele1", "allele2", "allele1_function", "allele2_function",
                        "phenotype", "missing_positions", "alternatives", "warnings"})
    EXPECT_TRUE(run.by_sample.at("A").count(c)) << c;
}

TEST(Call, SampleWithEveryPositionMissingIsNoCallNeverReference) {
  const CallRun run = call(cyp3a5("chr7\t99672916\trs776746\tT\tC\t.\tPASS\t.\tGT\t1/1\t1/0\t./.\n"));
  ASSERT_EQ(run.r.exit_code, 0) << run.r.err;
  const auto& c = run.by_sample.at("C");
  EXPECT_EQ(c.at("diplotype"), ".");
  EXPECT_EQ(c.at("phenotype"), "n/a");
  EXPECT_EQ(test::split(c.at("missing_positions"), ';').size(), 5u);
  EXPECT_NE(c.at("warnings").find("no call"), std::string::npos);
}

TEST(Call, UnexpectedRefIsReportedForEverySample) {
  const CallRun run = call(cyp3a5("chr7\t99672916\trs776746\tC\tT\t.\tPASS\t.\tGT\t0/0\t0/1\t./.\n"));
  ASSERT_EQ(run.r.exit_code, 0) << run.r.err;
  for (const char* s : {"A", "B"}) {
    const auto& row = run.by_sample.at(s);
    EXPECT_NE(row.at("warnings").find("rs776746"), std::string::npos) << row.at("warnings");
    EXPECT_NE(row.at("warnings").find("VCF REF C differs"), std::string::npos) << row.at("warnings");
    EXPECT_NE(row.at("missing_positions").find("rs776746"), std::string::npos);
  }
  // B's other positions are reference, but rs776746 is not read: *1/*1 from the
  // positions present, with the missing position listed (as PharmCAT does).
  EXPECT_EQ(run.by_sample.at("B").at("diplotype"), "*1/*1");
  EXPECT_NE(run.r.err.find("rs776746"), std::string::npos);
}

TEST(Call, ConflictingDuplicateRecordsAreNotUsed) {
  const CallRun run = call(cyp3a5("chr7\t99672916\trs776746\tT\tC\t.\tPASS\t.\tGT\t1/1\t0/0\t./.\n"
                              "chr7\t99672916\trs776746\tT\tC\t.\tPASS\t.\tGT\t0/0\t0/0\t./.\n"));
  ASSERT_EQ(run.r.exit_code, 0) << run.r.err;
  const auto& b = run.by_sample.at("B");
  EXPECT_NE(b.at("warnings").find("2 records carry this allele"), std::string::npos) << b.at("warnings");
  EXPECT_NE(b.at("missing_positions").find("rs776746"), std::string::npos);
}

TEST(Call, UndocumentedAltGivesNoCallForThatSampleOnly) {
  const CallRun run = call(cyp3a5("chr7\t99672916\trs776746\tT\tG\t.\tPASS\t.\tGT\t0/1\t0/0\t./.\n"));
  ASSERT_EQ(run.r.exit_code, 0) << run.r.err;
  EXPECT_EQ(run.by_sample.at("B").at("diplotype"), ".");
  EXPECT_NE(run.by_sample.at("B").at("warnings").find("undocumented"), std::string::npos);
  EXPECT_EQ(run.by_sample.at("A").at("diplotype"), "*1/*9");
}

TEST(Call, AbsentPositionsAsReferenceOnlyWhenAsked) {
  const std::string vcf = std::string(kHeader) + "chr7\t99660516\trs28383479\tC\tT\t.\tPASS\t.\tGT\t0/0\t0/1\t./.\n";
  const CallRun plain = call(vcf);
  ASSERT_EQ(plain.r.exit_code, 0) << plain.r.err;
  EXPECT_EQ(test::split(plain.by_sample.at("B").at("missing_positions"), ';').size(), 4u);
  const CallRun risky = call(vcf, "--unsafe-absent-as-reference");
  ASSERT_EQ(risky.r.exit_code, 0) << risky.r.err;
  EXPECT_EQ(risky.by_sample.at("B").at("missing_positions"), ".");
  EXPECT_NE(risky.by_sample.at("B").at("warnings").find("assumed reference"), std::string::npos);
  EXPECT_NE(risky.r.err.find("--unsafe-absent-as-reference"), std::string::npos);
  // C's './.' stays a no-call, but the absent positions become reference: the
  // risk the option's name warns of.
  EXPECT_EQ(risky.by_sample.at("C").at("missing_positions"), "rs28383479");
  EXPECT_EQ(risky.by_sample.at("C").at("diplotype"), "*1/*1");
}

TEST(Call, UsageErrors) {
  test::TempDir d;
  const auto r = test::run_ketapgx("call --vcf " + test::data_dir() + "/edge_cases.vcf --genes CYP2D6 --out " + d.file("o"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown gene 'CYP2D6'"), std::string::npos);
  EXPECT_TRUE(d.list().empty());
  EXPECT_EQ(test::run_ketapgx("call --out x").exit_code, 2);
}

TEST(Call, JsonSummaryAndNotice) {
  test::TempDir d;
  const auto r = test::run_ketapgx("call --quiet --vcf " + test::source_dir() + "/examples/cohort/cohort.vcf.gz --out " + d.file("ex"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(test::read_file(d.file("ex.pgx.json")));
  EXPECT_EQ(j.at("samples"), 40);
  EXPECT_NE(j.at("notice").get<std::string>().find("research use only"), std::string::npos);
  for (const char* g : {"CYP2B6", "CYP3A5", "CYP3A4"}) EXPECT_TRUE(j.at("genes").contains(g)) << g;
  EXPECT_EQ(test::read_tsv(d.file("ex.pgx.tsv")).rows.size(), 120u);
}

TEST(Call, BundledPanelHoldsEveryDefiningAllele) {
  // configs/panels (read by qc) and configs/pgx (read by call) describe the same positions.
  for (GenomeBuild b : {GenomeBuild::GRCh38, GenomeBuild::GRCh37}) {
    std::vector<GeneDefinition> defs;
    const std::string dir = test::source_dir() + "/configs/pgx";
    for (const auto& g : list_definition_genes(dir)) defs.push_back(load_gene_definition(dir, g));
    const PgxCaller caller(defs, b, {});
    const Panel bundled = load_panel(default_panel_path(test::source_dir(), b));
    std::set<std::tuple<std::string, std::int64_t, std::string, std::string>> a, c;
    for (const auto& v : caller.panel().variants) a.emplace(v.contig, v.pos, v.ref, v.alt);
    for (const auto& v : bundled.variants)
      if (v.role == "star_allele") c.emplace(v.contig, v.pos, v.ref, v.alt);
    EXPECT_EQ(a, c) << build_name(b);
  }
}

}  // namespace
}  // namespace ketapgx

namespace ketapgx {
namespace {

// Ten phase sets in one gene (issue 13): every set keeps its own identity. A
// renumbering that stopped at eight sets once left the tenth with its raw ID
// (3), equal to the fourth set's new number: rs3745274 (set 1003) and
// rs2279343 (set 3) were then read as one phased block, in cis, and the trans
// reading *4/*9 vanished from the alternatives. Sample B has both sites in one
// set: there the phase is known and *4/*9 is rightly excluded.
TEST(Call, TenPhaseSetsStayApart) {
  const std::vector<std::tuple<const char*, long, const char*, const char*>> sites = {
      {"rs34223104", 40991224, "T", "C"}, {"rs34883432", 40991367, "A", "T"}, {"rs8192709", 40991369, "C", "T"},
      {"rs33973337", 40991381, "A", "T"}, {"rs33980385", 40991388, "A", "G"}, {"rs33926104", 40991390, "C", "A"},
      {"rs34284776", 40991391, "G", "C"}, {"rs35303484", 40991441, "A", "G"}, {"rs36060847", 41004125, "G", "A"}};
  const int ps[] = {1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 2000};
  auto vcf = [&](const std::string& y_ps_of_a) {
    std::string v = "##fileformat=VCFv4.2\n##contig=<ID=chr19,length=58617616>\n"
                    "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
                    "##FORMAT=<ID=PS,Number=1,Type=Integer,Description=\"Phase set\">\n"
                    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tA\tB\n";
    for (std::size_t i = 0; i < sites.size(); ++i) {
      const auto& [rs, pos, ref, alt] = sites[i];
      v += "chr19\t" + std::to_string(pos) + "\t" + rs + "\t" + ref + "\t" + alt + "\t.\tPASS\t.\tGT:PS\t0|0:" + std::to_string(ps[i]) +
           "\t0|0:" + std::to_string(ps[i]) + "\n";
    }
    v += "chr19\t41006936\trs3745274\tG\tT\t.\tPASS\t.\tGT:PS\t0|1:1003\t0|1:1003\n";
    v += "chr19\t41009358\trs2279343\tA\tG\t.\tPASS\t.\tGT:PS\t0|1:" + y_ps_of_a + "\t0|1:1003\n";
    return v;
  };
  auto run = [](const std::string& text) {
    test::TempDir d;
    test::write_file(d.file("in.vcf"), text);
    const auto r = test::run_ketapgx("call --quiet --genes CYP2B6 --vcf " + d.file("in.vcf") + " --out " + d.file("o"));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::map<std::string, std::map<std::string, std::string>> by;
    for (const auto& row : test::read_tsv(d.file("o.pgx.tsv")).rows) by[row.at("sample_id")] = row;
    return by;
  };
  auto has = [](const std::string& list, const std::string& d) { return (";" + list + ";").find(";" + d + ";") != std::string::npos; };
  const auto collide = run(vcf("3")), apart = run(vcf("999999"));
  for (const auto* by : {&collide, &apart}) {
    EXPECT_EQ(by->at("A").at("diplotype"), "*1/*6");
    EXPECT_TRUE(has(by->at("A").at("alternatives"), "*4/*9")) << by->at("A").at("alternatives");
    EXPECT_EQ(by->at("B").at("diplotype"), "*1/*6");
    EXPECT_FALSE(has(by->at("B").at("alternatives"), "*4/*9")) << by->at("B").at("alternatives");
  }
  EXPECT_EQ(collide.at("A"), apart.at("A"));
}

}  // namespace
}  // namespace ketapgx

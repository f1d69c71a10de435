// `ketapgx call` end to end: output columns and sorting, bad input reported per
// sample (unexpected REF, conflicting duplicates, all positions missing,
// undocumented ALT), the risky absent-as-reference option, usage errors.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "genotypes/panel.h"
#include "pgx/allele_definitions.h"
#include "pgx/pgx_caller.h"
#include <filesystem>
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
  EXPECT_EQ(c.at("diplotype"), "NA");
  EXPECT_EQ(c.at("phenotype"), "NA");
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

// The liftover error of the issue: a GRCh37 file whose rs776746 record carries
// the GRCh38 REF (T; GRCh37's reference there is C, the *3 allele). The
// position is not read, and it defines *3, which changes the phenotype of
// every *1 carrier: Indeterminate, and call_quality says why. PharmCAT's
// behaviour (a confident *1/*1) only with --assume-reference-at-missing.
TEST(Call, WrongRefAtRs776746OnGRCh37MakesThePhenotypeIndeterminate) {
  const std::string vcf =
      "##fileformat=VCFv4.2\n##contig=<ID=7,length=159138663>\n##contig=<ID=19,length=59128983>\n"
      "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
      "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tB\tA\tC\n"
      "7\t99250393\trs41303343\tT\tTA\t.\tPASS\t.\tGT\t0/0\t0/0\t0/0\n"
      "7\t99258139\trs28383479\tC\tT\t.\tPASS\t.\tGT\t0/0\t0/1\t0/0\n"
      "7\t99262835\trs10264272\tC\tT\t.\tPASS\t.\tGT\t0/0\t0/0\t0/0\n"
      "7\t99270539\trs776746\tT\tC\t.\tPASS\t.\tGT\t1/1\t0/1\t0/0\n"
      "7\t99273821\trs55817950\tG\tA\t.\tPASS\t.\tGT\t0/0\t0/0\t0/0\n";
  const CallRun strict = call(vcf, "--build GRCh37");
  ASSERT_EQ(strict.r.exit_code, 0) << strict.r.err;
  EXPECT_NE(strict.r.err.find("rs776746"), std::string::npos) << strict.r.err;
  for (const char* s : {"A", "B", "C"}) {
    const auto& row = strict.by_sample.at(s);
    EXPECT_EQ(row.at("missing_positions"), "rs776746") << s;
    EXPECT_EQ(row.at("phenotype"), "Indeterminate") << s;
    EXPECT_EQ(row.at("metabolizer_class"), "NA") << s;
    EXPECT_EQ(row.at("call_quality"), "partial (missing: rs776746 defines *3)") << s;
    EXPECT_NE(row.at("warnings").find("--pgx-assume-reference-at-missing"), std::string::npos) << row.at("warnings");
  }
  EXPECT_EQ(strict.by_sample.at("B").at("diplotype"), "*1/*1");
  EXPECT_EQ(strict.by_sample.at("A").at("diplotype"), "*1/*9");

  const CallRun assumed = call(vcf, "--build GRCh37 --assume-reference-at-missing");
  ASSERT_EQ(assumed.r.exit_code, 0) << assumed.r.err;
  EXPECT_EQ(assumed.by_sample.at("B").at("phenotype"), "Normal Metabolizer");
  EXPECT_EQ(assumed.by_sample.at("B").at("metabolizer_class"), "NM");
  EXPECT_EQ(assumed.by_sample.at("B").at("call_quality"), "partial (missing: rs776746 defines *3; reference assumed)");
}

// An unread position that cannot change the phenotype leaves it as called, and
// call_quality says so; one that can makes it Indeterminate.
TEST(Call, OnlyUnreadPositionsThatCanChangeThePhenotypeMakeItIndeterminate) {
  // rs10264272 (*6, no function) is './.' for A and B. B is rs776746 1/1: both
  // haplotypes carry *3's C, so *6 (reference there) cannot be one of them:
  // *3/*3 Poor stands. A is rs776746 0/1: *1/*3 Intermediate, or *3/*6 Poor.
  const std::string vcf = std::string(kHeader) +
                          "chr7\t99652770\trs41303343\tT\tTA\t.\tPASS\t.\tGT\t0/0\t0/0\t0/0\n"
                          "chr7\t99660516\trs28383479\tC\tT\t.\tPASS\t.\tGT\t0/0\t0/0\t0/0\n"
                          "chr7\t99665212\trs10264272\tC\tT\t.\tPASS\t.\tGT\t./.\t./.\t0/0\n"
                          "chr7\t99672916\trs776746\tT\tC\t.\tPASS\t.\tGT\t1/1\t0/1\t0/1\n"
                          "chr7\t99676198\trs55817950\tG\tA\t.\tPASS\t.\tGT\t0/0\t0/0\t0/0\n";
  const CallRun run = call(vcf);
  ASSERT_EQ(run.r.exit_code, 0) << run.r.err;
  const auto &a = run.by_sample.at("A"), &b = run.by_sample.at("B"), &c = run.by_sample.at("C");
  EXPECT_EQ(b.at("diplotype"), "*3/*3");
  EXPECT_EQ(b.at("phenotype"), "Poor Metabolizer");
  EXPECT_EQ(b.at("call_quality"), "partial (missing: rs10264272; cannot change the phenotype)");
  EXPECT_EQ(a.at("diplotype"), "*1/*3");
  EXPECT_EQ(a.at("phenotype"), "Indeterminate");
  EXPECT_EQ(a.at("call_quality"), "partial (missing: rs10264272 defines *6)");
  EXPECT_EQ(c.at("diplotype"), "*1/*3");
  EXPECT_EQ(c.at("phenotype"), "Intermediate Metabolizer");
  EXPECT_EQ(c.at("call_quality"), "complete");

  // The JSON summary counts each kind.
  test::TempDir d;
  test::write_file(d.file("in.vcf"), vcf);
  ASSERT_EQ(test::run_ketapgx("call --quiet --genes CYP3A5 --vcf " + d.file("in.vcf") + " --out " + d.file("o")).exit_code, 0);
  const auto q = nlohmann::json::parse(test::read_file(d.file("o.pgx.json"))).at("genes").at("CYP3A5").at("call_quality");
  EXPECT_EQ(q.at("complete"), 1);
  EXPECT_EQ(q.at("partial_cannot_change"), 1);
  EXPECT_EQ(q.at("partial_indeterminate"), 1);
  EXPECT_EQ(q.at("no_call"), 0);
}

// Outside calls replace ours for their sample and gene, marked "outside";
// structural alleles (CYP2B6 *29, *30) are known to them though a VCF cannot
// show them, and every call output says those are not assessed otherwise.
TEST(Call, OutsideCallsReplaceOursAndStructuralAllelesAreNamed) {
  test::TempDir d;
  test::write_file(d.file("in.vcf"), cyp3a5("chr7\t99672916\trs776746\tT\tC\t.\tPASS\t.\tGT\t1/1\t1/0\t./.\n"));
  test::write_file(d.file("outside.tsv"),
                   "# from another caller\n"
                   "sample_id\tgene\tdiplotype\tphenotype\n"
                   "B\tCYP3A5\t*1/*3\t\n"                            // phenotype from the allele functions
                   "C\tCYP2B6\t*1/*29\tIntermediate Metabolizer\n"   // structural: only from outside
                   "A\tCYP2B6\t*6/*30\t\n"
                   "Z\tCYP3A5\t*3/*3\t\n");                          // not in the VCF: warned, not used
  const auto r = test::run_ketapgx("call --vcf " + d.file("in.vcf") + " --outside-calls " + d.file("outside.tsv") + " --out " + d.file("o"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("1 row(s) name samples this run does not have (first: Z, line 6)"), std::string::npos) << r.err;
  std::map<std::string, std::map<std::string, std::string>> by;  // "sample gene" -> row
  for (const auto& row : test::read_tsv(d.file("o.pgx.tsv")).rows) by[row.at("sample_id") + " " + row.at("gene")] = row;
  EXPECT_EQ(by.at("B CYP3A5").at("diplotype"), "*1/*3");
  EXPECT_EQ(by.at("B CYP3A5").at("phenotype"), "Intermediate Metabolizer");
  EXPECT_EQ(by.at("B CYP3A5").at("call_quality"), "outside");
  EXPECT_NE(by.at("B CYP3A5").at("warnings").find(") replaces the VCF's *3/*3 Poor Metabolizer"), std::string::npos)
      << by.at("B CYP3A5").at("warnings");
  EXPECT_EQ(by.at("C CYP2B6").at("diplotype"), "*1/*29");
  EXPECT_EQ(by.at("C CYP2B6").at("allele2_function"), "Decreased function");
  EXPECT_EQ(by.at("C CYP2B6").at("metabolizer_class"), "IM");
  EXPECT_EQ(by.at("A CYP2B6").at("phenotype"), "Poor Metabolizer");  // decreased + no function
  EXPECT_EQ(by.at("A CYP3A5").at("call_quality"), "complete");       // not in the file: ours
  const auto j = nlohmann::json::parse(test::read_file(d.file("o.pgx.json")));
  EXPECT_EQ(j.at("outside_calls").at("used"), 3);
  EXPECT_EQ(j.at("genes").at("CYP3A5").at("distinct_genotype_patterns"), 3);  // outside calls are not patterns
  EXPECT_EQ(j.at("outside_calls").at("samples_not_in_vcf"), 1);
  EXPECT_EQ(j.at("genes").at("CYP2B6").at("call_quality").at("outside"), 2);
  const std::string na = j.at("genes").at("CYP2B6").at("not_assessed").get<std::string>();
  EXPECT_NE(na.find("*29"), std::string::npos) << na;
  EXPECT_NE(na.find("*30"), std::string::npos) << na;
  EXPECT_NE(na.find("not assessed from a VCF"), std::string::npos) << na;
  EXPECT_TRUE(j.at("genes").at("CYP3A5").at("not_assessed").is_null());
  // The statement is also on stderr, and no VCF call is ever *29 or *30.
  EXPECT_NE(r.err.find("not assessed from a VCF"), std::string::npos);
  const auto plain = test::run_ketapgx("call --quiet --vcf " + d.file("in.vcf") + " --out " + d.file("p"));
  ASSERT_EQ(plain.exit_code, 0);
  EXPECT_EQ(test::read_file(d.file("p.pgx.tsv")).find("*29"), std::string::npos);
}

TEST(Call, BadOutsideCallsAreRefusedWithFileAndLine) {
  test::TempDir d;
  test::write_file(d.file("in.vcf"), cyp3a5("chr7\t99672916\trs776746\tT\tC\t.\tPASS\t.\tGT\t1/1\t1/0\t./.\n"));
  const std::string head = "sample_id\tgene\tdiplotype\tphenotype\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {head + "A\tCYP2D6\t*1/*4\t\n", "line 2: unknown gene 'CYP2D6'"},
      {head + "A\tCYP3A5\t*1/*99\t\n", "line 2: CYP3A5 has no allele '*99'"},
      {head + "A\tCYP3A5\t*1/*3\t\nB\tCYP3A5\t*3/*3\t\nA\tCYP3A5\t*3/*3\t\n", "line 4: a second row for A CYP3A5 (the first is line 2)"},
      {head + "A\tCYP3A5\t*1\t\n", "line 2: diplotype '*1' is not two alleles written A/B"},
      {head + "A\tCYP3A5\t*1/*3\tSlow Metabolizer\n", "line 2: phenotype 'Slow Metabolizer' is not one of CYP3A5's"},
      {head + "A\tCYP3A5\t*1/*3\n", "line 2: expected 4 tab-separated fields, found 3"},
      {"sample\tgene\tdiplotype\n", "line 1: unknown column 'sample'"},
      {"sample_id\tgene\tsample_id\tdiplotype\n", "line 1: column 'sample_id' appears twice in the header"},
      {"", "no header line"},
  };
  for (const auto& [text, message] : cases) {
    test::write_file(d.file("outside.tsv"), text);
    const auto r = test::run_ketapgx("call --vcf " + d.file("in.vcf") + " --outside-calls " + d.file("outside.tsv") + " --out " + d.file("o"));
    EXPECT_NE(r.exit_code, 0) << message;
    EXPECT_NE(r.err.find("--outside-calls " + d.file("outside.tsv")), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(d.file("o.pgx.tsv"))) << message;
  }
  // A phenotype the alleles' functions contradict is used, with a warning.
  test::write_file(d.file("outside.tsv"), head + "B\tCYP3A5\t*1/*1\tPoor Metabolizer\n");
  const auto odd = test::run_ketapgx("call --genes CYP3A5 --vcf " + d.file("in.vcf") + " --outside-calls " + d.file("outside.tsv") +
                                     " --out " + d.file("o"));
  EXPECT_EQ(odd.exit_code, 0) << odd.err;
  EXPECT_NE(odd.err.find("1 row(s) give a phenotype other than their alleles' functions give (first: line 2)"), std::string::npos) << odd.err;
  // A known gene this run does not call is left out with a warning, not refused.
  test::write_file(d.file("outside.tsv"), head + "A\tCYP2B6\t*1/*29\t\n");
  const auto r = test::run_ketapgx("call --genes CYP3A5 --vcf " + d.file("in.vcf") + " --outside-calls " + d.file("outside.tsv") +
                                   " --out " + d.file("o"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("1 row(s) for CYP2B6, which this run does not call"), std::string::npos) << r.err;
}

// A half call with a variant (1/.) says one haplotype carries it: never read
// as an unread position (which could call *1/*1 "cannot change"), but no call,
// as PharmCAT gives. A half call with the reference (0/.) is a plain no-call.
TEST(Call, HalfCallsWithAVariantGiveNoCall) {
  const CallRun run = call(cyp3a5("chr7\t99672916\trs776746\tT\tC\t.\tPASS\t.\tGT\t1/.\t0/.\t.|1\n"), "--combinations");
  ASSERT_EQ(run.r.exit_code, 0) << run.r.err;
  for (const char* s : {"B", "C"}) {
    const auto& row = run.by_sample.at(s);
    EXPECT_EQ(row.at("diplotype"), "NA") << s;
    EXPECT_EQ(row.at("call_quality"), "no call") << s;
    EXPECT_NE(row.at("warnings").find("half call with a variant allele"), std::string::npos) << row.at("warnings");
  }
  const auto& a = run.by_sample.at("A");  // 0/.: rs776746 unread, and it could change A's *1/*9
  EXPECT_EQ(a.at("diplotype"), "*1/*9");
  EXPECT_EQ(a.at("missing_positions"), "rs776746");
  EXPECT_EQ(a.at("call_quality"), "partial (missing: rs776746 defines *3)");
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
  EXPECT_EQ(run.by_sample.at("B").at("diplotype"), "NA");
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
  EXPECT_EQ(risky.by_sample.at("B").at("missing_positions"), "NA");
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

namespace ketapgx {
namespace {

// Genotype patterns are found in chunks of 16,384 people on several threads
// and merged: a person's calls must not depend on who else is in the cohort,
// where the chunks fall or how many threads run.
TEST(Call, APersonsCallsDoNotDependOnTheCohortOrTheThreads) {
  test::TempDir d;
  ASSERT_EQ(test::run_ketapgx("simulate --quiet -n 20000 --seed 31 --out " + d.file("sim")).exit_code, 0);
  const std::string vcf = d.file("sim/cohort.vcf.gz");
  auto rows_of = [&](const std::string& extra, const std::string& name) {
    const test::CommandResult r = test::run_ketapgx("call --quiet --vcf " + vcf + " --out " + d.file(name) + " " + extra);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::map<std::string, std::map<std::string, std::string>> by;  // "sample gene" -> row
    for (const auto& row : test::read_tsv(d.file(name + ".pgx.tsv")).rows) by[row.at("sample_id") + " " + row.at("gene")] = row;
    return by;
  };
  const auto everyone = rows_of("--threads 2", "all");
  ASSERT_EQ(everyone.size(), 3u * 20000u);
  // The last 5,000 people alone, on one thread: the chunks now start elsewhere.
  std::string keep;
  std::set<std::string> kept;
  for (int i = 15001; i <= 20000; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "SIM%05d", i);
    keep += std::string(id) + "\n";
    kept.insert(id);
  }
  test::write_file(d.file("keep.txt"), keep);
  const auto some = rows_of("--threads 1 --samples " + d.file("keep.txt"), "some");
  ASSERT_EQ(some.size(), 3u * 5000u);
  std::size_t distinct_diplotypes = 0;
  std::set<std::string> seen;
  for (const auto& [key, row] : some) {
    ASSERT_TRUE(everyone.count(key)) << key;
    EXPECT_EQ(row, everyone.at(key)) << key;
    if (seen.insert(row.at("gene") + row.at("diplotype")).second) ++distinct_diplotypes;
  }
  EXPECT_GT(distinct_diplotypes, 6u);  // many patterns, not one
}

}  // namespace
}  // namespace ketapgx

// Outputs programs rely on. Every JSON file ketapgx writes meets its schema
// in docs/schemas/ (validated by python3-jsonschema,
// tests/support/validate_json.py): predictions.json of score (with and without
// expression) and merge, pgx.json of call (both matching modes),
// features.json, and the shared opening of qc.json and evaluate's
// metrics.json. Every TSV marks a missing value one way, NA (the dose numbers,
// empty where no dose is suggested as the SPEC defines them, excepted).
#include <gtest/gtest.h>

#include "support/test_support.h"

namespace ketapgx {
namespace {

const std::string kExample = test::source_dir() + "/examples/cohort/";

void expect_valid(const std::string& schema, const std::string& files) {
  const auto r = test::run("python3 " + test::source_dir() + "/tests/support/validate_json.py " + test::source_dir() +
                           "/docs/schemas/" + schema + " " + files);
  EXPECT_EQ(r.exit_code, 0) << schema << ":\n" << r.out << r.err;
}

TEST(JsonSchemas, EveryJsonOutputMeetsItsSchema) {
  if (test::run("python3 -c 'import jsonschema'").exit_code != 0) GTEST_SKIP() << "python3-jsonschema is not installed (scripts/setup.sh)";
  test::TempDir d;
  const std::string vcf = "--vcf " + kExample + "cohort.vcf.gz", expr = " --expression " + kExample + "expression.tsv",
                    cov = " --covariates " + kExample + "covariates.tsv";
  auto ok = [](const std::string& args) {
    const auto r = test::run_ketapgx(args + " --quiet");
    ASSERT_EQ(r.exit_code, 0) << args << "\n" << r.err;
  };
  ok("score " + vcf + expr + cov + " --contributions --out " + d.file("full"));
  ok("score " + vcf + cov + " --route esketamine_nasal --out " + d.file("noexpr"));
  ok("score " + vcf + expr + cov + " --samples " + kExample + "shard1.samples.txt --out " + d.file("s1"));
  ok("score " + vcf + expr + cov + " --samples " + kExample + "shard2.samples.txt --out " + d.file("s2"));
  ok("merge --out " + d.file("merged") + " " + d.file("s1") + " " + d.file("s2"));
  ok("call " + vcf + " --out " + d.file("calls"));
  ok("call " + vcf + " --pgx-combinations --pgx-assume-reference-at-missing --out " + d.file("calls_comb"));
  ok("features " + vcf + expr + cov + " --out " + d.file("feat"));
  ok("features " + vcf + " --no-metabolizer --out " + d.file("feat_geno"));
  ok("qc " + vcf + expr + cov + " --out " + d.file("qc"));
  ok("evaluate --model " + test::source_dir() + "/models/default " + vcf + expr + cov + " --outcomes " + kExample +
     "outcomes.tsv --out " + d.file("eval"));
  expect_valid("predictions.schema.json", d.file("full.predictions.json") + " " + d.file("noexpr.predictions.json") + " " +
                                              d.file("s1.predictions.json") + " " + d.file("merged.predictions.json"));
  expect_valid("pgx.schema.json", d.file("calls.pgx.json") + " " + d.file("calls_comb.pgx.json"));
  expect_valid("features.schema.json", d.file("feat.features.json") + " " + d.file("feat_geno.features.json"));
  expect_valid("provenance.schema.json", d.file("qc.qc.json") + " " + d.file("eval.metrics.json"));
  // The schemas can fail: a pgx.json is not a predictions.json, and a file
  // without its format_version is refused.
  const auto wrong = test::run("python3 " + test::source_dir() + "/tests/support/validate_json.py " + test::source_dir() +
                               "/docs/schemas/predictions.schema.json " + d.file("calls.pgx.json"));
  EXPECT_NE(wrong.exit_code, 0);
  EXPECT_NE(wrong.out.find("'model' is a required property"), std::string::npos) << wrong.out;
  test::write_file(d.file("old.json"), "{\"tool\": \"ketapgx\", \"version\": \"0.1.0\", \"command\": \"call\", \"command_line\": \"x\", "
                                       "\"notice\": \"For research use only.\"}");
  const auto old = test::run("python3 " + test::source_dir() + "/tests/support/validate_json.py " + test::source_dir() +
                             "/docs/schemas/provenance.schema.json " + d.file("old.json"));
  EXPECT_NE(old.exit_code, 0);
  EXPECT_NE(old.out.find("format_version"), std::string::npos) << old.out;
}


TEST(MissingMarker, EveryTsvWritesNaAndNothingElse) {
  // The example cohort has no-calls, Indeterminate phenotypes, a person
  // without expression (KTP040) and one without covariates (KTP039): every
  // kind of missing value, each written NA; never '.', 'n/a' or an empty cell.
  test::TempDir d;
  const std::string vcf = "--vcf " + kExample + "cohort.vcf.gz", expr = " --expression " + kExample + "expression.tsv",
                    cov = " --covariates " + kExample + "covariates.tsv";
  for (const std::string& args : {"score " + vcf + expr + cov + " --allow-missing-expression --out " + d.file("s"),
                                  "call " + vcf + " --out " + d.file("c"), "features " + vcf + expr + cov + " --out " + d.file("f"),
                                  "qc " + vcf + expr + cov + " --out " + d.file("q")}) {
    const auto r = test::run_ketapgx(args + " --quiet");
    ASSERT_EQ(r.exit_code, 0) << args << r.err;
  }
  std::size_t na = 0;
  for (const char* f : {"s.predictions.tsv", "s.qc.samples.tsv", "c.pgx.tsv", "f.features.tsv", "q.qc.samples.tsv", "q.qc.variants.tsv"}) {
    const auto t = test::read_tsv(d.file(f));
    ASSERT_FALSE(t.rows.empty()) << f;
    for (const auto& row : t.rows)
      for (const auto& [col, v] : row) {
        if (col == "id" || col == "variant_id") continue;  // the VCF's own ID column ('.' there is the VCF's)
        // The SPEC's one exception: the dose numbers are empty where no dose is suggested.
        const bool dose_number = col == "dose_mg" || col == "dose_mg_per_kg" || col == "dose_observation_minutes";
        EXPECT_TRUE(v != "." && v != "n/a" && (dose_number || !v.empty())) << f << " column " << col << ": '" << v << "'";
        na += v == "NA";
      }
  }
  EXPECT_GT(na, 0u);
}

}  // namespace
}  // namespace ketapgx

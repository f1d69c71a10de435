// The Snakemake workflow (workflow/Snakefile) with `snakemake --cores 2` and
// 3 shards on a simulated cohort: the merged predictions, QC tables and report
// are byte-identical to one unsharded `score` run; `-n` and `--lint` pass; a
// shard with a corrupt input fails the workflow with that shard named and no
// merged output, and the rerun after the fix redoes only that shard.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "support/test_support.h"

namespace ketapgx {
namespace {

namespace fs = std::filesystem;

class Workflow : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(test::have_tool("snakemake")) << "snakemake is not installed (scripts/setup.sh installs it)";
    ASSERT_EQ(test::run_ketapgx("simulate --quiet -n 120 --seed 53 --out " + dir_.file("sim")).exit_code, 0);
    test::write_file(dir_.file("config.yaml"), "ketapgx: " + test::binary() + "\nvcf: " + dir_.file("sim/cohort.vcf.gz") +
                                                   "\nexpression: " + dir_.file("sim/expression.tsv") +
                                                   "\ncovariates: " + dir_.file("sim/covariates.tsv") +
                                                   "\nmodel: \"\"\nshards: 3\nbackend: cpu\nthreads_per_shard: 1\n"
                                                   "outdir: " + dir_.file("out") + "\n");
  }
  // snakemake on the project's Snakefile with this test's config, working in the temp dir.
  test::CommandResult snakemake(const std::string& args) {
    return test::run("snakemake -s " + test::source_dir() + "/workflow/Snakefile --configfile " + dir_.file("config.yaml") +
                     " -d " + dir_.path() + " " + args);
  }
  test::TempDir dir_;
};

TEST_F(Workflow, DryRunAndLintPass) {
  auto r = snakemake("-n");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE((r.out + r.err).find("score_shard"), std::string::npos);
  r = snakemake("--lint");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

TEST_F(Workflow, ShardedRunIsByteIdenticalToUnsharded) {
  auto r = snakemake("--cores 2");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  r = test::run_ketapgx("score --quiet --vcf " + dir_.file("sim/cohort.vcf.gz") + " --expression " + dir_.file("sim/expression.tsv") +
                        " --covariates " + dir_.file("sim/covariates.tsv") + " --out " + dir_.file("whole"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* f : {".predictions.tsv", ".qc.variants.tsv", ".qc.samples.tsv"})
    EXPECT_EQ(test::read_file(dir_.file(std::string("out/cohort") + f)), test::read_file(dir_.file(std::string("whole") + f))) << f;
  EXPECT_EQ(test::report_outside_run(test::read_file(dir_.file("out/cohort.report.html"))),
            test::report_outside_run(test::read_file(dir_.file("whole.report.html"))));
  // Three real shards of 40 people each.
  for (const char* k : {"000", "001", "002"})
    EXPECT_EQ(test::read_tsv(dir_.file(std::string("out/shards/shard_") + k + ".predictions.tsv")).rows.size(), 40u) << k;
}

// Every job inside the container (--use-singularity): only where Apptainer or
// Singularity runs and an image is given (KETAPGX_TEST_SIF=ketapgx.sif, built
// by containers/build.sh sif); neither is packaged in Debian 12, so elsewhere
// the test says so and skips.
TEST_F(Workflow, ShardedRunInsideTheContainer) {
  const char* sif = std::getenv("KETAPGX_TEST_SIF");
  if (!test::have_tool("apptainer") && !test::have_tool("singularity"))
    GTEST_SKIP() << "no Apptainer/Singularity on this machine (not packaged in Debian 12): --use-singularity not tested";
  if (!sif || !fs::exists(sif)) GTEST_SKIP() << "KETAPGX_TEST_SIF names no image (containers/build.sh sif makes ketapgx.sif)";
  std::string config = test::read_file(dir_.file("config.yaml"));
  config.replace(config.find("ketapgx: " + test::binary()), 9 + test::binary().size(), "ketapgx: ketapgx");
  test::write_file(dir_.file("config.yaml"), config + "container: " + std::string(sif) + "\n");
  auto r = snakemake("--cores 2 --use-singularity --singularity-args \"-B " + dir_.path() + "\"");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  r = test::run_ketapgx("score --quiet --vcf " + dir_.file("sim/cohort.vcf.gz") + " --expression " + dir_.file("sim/expression.tsv") +
                        " --covariates " + dir_.file("sim/covariates.tsv") + " --out " + dir_.file("whole"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(test::read_file(dir_.file("out/cohort.predictions.tsv")), test::read_file(dir_.file("whole.predictions.tsv")));
}

TEST_F(Workflow, FailedShardIsNamedAndAloneRedone) {
  auto r = snakemake("--cores 2 --until split_samples");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  // Shard 001's sample list is corrupt: it names someone who is not in the VCF.
  const std::string list = dir_.file("out/shards/shard_001.txt");
  const std::string good = test::read_file(list);
  std::ofstream(list, std::ios::app) << "NOT_A_SAMPLE\n";
  r = snakemake("--cores 2 --keep-going");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("shard=001"), std::string::npos) << r.err;
  EXPECT_NE(test::read_file(dir_.file("out/logs/score_shard_001.log")).find("NOT_A_SAMPLE"), std::string::npos);
  for (const char* f : {"cohort.predictions.tsv", "cohort.predictions.json", "cohort.report.html", "shards/shard_001.predictions.tsv"})
    EXPECT_FALSE(fs::exists(dir_.file(std::string("out/") + f))) << f << " left behind";
  ASSERT_TRUE(fs::exists(dir_.file("out/shards/shard_000.predictions.tsv")));  // the healthy shards finished
  const auto before = fs::last_write_time(dir_.file("out/shards/shard_000.predictions.tsv"));
  // The fix: the rerun redoes shard 001 and the merge, nothing else.
  test::write_file(list, good);
  r = snakemake("--cores 2");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(fs::last_write_time(dir_.file("out/shards/shard_000.predictions.tsv")), before);
  EXPECT_TRUE(fs::exists(dir_.file("out/cohort.predictions.tsv")));
  const std::string log = r.out + r.err;
  EXPECT_NE(log.find("wildcards: shard=001"), std::string::npos) << log;
  EXPECT_EQ(log.find("wildcards: shard=000"), std::string::npos) << log;
  EXPECT_EQ(log.find("wildcards: shard=002"), std::string::npos) << log;
}

}  // namespace
}  // namespace ketapgx

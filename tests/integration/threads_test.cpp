// --threads changes speed, never numbers: qc, prs (with and without --dosages, one and 40 scores) and score give
// identical outputs with 1 and 4 threads (and with blocks of another size), on
// a mid-size file and on a cohort above 16,384 samples, where the CPU
// backend's packed 16-bit counters are flushed; there the counts are also
// checked against bcftools (AN, AC).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include <sys/wait.h>
#include <unistd.h>

#include "inputs/input_options.h"
#include "support/test_support.h"

namespace ketapgx {
namespace {

std::string make_vcf_tool() { return (std::filesystem::path(test::binary()).parent_path() / "ketapgx_make_vcf").string(); }

class Threads : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    // Mid-size (with --dosages material) and wide.
    ASSERT_EQ(test::run(make_vcf_tool() + " 4000 3000 11 0.02 0 1 | bgzip -c > " + dir_->file("mid.vcf.gz")).exit_code, 0);
    ASSERT_EQ(test::run(make_vcf_tool() + " 17000 120 12 0.03 10 | bgzip -c > " + dir_->file("wide.vcf.gz")).exit_code, 0);
    for (const char* f : {"mid", "wide"}) {
      const std::string w = dir_->file(std::string(f) + ".w.tsv");
      ASSERT_EQ(test::run("zcat " + dir_->file(std::string(f) + ".vcf.gz") +
                          " | awk 'BEGIN{OFS=\"\\t\"; print \"ID\",\"A1\",\"W\"} !/^#/{split($5,a,\",\"); print $3, (NR%3 ? a[1] : $4), (NR%7)/7-0.4}' > " + w)
                    .exit_code, 0);
    }
  }
  static void TearDownTestSuite() { delete dir_; }
  // 40 weight columns for every record of `vcf`: both signs, some zero, REF named on every third row.
  static bool forty_weights(const std::string& vcf, const std::string& out) {
    return test::run("zcat " + vcf +
                     " | awk 'BEGIN{srand(9); printf \"ID\\tA1\"; for (k = 1; k <= 40; k++) printf \"\\tW%d\", k; print \"\"}"
                     " !/^#/{split($5, a, \",\"); printf \"%s\\t%s\", $3, (NR % 3 ? a[1] : $4);"
                     " for (k = 1; k <= 40; k++) printf \"\\t%s\", ((NR + k) % 9 ? rand() - 0.5 : 0); print \"\"}' > " + out)
               .exit_code == 0;
  }
  // Runs `args` (which names its outputs PREFIX) with `threads` threads and a prefix per run.
  static std::string run(const std::string& args, int threads, const std::string& name, const std::string& extra = "") {
    const std::string prefix = dir_->file(name + "_t" + std::to_string(threads));
    const auto r = test::run_ketapgx(args + " --quiet --threads " + std::to_string(threads) + extra + " --out " + prefix);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return prefix;
  }
  static void expect_same(const std::string& a, const std::string& b, std::initializer_list<const char*> suffixes) {
    for (const char* s : suffixes) {
      ASSERT_TRUE(std::filesystem::exists(a + s)) << a + s;
      if (std::string(s) == ".report.html")  // its provenance and file names name the run
        EXPECT_EQ(test::report_outside_run(test::read_file(a + s)), test::report_outside_run(test::read_file(b + s))) << s;
      else
        EXPECT_EQ(test::read_file(a + s), test::read_file(b + s)) << s;
    }
  }
  static test::TempDir* dir_;
};
test::TempDir* Threads::dir_ = nullptr;

TEST_F(Threads, QcAndPrsIdenticalForAnyThreadCount) {
  for (const char* f : {"mid", "wide"}) {
    const std::string vcf = dir_->file(std::string(f) + ".vcf.gz");
    const std::string qc = "qc --all-variants --vcf " + vcf;
    expect_same(run(qc, 1, std::string("qc_") + f), run(qc, 4, std::string("qc_") + f), {".qc.variants.tsv", ".qc.samples.tsv"});
    // Small blocks too: the block size is memory, not numbers.
    expect_same(run(qc, 1, std::string("qc_") + f), run(qc, 4, std::string("qc_small_") + f, " --block-mb 1"), {".qc.variants.tsv", ".qc.samples.tsv"});
    const std::string prs = "prs --vcf " + vcf + " --weights " + dir_->file(std::string(f) + ".w.tsv");
    expect_same(run(prs, 1, std::string("prs_") + f), run(prs, 4, std::string("prs_") + f), {".sscore"});
  }
  const std::string prs_ds = "prs --dosages --vcf " + dir_->file("mid.vcf.gz") + " --weights " + dir_->file("mid.w.tsv");
  expect_same(run(prs_ds, 1, "prsds"), run(prs_ds, 4, "prsds"), {".sscore"});
}

// 40 score columns in one run: each column's ALLELE_CT, SUM and AVG are the
// bytes a run of that column alone gives (hard calls and --dosages, every
// column, with and without mean imputation's missing entries), and the 40-column
// run is the same for 1 and 4 threads and a small block size.
TEST_F(Threads, FortyScoresEqualEachScoreAlone) {
  test::TempDir d;
  ASSERT_EQ(test::run(make_vcf_tool() + " 700 400 21 0.03 0 1 | bgzip -c > " + d.file("s.vcf.gz")).exit_code, 0);
  ASSERT_TRUE(forty_weights(d.file("s.vcf.gz"), d.file("w.tsv")));
  for (const std::string mode : {"", " --dosages"}) {
    const std::string base = "prs" + mode + " --quiet --vcf " + d.file("s.vcf.gz") + " --weights " + d.file("w.tsv");
    const std::string all = d.file("all" + std::to_string(mode.size()));
    ASSERT_EQ(test::run_ketapgx(base + " --out " + all).exit_code, 0);
    const auto many = test::read_tsv(all + ".sscore");
    ASSERT_EQ(many.rows.size(), 700u);
    for (int k = 1; k <= 40; ++k) {
      const std::string one = d.file("one" + std::to_string(k) + "_" + std::to_string(mode.size()));
      const auto r = test::run_ketapgx(base + " --weights-cols 1,2," + std::to_string(k + 2) + " --out " + one);
      ASSERT_EQ(r.exit_code, 0) << r.err;
      const auto single = test::read_tsv(one + ".sscore");
      ASSERT_EQ(single.rows.size(), many.rows.size());
      const std::string w = "W" + std::to_string(k);
      for (std::size_t i = 0; i < many.rows.size(); ++i)
        for (const std::string& c : {std::string("ALLELE_CT"), std::string("NAMED_ALLELE_DOSAGE_SUM"), w + "_AVG", w + "_SUM"}) {
          ASSERT_TRUE(single.rows[i].count(c) && many.rows[i].count(c)) << c;
          ASSERT_EQ(single.rows[i].at(c), many.rows[i].at(c)) << "mode '" << mode << "' column " << c << " row " << i;
        }
    }
  }
  // Threads and block size: a 40-column run, byte for byte.
  ASSERT_TRUE(forty_weights(dir_->file("mid.vcf.gz"), d.file("mid40.tsv")));
  for (const std::string mode : {"", " --dosages"}) {
    const std::string prs = "prs" + mode + " --vcf " + dir_->file("mid.vcf.gz") + " --weights " + d.file("mid40.tsv");
    const std::string name = "prs40_" + std::to_string(mode.size());
    const std::string one = run(prs, 1, name);
    expect_same(one, run(prs, 4, name), {".sscore"});
    expect_same(one, run(prs, 3, name + "_small", " --block-mb 1"), {".sscore"});
  }
}

// 20,000 people: prediction runs in chunks of 16,384 people on several
// threads, and the per-person rows, TSV lines and JSON lines are formatted in
// parallel batches of 8,192; every output, every person's JSON line and every
// contribution are the same bytes as on one thread.
TEST_F(Threads, ScoreIdenticalForAnyThreadCount) {
  test::TempDir d;
  ASSERT_EQ(test::run_ketapgx("simulate --quiet -n 20000 --seed 77 --out " + d.file("sim")).exit_code, 0);
  const std::string score = "score --contributions --vcf " + d.file("sim/cohort.vcf.gz") + " --expression " +
                            d.file("sim/expression.tsv") + " --covariates " + d.file("sim/covariates.tsv");
  const std::string one = run(score, 1, "score"), four = run(score, 4, "score");
  expect_same(one, four, {".predictions.tsv", ".qc.variants.tsv", ".qc.samples.tsv", ".report.html", ".contributions.tsv"});
  // predictions.json differs in its command line only: from the samples array on, the same bytes.
  auto samples_part = [](const std::string& prefix) {
    const std::string j = test::read_file(prefix + ".predictions.json");
    const std::size_t at = j.find("\"samples\": [");
    EXPECT_NE(at, std::string::npos);
    return at == std::string::npos ? std::string() : j.substr(at);
  };
  const std::string a = samples_part(one);
  EXPECT_GT(std::count(a.begin(), a.end(), '\n'), 20000);
  EXPECT_EQ(a, samples_part(four));
  // 20,000 people: the report's table is capped at 2,000, the flagged people
  // first (as many as there are), then those furthest from the threshold.
  const std::string html = test::read_file(one + ".report.html");
  EXPECT_NE(html.find("2000 of 20000 people: those with QC flags first"), std::string::npos);
  const auto rows = test::read_tsv(one + ".predictions.tsv").rows;
  std::size_t flagged = 0;
  for (const auto& r : rows) flagged += r.at("qc_flags") != "NA";
  std::size_t shown = 0, shown_flagged = 0;
  const std::size_t body_end = html.find("</tbody>");
  for (std::size_t at = html.find("<tbody>"); (at = html.find("<tr><td>", at)) < body_end; ++at) {
    const std::size_t end = html.find("</tr>", at);
    const std::string row = html.substr(at, end - at);
    // The QC-flags cell is the 16th.
    std::vector<std::string> cells;
    for (std::size_t c = row.find("<td"); c != std::string::npos; c = row.find("<td", c + 3)) {
      const std::size_t open = row.find('>', c) + 1;
      cells.push_back(row.substr(open, row.find("</td>", open) - open));
    }
    ASSERT_GE(cells.size(), 16u) << row;
    shown_flagged += !cells[15].empty();
    ++shown;
  }
  EXPECT_EQ(shown, 2000u);
  EXPECT_EQ(shown_flagged, std::min<std::size_t>(flagged, 2000)) << flagged << " flagged people in the cohort";
}

TEST_F(Threads, CountsAboveTheFlushPointEqualBcftools) {
  const std::string prefix = run("qc --all-variants --vcf " + dir_->file("wide.vcf.gz"), 4, "wide_counts");
  const auto q = test::read_tsv(prefix + ".qc.variants.tsv");
  const auto b = test::run("bcftools +fill-tags " + dir_->file("wide.vcf.gz") + " -- -t AN,AC | bcftools query -f '%ID\\t%ALT\\t%AN\\t%AC\\n'");
  ASSERT_EQ(b.exit_code, 0) << b.err;
  std::size_t rows = 0, checked = 0;
  for (const auto& line : test::split(b.out, '\n')) {
    if (line.empty()) continue;
    const auto f = test::split(line, '\t');
    const auto alts = test::split(f[1], ','), acs = test::split(f[3], ',');
    for (std::size_t k = 0; k < alts.size(); ++k, ++rows) {
      ASSERT_LT(rows, q.rows.size());
      const auto& r = q.rows[rows];
      EXPECT_EQ(r.at("alt"), alts[k]);
      EXPECT_EQ(r.at("called_alleles"), f[2]) << f[0];
      EXPECT_EQ(r.at("alt_alleles"), acs[k]) << f[0] << " " << alts[k];
      EXPECT_GT(std::stoll(f[2]), 2 * 16384);  // the counts are past the 16-bit lanes' flush point
      ++checked;
    }
  }
  EXPECT_EQ(checked, q.rows.size());
  EXPECT_GT(checked, 120u);
}


// How --threads is spent (ComputeOptions::budget, README): one thread for 1;
// from 2, T for reading (BGZF inflation from 8 on) and T for the engine.
TEST(ThreadBudget, OneMeansOneAndTheReadingSideSharesT) {
  auto budget = [](int t) {
    ComputeOptions c;
    c.threads = t;
    return c.budget();
  };
  EXPECT_EQ(budget(1).bgzf, 0);
  EXPECT_EQ(budget(1).decode, 1);
  EXPECT_EQ(budget(1).engine, 1);
  EXPECT_FALSE(budget(1).read_ahead);
  EXPECT_EQ(budget(2).bgzf, 0);
  EXPECT_EQ(budget(2).decode, 2);
  EXPECT_EQ(budget(2).engine, 2);
  EXPECT_TRUE(budget(2).read_ahead);
  EXPECT_EQ(budget(16).bgzf, 2);
  EXPECT_EQ(budget(16).bgzf + budget(16).decode, 16);
  EXPECT_EQ(budget(16).engine, 16);
}

// The process itself: with --threads 1, `prs` never has a second thread (its
// thread count is sampled from /proc while it runs); with --threads 4 it does.
TEST_F(Threads, ThreadsOneRunsOnOneThread) {
  auto max_threads = [](const std::string& args) {
    const pid_t pid = fork();
    if (pid == 0) {
      const std::string cmd = test::binary() + " " + args + " >/dev/null 2>&1";
      execl("/bin/sh", "sh", "-c", ("exec " + cmd).c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    int most = 0, samples = 0, status = 0;
    while (waitpid(pid, &status, WNOHANG) == 0) {
      std::ifstream in("/proc/" + std::to_string(pid) + "/status");
      for (std::string line; std::getline(in, line);)
        if (line.rfind("Threads:", 0) == 0) {
          most = std::max(most, std::stoi(line.substr(8)));
          ++samples;
        }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << args;
    return std::make_pair(most, samples);
  };
  // The mid-size file: long enough (a few tenths of a second) to be sampled many times.
  const std::string prs = "prs --quiet --vcf " + dir_->file("mid.vcf.gz") + " --weights " + dir_->file("mid.w.tsv") + " --out " + dir_->file("budget");
  const auto one = max_threads(prs + " --threads 1");
  ASSERT_GT(one.second, 3) << "the run was too short to sample";
  EXPECT_EQ(one.first, 1);
  const auto four = max_threads(prs + " --threads 4");
  if (four.second > 3) EXPECT_GT(four.first, 1);
}

}  // namespace
}  // namespace ketapgx

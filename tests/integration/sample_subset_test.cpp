// A property every command must keep (issue 20): with --samples, each kept
// person's row is that person's row from the whole-cohort run, whichever way
// the genotypes are stored and read: VCF text, VCF.gz with a .tbi or a .csi
// (read through the index), BCF with a .csi (index), BCF without one (scan),
// and VCF.gz on standard input. Before the fix, an indexed BCF read through
// its index gave each selected person someone else's genotypes.
//
// Subsets: random ones in file order and reversed, and a single person. The
// per-person outputs compared: qc.samples.tsv, pgx.tsv, .sscore (without
// mean imputation, whose allele frequencies are the cohort's), features.tsv
// and predictions.tsv. The whole-cohort outputs must also agree across the
// input kinds.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>

#include "support/test_support.h"

namespace ketapgx {
namespace {

namespace fs = std::filesystem;

struct InputKind {
  std::string name;
  std::string vcf;       // the --vcf argument
  std::string redirect;  // "< FILE" for standard input, else empty
};

struct CommandCase {
  std::string name;
  std::string args;    // after --vcf
  std::string output;  // file suffix of the per-person table
};

class SampleSubset : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    ASSERT_EQ(test::run_ketapgx("simulate --quiet -n 80 --seed 44 --out " + sim("")).exit_code, 0);
    const std::string gz = sim("cohort.vcf.gz");
    auto sh = [](const std::string& c) {
      const auto r = test::run(c);
      ASSERT_EQ(r.exit_code, 0) << c << "\n" << r.err;
    };
    sh("bcftools view -Ov -o " + file("plain.vcf") + " " + gz);
    sh("cp " + gz + " " + file("csi.vcf.gz") + " && tabix -C -p vcf " + file("csi.vcf.gz"));
    sh("bcftools view -Ob -o " + file("indexed.bcf") + " " + gz + " && bcftools index " + file("indexed.bcf"));
    sh("bcftools view -Ob -o " + file("plain.bcf") + " " + gz);
    // Weights for prs: every ALT of the file, weights that differ by variant.
    sh("bcftools query -f '%ID\\t%ALT\\n' " + gz + " | awk 'BEGIN{OFS=\"\\t\"; print \"ID\",\"A1\",\"W\"} "
       "{split($2,a,\",\"); print $1, a[1], (NR % 7) / 10 - 0.3}' > " + file("weights.tsv"));
    const std::string expr = " --expression " + sim("expression.tsv") + " --covariates " + sim("covariates.tsv");
    commands_ = {
        {"qc", "qc --quiet", ".qc.samples.tsv"},
        {"call", "call --quiet", ".pgx.tsv"},
        {"prs", "prs --quiet --no-mean-imputation --weights " + file("weights.tsv"), ".sscore"},
        {"features", "features --quiet" + expr, ".features.tsv"},
        {"score", "score --quiet" + expr, ".predictions.tsv"},
    };
    kinds_ = {
        {"vcf", file("plain.vcf"), ""},
        {"vcf.gz+tbi", gz, ""},
        {"vcf.gz+csi", file("csi.vcf.gz"), ""},
        {"bcf+csi", file("indexed.bcf"), ""},
        {"bcf", file("plain.bcf"), ""},
        {"stdin", "-", "< " + gz},
    };
    // The people, in file order.
    const auto r = test::run("bcftools query -l " + gz);
    ASSERT_EQ(r.exit_code, 0);
    for (const auto& s : test::split(r.out, '\n'))
      if (!s.empty()) people_.push_back(s);
    ASSERT_EQ(people_.size(), 80u);
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string sim(const std::string& f) { return dir_->file("sim/" + f); }
  static std::string file(const std::string& f) { return dir_->file(f); }

  // Runs `c` on `k` (with --samples `list` unless empty) into `prefix`; returns
  // the per-person table as sample -> row (every line of it, for pgx.tsv).
  static std::map<std::string, std::string> rows(const CommandCase& c, const InputKind& k, const std::string& list,
                                                 const std::string& prefix) {
    const auto r = test::run_ketapgx(c.args + " --vcf " + k.vcf + (list.empty() ? "" : " --samples " + list) + " --out " + prefix +
                                     " " + k.redirect);
    EXPECT_EQ(r.exit_code, 0) << c.name << " on " << k.name << ": " << r.err;
    std::map<std::string, std::string> out;
    const auto lines = test::split(test::read_file(prefix + c.output), '\n');
    for (std::size_t i = 1; i < lines.size(); ++i) {
      if (lines[i].empty()) continue;
      const std::string id = lines[i].substr(0, lines[i].find('\t'));
      out[id] += lines[i] + "\n";
    }
    return out;
  }

  static test::TempDir* dir_;
  static std::vector<CommandCase> commands_;
  static std::vector<InputKind> kinds_;
  static std::vector<std::string> people_;
};
test::TempDir* SampleSubset::dir_ = nullptr;
std::vector<CommandCase> SampleSubset::commands_;
std::vector<InputKind> SampleSubset::kinds_;
std::vector<std::string> SampleSubset::people_;

TEST_F(SampleSubset, EveryPersonKeepsTheirOwnRowsOnEveryReadPath) {
  std::mt19937 rng(20);
  std::size_t compared = 0;
  for (const CommandCase& c : commands_) {
    std::map<std::string, std::string> reference;  // the whole cohort, from the first kind
    for (std::size_t ki = 0; ki < kinds_.size(); ++ki) {
      const InputKind& k = kinds_[ki];
      const std::string tag = c.name + "_" + std::to_string(ki);
      const auto whole = rows(c, k, "", file(tag + "_whole"));
      ASSERT_EQ(whole.size(), people_.size()) << c.name << " on " << k.name;
      if (ki == 0) reference = whole;
      else EXPECT_EQ(whole, reference) << c.name << ": the whole cohort read from " << k.name << " differs from " << kinds_[0].name;
      // A random subset in file order, the same reversed, one person.
      std::vector<std::string> pick;
      for (const auto& p : people_)
        if (rng() % 4 == 0) pick.push_back(p);
      std::vector<std::string> reversed(pick.rbegin(), pick.rend());
      const std::vector<std::vector<std::string>> subsets = {pick, reversed, {people_[rng() % people_.size()]}};
      for (std::size_t si = 0; si < subsets.size(); ++si) {
        std::string list;
        for (const auto& p : subsets[si]) list += p + "\n";
        const std::string list_file = file(tag + "_list" + std::to_string(si) + ".txt");
        test::write_file(list_file, list);
        const auto got = rows(c, k, list_file, file(tag + "_sub" + std::to_string(si)));
        EXPECT_EQ(got.size(), subsets[si].size()) << c.name << " on " << k.name << ", subset " << si;
        for (const auto& p : subsets[si]) {
          auto it = got.find(p);
          ASSERT_NE(it, got.end()) << p << " missing: " << c.name << " on " << k.name;
          EXPECT_EQ(it->second, whole.at(p)) << p << ": " << c.name << " on " << k.name << " with --samples (subset " << si << ")";
          ++compared;
        }
      }
    }
  }
  EXPECT_GT(compared, 5u * 6u * 3u);
}

}  // namespace
}  // namespace ketapgx

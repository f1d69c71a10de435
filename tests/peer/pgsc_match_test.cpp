// `prs --pgs` against the PGS Catalog Calculator on its own example data
// (../shared/data/pgsc_calc: the CINECA synthetic VCF and PGS001229 cut to
// chromosome 22, custom, duplicate and dominant/recessive files): the matched
// set of every scoring-file row equals the one pgsc_calc's published rules
// give (derived by tests/peer/pgsc_reference_match.py, an independent
// implementation), and SUM, DENOM and ALLELE_CT equal `plink2 --score` run on
// that matched set (one plink2 run per effect type, summed, as pgsc_calc
// does). Also: harmonized GRCh38 positions against a GRCh38 VCF with chr-
// prefixed contigs, strand-flipped and effect-allele-only copies of the file,
// a build mismatch, and scores below the overlap threshold.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <random>

#include "support/test_support.h"

namespace ketapgx {
namespace {

namespace fs = std::filesystem;

struct RefRow {
  std::string status, type, target, allele, weight, effect;
};

class PgscMatch : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = test::shared_dir() + "/data/pgsc_calc/";
    if (!fs::exists(data_ + "PGS001229_22.txt"))
      GTEST_SKIP() << "pgsc_calc's example data is not at " << data_ << " (../shared beside the checkout)";
    ASSERT_TRUE(test::have_tool("plink2")) << "plink2 is required (scripts/setup.sh installs Debian's plink2)";
    vcf_ = data_ + "cineca_synthetic_subset.vcf.gz";
  }
  // The reference matched set: line -> row.
  std::map<long, RefRow> reference(const std::string& vcf, const std::string& scorefile, const std::string& build,
                                   const std::string& flags = "") {
    const auto r = test::run("python3 " + test::source_dir() + "/tests/peer/pgsc_reference_match.py " + vcf + " " + scorefile + " " +
                             build + " " + flags);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::map<long, RefRow> out;
    for (const auto& line : test::split(r.out, '\n')) {
      if (line.empty()) continue;
      const auto f = test::split(line, '\t');
      out[std::stol(f[0])] = RefRow{f[1], f[2], f[3], f[4], f[5], f[6]};
    }
    return out;
  }
  // ketapgx's match report for one score: line -> row.
  static std::map<long, RefRow> ours(const std::string& match_tsv, const std::string& score) {
    std::map<long, RefRow> out;
    for (const auto& row : test::read_tsv(match_tsv).rows) {
      if (row.at("score") != score) continue;
      out[std::stol(row.at("line"))] = RefRow{row.at("status"), row.at("match_type"), row.at("matched_id"),
                                              row.at("matched_effect_allele"), row.at("effect_weight"), row.at("effect_type")};
    }
    return out;
  }
  // Both sets agree row by row (status; for matched rows type, target and allele).
  static std::size_t expect_same_set(const std::map<long, RefRow>& want, const std::map<long, RefRow>& got, const std::string& what) {
    EXPECT_EQ(want.size(), got.size()) << what;
    std::size_t matched = 0;
    for (const auto& [line, w] : want) {
      auto it = got.find(line);
      if (it == got.end()) {
        ADD_FAILURE() << what << ": line " << line << " missing from the match report";
        continue;
      }
      const RefRow& g = it->second;
      EXPECT_EQ(g.status, w.status) << what << " line " << line;
      if (w.status == "matched" || w.status == "excluded") {
        EXPECT_EQ(g.type, w.type) << what << " line " << line;
        EXPECT_EQ(g.target, w.target) << what << " line " << line;
        EXPECT_EQ(g.allele, w.allele) << what << " line " << line;
      }
      matched += w.status == "matched";
    }
    return matched;
  }
  struct Plink {
    double sum = 0, denom = 0, allele_ct = 0;
  };
  // plink2 --score on the reference matched set, one run per effect type, summed: IID -> figures.
  std::map<std::string, Plink> plink2(const std::string& vcf, const std::map<long, RefRow>& set, const test::TempDir& d,
                                      const std::string& plink_flags = "") {
    std::map<std::string, Plink> out;
    for (const std::string effect : {"additive", "dominant", "recessive"}) {
      std::string file = "ID\tA1\tW\n";
      std::size_t n = 0;
      for (const auto& [line, r] : set)
        if (r.status == "matched" && r.effect == effect) {
          file += r.target + "\t" + r.allele + "\t" + r.weight + "\n";
          ++n;
        }
      if (n == 0) continue;
      const std::string w = d.file("plink_" + effect + ".txt");
      test::write_file(w, file);
      const auto r = test::run("plink2 --vcf " + vcf + " --score " + w + " 1 2 header-read cols=+scoresums,+denom " +
                               (effect == "additive" ? "" : effect) + " " + plink_flags + " --threads 1 --out " + d.file("plink_" + effect));
      EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
      for (const auto& row : test::read_tsv(d.file("plink_" + effect + ".sscore")).rows) {
        Plink& p = out[row.at("#IID")];
        p.sum += std::stod(row.at("W_SUM"));
        p.denom += std::stod(row.at("DENOM"));
        p.allele_ct += std::stod(row.at("ALLELE_CT"));
      }
    }
    return out;
  }
  // ketapgx's pgs.tsv figures for `score` equal plink2's for every person.
  static std::size_t expect_plink_figures(const std::string& pgs_tsv, const std::string& score, const std::map<std::string, Plink>& want) {
    std::size_t people = 0;
    for (const auto& row : test::read_tsv(pgs_tsv).rows) {
      if (row.at("PGS") != score) continue;
      auto it = want.find(row.at("IID"));
      if (it == want.end()) {
        ADD_FAILURE() << row.at("IID") << " not scored by plink2";
        continue;
      }
      const double sum = std::stod(row.at("SUM"));
      EXPECT_NEAR(sum, it->second.sum, std::max(1e-6, 5e-6 * std::fabs(it->second.sum))) << score << " " << row.at("IID");
      EXPECT_EQ(std::stod(row.at("DENOM")), it->second.denom) << score << " " << row.at("IID");
      EXPECT_EQ(std::stod(row.at("ALLELE_CT")), it->second.allele_ct) << score << " " << row.at("IID");
      EXPECT_NEAR(std::stod(row.at("AVG")), sum / it->second.denom, 1e-9) << score << " " << row.at("IID");
      ++people;
    }
    return people;
  }
  test::CommandResult prs(const std::string& args) { return test::run_ketapgx("prs --quiet --vcf " + vcf_ + " " + args); }

  std::string data_, vcf_;
};

TEST_F(PgscMatch, Pgs001229MatchesAsPgscCalcAndScoresAsPlink2) {
  test::TempDir d;
  const auto r = prs("--pgs " + data_ + "PGS001229_22.txt --out " + d.file("k"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto want = reference(vcf_, data_ + "PGS001229_22.txt", "GRCh37");
  EXPECT_EQ(expect_same_set(want, ours(d.file("k.pgs_match.tsv"), "PGS001229"), "PGS001229"), 782u);
  // pgsc_calc's published figures for this file: 216 refalt + 566 altref, 47 ambiguous excluded, 6 absent.
  const auto summary = test::read_tsv(d.file("k.pgs_summary.tsv")).rows;
  ASSERT_EQ(summary.size(), 1u);
  EXPECT_EQ(summary[0].at("variants"), "835");
  EXPECT_EQ(summary[0].at("matched"), "782");
  EXPECT_EQ(summary[0].at("excluded_ambiguous"), "47");
  EXPECT_EQ(summary[0].at("unmatched"), "6");
  EXPECT_EQ(summary[0].at("passed"), "yes");
  EXPECT_EQ(expect_plink_figures(d.file("k.pgs.tsv"), "PGS001229", plink2(vcf_, want, d)), 2504u);
}

TEST_F(PgscMatch, CustomDominantRecessiveAndDuplicateFiles) {
  test::TempDir d;
  const auto r = prs("--pgs " + data_ + "scorefile.txt " + data_ + "scorefile_dominant_and_recessive.txt " + data_ +
                     "PGS001229_22_duplicate.txt " + data_ + "PGS001229_22.txt --out " + d.file("k"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Custom files are named by #pgs_name, Catalog files by #pgs_id.
  const struct {
    const char* file;
    const char* id;
  } scores[] = {{"scorefile.txt", "PGS001229_22"},
                {"scorefile_dominant_and_recessive.txt", "PGS001229_22_DominantRecessiveExample"},
                {"PGS001229_22_duplicate.txt", "duplicatetest"},
                {"PGS001229_22.txt", "PGS001229"}};
  for (const auto& s : scores) {
    const auto want = reference(vcf_, data_ + s.file, "GRCh37");
    expect_same_set(want, ours(d.file("k.pgs_match.tsv"), s.id), s.id);
    test::TempDir p;
    EXPECT_EQ(expect_plink_figures(d.file("k.pgs.tsv"), s.id, plink2(vcf_, want, p)), 2504u) << s.id;
  }
  // The dominant and recessive rows were scored as such.
  std::size_t dominant = 0, recessive = 0;
  for (const auto& [line, row] : ours(d.file("k.pgs_match.tsv"), "PGS001229_22_DominantRecessiveExample")) {
    dominant += row.effect == "dominant" && row.status == "matched";
    recessive += row.effect == "recessive" && row.status == "matched";
  }
  EXPECT_EQ(dominant, 1u);
  EXPECT_EQ(recessive, 1u);
}

// A GRCh38 VCF with chr-prefixed contigs and a file harmonized to GRCh38
// (hm_chr/hm_pos; its author-reported GRCh37 positions are not used): the
// same matched set as the GRCh37 original, position for position.
TEST_F(PgscMatch, HarmonizedGrch38FileOnAChrPrefixedGrch38Vcf) {
  test::TempDir d;
  // A stand-in GRCh38 VCF: chr22 (GRCh38 length), every position + 1000.
  ASSERT_EQ(test::run("zcat " + vcf_ + " | awk 'BEGIN{OFS=\"\\t\"} /^##contig/{print \"##contig=<ID=chr22,length=50818468>\"; next} "
                      "/^#/{print; next} {$1=\"chr22\"; $2=$2+1000; print}' | bgzip -c > " + d.file("g38.vcf.gz"))
                .exit_code, 0);
  // The file harmonized to it: hm_chr/hm_pos added, the header says so.
  ASSERT_EQ(test::run("awk 'BEGIN{FS=OFS=\"\\t\"} /^#genome_build/{print; print \"#HmPOS_build=GRCh38\"; print \"#HmPOS_date=2026-01-01\"; next} "
                      "/^#/{print; next} !h{print $0, \"hm_chr\", \"hm_pos\"; h=1; next} {print $0, $2, $3+1000}' " +
                      data_ + "PGS001229_22.txt > " + d.file("PGS001229_hmPOS_GRCh38.txt"))
                .exit_code, 0);
  const auto r = test::run_ketapgx("prs --quiet --vcf " + d.file("g38.vcf.gz") + " --pgs " + d.file("PGS001229_hmPOS_GRCh38.txt") +
                                   " --out " + d.file("k"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto want = reference(d.file("g38.vcf.gz"), d.file("PGS001229_hmPOS_GRCh38.txt"), "GRCh38");
  EXPECT_EQ(expect_same_set(want, ours(d.file("k.pgs_match.tsv"), "PGS001229"), "harmonized"), 782u);
  EXPECT_EQ(expect_plink_figures(d.file("k.pgs.tsv"), "PGS001229", plink2(d.file("g38.vcf.gz"), want, d)), 2504u);
  const auto s = test::read_tsv(d.file("k.pgs_summary.tsv")).rows;
  EXPECT_EQ(s.at(0).at("positions"), "harmonized GRCh38 (hm_chr, hm_pos)");
  // The GRCh37 original against this GRCh38 VCF: refused, naming both builds.
  const auto b = test::run_ketapgx("prs --vcf " + d.file("g38.vcf.gz") + " --pgs " + data_ + "PGS001229_22.txt --out " + d.file("x"));
  EXPECT_EQ(b.exit_code, 3) << b.err;
  EXPECT_NE(b.err.find("its positions are GRCh37 (#genome_build) but the VCF is GRCh38"), std::string::npos) << b.err;
  EXPECT_FALSE(fs::exists(d.file("x.pgs.tsv")));
}

// A file with rsIDs and no positions: matched by the VCF's ID column (the
// CINECA VCF's IDs are rsIDs), to the same records as by position.
TEST_F(PgscMatch, RsidOnlyFilesAreMatchedById) {
  test::TempDir d;
  ASSERT_EQ(test::run("cut -f1,4- " + data_ + "PGS001229_22.txt > " + d.file("rsid_only.txt")).exit_code, 0);
  const auto r = test::run_ketapgx("prs --vcf " + vcf_ + " --pgs " + d.file("rsid_only.txt") + " --out " + d.file("k"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("the file has rsIDs and no positions"), std::string::npos) << r.err;
  const auto want = reference(vcf_, data_ + "PGS001229_22.txt", "GRCh37");
  EXPECT_EQ(expect_same_set(want, ours(d.file("k.pgs_match.tsv"), "PGS001229"), "rsID only"), 782u);
  for (const auto& row : test::read_tsv(d.file("k.pgs_match.tsv")).rows)
    if (row.at("status") == "matched") EXPECT_NE(row.at("reason").find("matched by rsID"), std::string::npos);
  EXPECT_EQ(expect_plink_figures(d.file("k.pgs.tsv"), "PGS001229", plink2(vcf_, want, d)), 2504u);
}

// The same file with every allele complemented (the other strand), and with
// the other allele left out: matched by flips and by effect allele alone.
TEST_F(PgscMatch, StrandFlippedAndEffectAlleleOnlyCopies) {
  test::TempDir d;
  ASSERT_EQ(test::run("awk 'BEGIN{FS=OFS=\"\\t\"; c[\"A\"]=\"T\"; c[\"T\"]=\"A\"; c[\"C\"]=\"G\"; c[\"G\"]=\"C\"} "
                      "function f(a,  i, o){o=\"\"; for(i=1;i<=length(a);i++) o=o c[substr(a,i,1)]; return o} "
                      "/^#/||!h{if(!/^#/)h=1; print; next} {$4=f($4); $5=f($5); print}' " + data_ + "PGS001229_22.txt > " + d.file("flipped.txt"))
                .exit_code, 0);
  ASSERT_EQ(test::run("cut -f1-4,6- " + data_ + "PGS001229_22.txt > " + d.file("ea_only.txt")).exit_code, 0);
  for (const std::string f : {"flipped.txt", "ea_only.txt"}) {
    const auto r = prs("--pgs " + d.file(f) + " --out " + d.file(f));
    ASSERT_EQ(r.exit_code, 0) << f << ": " << r.err;
    const auto want = reference(vcf_, d.file(f), "GRCh37");
    const std::size_t matched = expect_same_set(want, ours(d.file(f + ".pgs_match.tsv"), "PGS001229"), f);
    EXPECT_GT(matched, 700u) << f;
    EXPECT_EQ(expect_plink_figures(d.file(f + ".pgs.tsv"), "PGS001229", plink2(vcf_, want, d)), 2504u) << f;
  }
  for (const auto& [line, row] : ours(d.file("flipped.txt.pgs_match.tsv"), "PGS001229"))
    if (row.status == "matched") EXPECT_NE(row.type.find("_flip"), std::string::npos) << line;
  // Flips refused: nothing matches, no score passes: exit 3, the report still written.
  const auto r = prs("--pgs " + d.file("flipped.txt") + " --pgs-ignore-strand-flips --out " + d.file("noflip"));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("no score passed"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(d.file("noflip.pgs.tsv")));
  EXPECT_TRUE(fs::exists(d.file("noflip.pgs_summary.tsv")));
}

TEST_F(PgscMatch, ScoresBelowTheOverlapThresholdAreLeftOut) {
  test::TempDir d;
  // customgrch37.txt: two chromosome-1 variants, none in this chromosome-22 VCF.
  auto r = test::run_ketapgx("prs --vcf " + vcf_ + " --pgs " + data_ + "PGS001229_22.txt " + data_ + "customgrch37.txt --out " + d.file("a"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("custom"), std::string::npos) << r.err;
  const auto summary = test::read_tsv(d.file("a.pgs_summary.tsv")).rows;
  ASSERT_EQ(summary.size(), 2u);
  EXPECT_EQ(summary[1].at("score"), "custom");
  EXPECT_EQ(summary[1].at("passed"), "no");
  for (const auto& row : test::read_tsv(d.file("a.pgs.tsv")).rows) EXPECT_EQ(row.at("PGS"), "PGS001229");
  // 782/835 = 0.937: below a 0.95 threshold, and no score left: exit 3.
  r = test::run_ketapgx("prs --vcf " + vcf_ + " --pgs " + data_ + "PGS001229_22.txt --pgs-min-overlap 0.95 --out " + d.file("b"));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("PGS001229: 782 of 835 variants matched (0.9365), below --pgs-min-overlap 0.95"), std::string::npos) << r.err;
  // Ambiguous variants kept: 829 matched.
  r = prs("--pgs " + data_ + "PGS001229_22.txt --pgs-keep-ambiguous --out " + d.file("c"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto want = reference(vcf_, data_ + "PGS001229_22.txt", "GRCh37", "--keep-ambiguous");
  EXPECT_EQ(expect_same_set(want, ours(d.file("c.pgs_match.tsv"), "PGS001229"), "keep ambiguous"), 829u);
}

// Imputed dosages (--dosages, plink2's dosage=DS) with dominant and
// recessive rows: plink2 counts min(d, 1) and max(d - 1, 0) copies, so a
// dosage of 1.4 is neither additive's 1.4 nor a rounded hard call.
TEST_F(PgscMatch, DominantAndRecessiveDosagesAsPlink2) {
  test::TempDir d;
  std::mt19937 rng(12);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::string vcf = "##fileformat=VCFv4.2\n##contig=<ID=22,length=51304566>\n"
                    "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
                    "##FORMAT=<ID=DS,Number=A,Type=Float,Description=\"Dosage\">\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT";
  for (int s = 0; s < 70; ++s) vcf += "\tS" + std::to_string(s);
  vcf += "\n";
  std::string score = "#pgs_name=dosage_test\n#genome_build=GRCh37\nchr_name\tchr_position\teffect_allele\tother_allele\teffect_weight\tis_dominant\tis_recessive\n";
  const char* ref[] = {"A", "C", "G", "A", "C", "G", "A", "C", "G", "A", "C", "G"};
  const char* alt[] = {"C", "T", "T", "G", "T", "A", "T", "A", "A", "C", "A", "T"};  // 6 is ambiguous (A/T)
  for (int v = 0; v < 12; ++v) {
    vcf += "22\t" + std::to_string(1000 + v) + "\tv" + std::to_string(v) + "\t" + ref[v] + "\t" + alt[v] + "\t.\t.\t.\tGT:DS";
    for (int s = 0; s < 70; ++s) {
      if (u(rng) < 0.05) {
        vcf += "\t./.:.";
        continue;
      }
      const double ds = std::round(u(rng) * 2 * 1000) / 1000;
      vcf += std::string("\t") + (ds < 0.5 ? "0/0" : ds < 1.5 ? "0/1" : "1/1") + ":" + std::to_string(ds).substr(0, 5);
    }
    vcf += "\n";
    const bool on_ref = v % 3 == 1;
    score += "22\t" + std::to_string(1000 + v) + "\t" + (on_ref ? ref[v] : alt[v]) + "\t" + (on_ref ? alt[v] : ref[v]) + "\t" +
             std::to_string(0.1 * (v + 1) - 0.5) + "\t" + (v % 4 == 1 ? "TRUE" : "FALSE") + "\t" + (v % 4 == 2 ? "TRUE" : "FALSE") + "\n";
  }
  test::write_file(d.file("ds.vcf"), vcf);
  test::write_file(d.file("score.txt"), score);
  const auto r = test::run_ketapgx("prs --quiet --dosages --vcf " + d.file("ds.vcf") + " --pgs " + d.file("score.txt") + " --out " + d.file("k"));
  ASSERT_EQ(r.exit_code, 0) << r.err << test::read_file(d.file("k.pgs_match.tsv"));
  const auto want = reference(d.file("ds.vcf"), d.file("score.txt"), "GRCh37");
  EXPECT_EQ(expect_same_set(want, ours(d.file("k.pgs_match.tsv"), "dosage_test"), "dosages"), 11u);
  test::TempDir p;
  const std::string ds_vcf = d.file("ds.vcf") + " dosage=DS";
  EXPECT_EQ(expect_plink_figures(d.file("k.pgs.tsv"), "dosage_test", plink2(ds_vcf, want, p)), 70u);
}

// multiscore.txt: a plink2-style file as pgsc_calc hands it to plink2 (ID,
// effect allele, two weight columns), scored by --weights and by plink2.
TEST_F(PgscMatch, MultiscoreFileAsPlink2ScoresIt) {
  test::TempDir d;
  // Its IDs are chrom:pos:ref:alt: plink2 names the variants so, and so does ketapgx for a VCF re-IDed alike.
  ASSERT_EQ(test::run("bcftools annotate --set-id '%CHROM:%POS:%REF:%FIRST_ALT' -Oz -o " + d.file("ids.vcf.gz") + " " + vcf_).exit_code, 0);
  const auto k = test::run_ketapgx("prs --quiet --vcf " + d.file("ids.vcf.gz") + " --weights " + data_ + "multiscore.txt --out " + d.file("k"));
  ASSERT_EQ(k.exit_code, 0) << k.err;
  const auto p = test::run("plink2 --vcf " + d.file("ids.vcf.gz") + " --score " + data_ + "multiscore.txt 1 2 header-read "
                           "cols=+scoresums --score-col-nums 3-4 --threads 1 --out " + d.file("p"));
  ASSERT_EQ(p.exit_code, 0) << p.err;
  const auto a = test::read_tsv(d.file("p.sscore")), b = test::read_tsv(d.file("k.sscore"));
  ASSERT_EQ(a.rows.size(), 2504u);
  ASSERT_EQ(b.rows.size(), a.rows.size());
  for (std::size_t i = 0; i < a.rows.size(); ++i)
    for (const char* c : {"PGS001229_22_SUM", "second_score_SUM"}) {
      const double x = std::stod(a.rows[i].at(c)), y = std::stod(b.rows[i].at(c));
      EXPECT_NEAR(y, x, std::max(1e-6, 5e-6 * std::fabs(x))) << a.rows[i].at("#IID") << " " << c;
    }
}

}  // namespace
}  // namespace ketapgx

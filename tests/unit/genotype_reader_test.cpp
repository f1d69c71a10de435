// The genotype reader: panel matching statuses, index vs scan, BCF vs VCF,
// sample subsets, stdin, block bounds, GRCh37 coordinates.
#include <gtest/gtest.h>

#include "genotypes/contig.h"
#include "genotypes/genotype_reader.h"
#include "ketapgx/core/errors.h"
#include "support/test_support.h"

namespace ketapgx {
namespace {

struct Decoded {
  std::vector<std::string> rows;  // "id alt_index: codes..."
  std::vector<PanelMatch> matches;
};

Decoded decode(const std::string& path, const Panel* panel, std::optional<std::vector<std::string>> keep = std::nullopt,
               std::size_t block_bytes = 1 << 20, bool* used_index = nullptr) {
  VcfOpenOptions vo;
  vo.path = path;
  vo.keep_samples = keep;
  GenotypeReaderOptions ro;
  ro.all_variants = panel == nullptr;
  ro.block_bytes = block_bytes;
  ro.read_phase_sets = true;
  GenotypeReader reader(std::make_unique<VcfFile>(vo), ro, panel);
  if (used_index) *used_index = reader.uses_index();
  Decoded d;
  GenotypeBlock b;
  while (reader.next_block(b)) {
    EXPECT_LE(b.rows.size(), std::max<std::size_t>(reader.rows_per_block(), 2));
    for (std::size_t r = 0; r < b.rows.size(); ++r) {
      std::string s = b.rows[r].variant_id + "/" + b.rows[r].alt + ":";
      for (std::size_t i = 0; i < b.n_samples; ++i)
        s += " " + std::to_string(b.codes[r * b.n_samples + i]) + "@" + std::to_string(b.phase_sets[r * b.n_samples + i]);
      d.rows.push_back(s);
    }
  }
  d.matches = reader.panel_matches();
  return d;
}

Panel bundled(GenomeBuild b) { return load_panel(default_panel_path(test::source_dir(), b)); }

class GenotypeReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(test::have_tool("bcftools")) << "bcftools is required (scripts/setup.sh installs it)";
    vcf_ = test::data_dir() + "/edge_cases.vcf";
    ASSERT_EQ(test::run("bcftools view -Oz -o " + tmp_.file("e.vcf.gz") + " " + vcf_ + " && bcftools index -t " +
                        tmp_.file("e.vcf.gz") + " && bcftools view -Ob -o " + tmp_.file("e.bcf") + " " + vcf_ +
                        " && bcftools index -c " + tmp_.file("e.bcf") + " && bcftools view -Oz -o " +
                        tmp_.file("noindex.vcf.gz") + " " + vcf_)
                  .exit_code,
              0);
  }
  test::TempDir tmp_;
  std::string vcf_;
};

TEST_F(GenotypeReaderTest, PanelStatuses) {
  const Panel p = bundled(GenomeBuild::GRCh38);
  const Decoded d = decode(vcf_, &p);
  auto status_of = [&](const std::string& id) {
    for (std::size_t i = 0; i < p.variants.size(); ++i)
      if (p.variants[i].id == id) return std::string(panel_status_name(d.matches[i].status));
    return std::string("not in panel");
  };
  EXPECT_EQ(status_of("rs3745274"), "found");
  EXPECT_EQ(status_of("rs3211371_T"), "multiallelic");
  EXPECT_EQ(status_of("rs3211371_A"), "multiallelic");
  EXPECT_EQ(status_of("rs2279343"), "alt_mismatch");
  EXPECT_EQ(status_of("rs4986910"), "ref_mismatch");
  EXPECT_EQ(status_of("rs28399499"), "missing");
  // Found, multi-allelic and ALT-mismatched variants give rows; REF mismatches never do.
  EXPECT_EQ(d.rows.size(), 7u);
  for (const auto& r : d.rows) EXPECT_EQ(r.find("rs4986910"), std::string::npos);
}

TEST_F(GenotypeReaderTest, IndexScanVcfAndBcfAgree) {
  const Panel p = bundled(GenomeBuild::GRCh38);
  bool idx = false;
  const Decoded scan = decode(vcf_, &p, std::nullopt, 1 << 20, &idx);
  EXPECT_FALSE(idx);
  const Decoded tbi = decode(tmp_.file("e.vcf.gz"), &p, std::nullopt, 1 << 20, &idx);
  EXPECT_TRUE(idx);
  const Decoded csi = decode(tmp_.file("e.bcf"), &p, std::nullopt, 1 << 20, &idx);
  EXPECT_TRUE(idx);
  const Decoded gz = decode(tmp_.file("noindex.vcf.gz"), &p, std::nullopt, 1 << 20, &idx);
  EXPECT_FALSE(idx);
  auto sorted = [](std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  // Index queries follow panel order, a scan follows file order.
  EXPECT_EQ(sorted(scan.rows), sorted(tbi.rows));
  EXPECT_EQ(sorted(scan.rows), sorted(csi.rows));
  EXPECT_EQ(scan.rows, gz.rows);
  for (std::size_t i = 0; i < p.variants.size(); ++i) EXPECT_EQ(scan.matches[i].status, tbi.matches[i].status);
}

TEST_F(GenotypeReaderTest, PhaseSetsAreCarried) {
  const Panel p = bundled(GenomeBuild::GRCh38);
  for (const std::string& f : {vcf_, tmp_.file("e.bcf")}) {
    const Decoded d = decode(f, &p);
    bool seen = false;
    for (const auto& r : d.rows)
      if (r.rfind("rs35599367/", 0) == 0) {
        seen = true;
        EXPECT_NE(r.find("@99768000"), std::string::npos) << r;
      }
    EXPECT_TRUE(seen) << f;
  }
}

TEST_F(GenotypeReaderTest, SampleSubsetAndSmallBlocks) {
  const Decoded all = decode(vcf_, nullptr);
  const Decoded sub = decode(tmp_.file("e.bcf"), nullptr, std::vector<std::string>{"S4", "S2"}, 1);
  ASSERT_EQ(all.rows.size(), sub.rows.size());
  for (std::size_t r = 0; r < all.rows.size(); ++r) {
    const auto a = test::split(all.rows[r], ' ');
    const auto b = test::split(sub.rows[r], ' ');
    ASSERT_EQ(b.size(), 3u);
    EXPECT_EQ(b[1], a[2]) << all.rows[r];  // S2 (file order is kept)
    EXPECT_EQ(b[2], a[4]) << all.rows[r];  // S4
  }
  VcfOpenOptions vo;
  vo.path = vcf_;
  vo.keep_samples = std::vector<std::string>{"S1", "NOPE"};
  EXPECT_THROW(VcfFile f(vo), InputError);
  vo.force_samples = true;
  EXPECT_EQ(VcfFile(vo).samples().names, std::vector<std::string>{"S1"});
}

TEST_F(GenotypeReaderTest, Grch37CoordinatesGiveTheSameCalls) {
  // The edge-case file moved to GRCh37 coordinates and contig lengths.
  const std::string conv = tmp_.file("e37.vcf");
  ASSERT_EQ(test::run("awk -F'\\t' 'BEGIN{OFS=\"\\t\"} /^##contig/{next} /^#CHROM/{print \"##contig=<ID=7,length=159138663>\\n##contig=<ID=11,length=135006516>\\n##contig=<ID=19,length=59128983>\"} "
                      "/^#/{print;next} $1==\"chr19\"{$1=\"19\";$2+=505905} $1==\"chr7\"{$1=\"7\";$2-=402377} "
                      "$1==\"chr11\"&&$2==27658369{$1=\"11\";$2=27679916} $1~/^chr/{next} {print}' " + vcf_ + " > " + conv)
                .exit_code,
            0);
  const Panel p38 = bundled(GenomeBuild::GRCh38), p37 = bundled(GenomeBuild::GRCh37);
  const Decoded a = decode(vcf_, &p38), b = decode(conv, &p37);
  // rs776746: GRCh37's REF is the GRCh38 ALT, so a record copied from GRCh38 is
  // rightly a REF mismatch on GRCh37 (see configs/panels/README.md).
  auto without_rs776746 = [](const std::vector<std::string>& rows) {
    std::vector<std::string> out;
    for (const auto& r : rows)
      if (r.rfind("rs776746/", 0) != 0) out.push_back(r);
    return out;
  };
  EXPECT_EQ(without_rs776746(a.rows), without_rs776746(b.rows));
  EXPECT_FALSE(without_rs776746(b.rows).empty());
  for (std::size_t i = 0; i < p38.variants.size(); ++i) {
    if (p38.variants[i].id == "rs776746") {
      EXPECT_EQ(b.matches[i].status, PanelStatus::RefMismatch);
      continue;
    }
    EXPECT_EQ(a.matches[i].status, b.matches[i].status) << p38.variants[i].id;
  }
}

// A dense file, a panel of many nearby positions in a few clusters on two
// contigs (one cluster has a long deletion starting before it and a split
// multi-allelic site), a panel contig the file lacks. Through the index the
// rows equal the scan's, and each record is read once: the records read stay
// near the records inside the clusters, where one query per position would
// re-read each query's index window every time.
TEST_F(GenotypeReaderTest, RegionReadsMatchTheScanAndReadEachRecordOnce) {
  Panel panel;
  auto add = [&](const std::string& chrom, std::int64_t pos, const std::string& ref, const std::string& alt) {
    PanelVariant v;
    v.chrom = chrom;
    v.contig = canonical_contig(chrom);
    v.pos = pos;
    v.id = chrom + ":" + std::to_string(pos);
    v.ref = ref;
    v.alt = alt;
    v.gene = "G";
    v.role = "response";
    panel.variants.push_back(v);
  };
  std::string vcf = "##fileformat=VCFv4.2\n##contig=<ID=chr1,length=10000000>\n##contig=<ID=chr2,length=10000000>\n"
                    "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
                    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tA\tB\tC\n";
  std::int64_t in_clusters = 0;
  const char* gts[] = {"0|0\t0|1\t1|1", "0|1\t./.\t0/0", "1|1\t1|0\t0|1"};
  for (const std::string chrom : {"chr1", "chr2"}) {
    for (std::int64_t pos = 100; pos <= 3000000; pos += 100) {
      const bool cluster = (pos >= 1000000 && pos < 1020000) || (pos >= 2500000 && pos < 2510000);
      if (chrom == "chr1" && pos == 1000000) {  // a 900-bp deletion from before the cluster
        vcf += "chr1\t999900\t.\tA" + std::string(900, 'C') + "\tA\t.\tPASS\t.\tGT\t0|1\t0|0\t1|1\n";
        ++in_clusters;
      }
      const std::string alt = (chrom == "chr2" && pos == 2500500) ? "C,G" : "C";
      vcf += chrom + "\t" + std::to_string(pos) + "\t.\tA\t" + alt + "\t.\tPASS\t.\tGT\t" + gts[(pos / 100) % 3] + "\n";
      if (chrom == "chr2" && pos == 1000500) vcf += "chr2\t1000500\t.\tA\tT\t.\tPASS\t.\tGT\t0|0\t1|0\t0|0\n";
      if (!cluster) continue;
      ++in_clusters;
      if (pos % 200 == 0) add(chrom, pos, "A", "C");
    }
  }
  add("chr1", 999900, "A" + std::string(900, 'C'), "A");
  add("chr2", 1000500, "A", "T");
  add("chr2", 2500500, "A", "G");
  add("chr3", 5000, "A", "C");  // a contig the file does not have
  test::write_file(tmp_.file("dense.vcf"), vcf);
  ASSERT_EQ(test::run("bgzip -c " + tmp_.file("dense.vcf") + " > " + tmp_.file("dense.vcf.gz") + " && tabix -p vcf " +
                      tmp_.file("dense.vcf.gz") + " && bcftools view -Ob -o " + tmp_.file("dense.bcf") + " " +
                      tmp_.file("dense.vcf") + " && bcftools index -c " + tmp_.file("dense.bcf"))
                .exit_code,
            0);
  auto read = [&](const std::string& path, bool use_index, std::int64_t* scanned) {
    VcfOpenOptions vo;
    vo.path = path;
    GenotypeReaderOptions ro;
    ro.use_index = use_index;
    ro.block_bytes = 4096;  // many blocks
    GenotypeReader reader(std::make_unique<VcfFile>(vo), ro, &panel);
    EXPECT_EQ(reader.uses_index(), use_index) << path;
    std::vector<std::string> rows;
    GenotypeBlock b;
    while (reader.next_block(b))
      for (std::size_t r = 0; r < b.rows.size(); ++r) {
        std::string s = b.rows[r].variant_id + "/" + b.rows[r].alt + ":";
        for (std::size_t i = 0; i < b.n_samples; ++i) s += " " + std::to_string(b.codes[r * b.n_samples + i]);
        rows.push_back(s);
      }
    *scanned = reader.file().records_scanned();
    if (use_index) EXPECT_EQ(reader.regions_read(), 4u);
    std::vector<std::string> statuses;
    for (const auto& m : reader.panel_matches()) statuses.push_back(std::to_string(static_cast<int>(m.status)));
    rows.insert(rows.end(), statuses.begin(), statuses.end());
    return rows;
  };
  std::int64_t scan_read = 0, tbi_read = 0, csi_read = 0;
  const auto scan = read(tmp_.file("dense.vcf.gz"), false, &scan_read);
  const auto tbi = read(tmp_.file("dense.vcf.gz"), true, &tbi_read);
  const auto csi = read(tmp_.file("dense.bcf"), true, &csi_read);
  ASSERT_EQ(scan.size(), panel.variants.size() + panel.variants.size() - 1);  // a row per found variant, a status per variant
  EXPECT_EQ(scan, tbi);
  EXPECT_EQ(scan, csi);
  EXPECT_EQ(scan_read, 60002);
  // Four regions (two clusters on each contig; chr3 is not in the file), one
  // query each: a query per position would be 304. The records read are those
  // from the first to the last panel position of each cluster (the cluster's
  // last record lies past its last panel position), plus chr1's record at the
  // deletion's position and chr2's second record at 1000500: 599, each once.
  EXPECT_EQ(in_clusters, 601);
  for (const std::int64_t n : {tbi_read, csi_read}) EXPECT_EQ(n, in_clusters - 4 + 2) << "a record read twice, or one missed";
}

// The index-or-scan rule: regions covering at least half of their contigs
// (##contig lengths) are read by one scan even with an index; fewer by the index.
TEST_F(GenotypeReaderTest, WideRegionsAreScannedEvenWithAnIndex) {
  auto panel_at = [](std::vector<std::int64_t> positions) {
    Panel p;
    for (std::int64_t pos : positions) {
      PanelVariant v;
      v.chrom = "chr1";
      v.contig = canonical_contig("chr1");
      v.pos = pos;
      v.id = "v" + std::to_string(pos);
      v.ref = "A";
      v.alt = "C";
      v.gene = "G";
      v.role = "response";
      p.variants.push_back(v);
    }
    return p;
  };
  std::string vcf = "##fileformat=VCFv4.2\n##contig=<ID=chr1,length=20000>\n"
                    "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
                    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tA\n";
  for (int pos = 100; pos <= 19900; pos += 100) vcf += "chr1\t" + std::to_string(pos) + "\t.\tA\tC\t.\tPASS\t.\tGT\t0|1\n";
  test::write_file(tmp_.file("w.vcf"), vcf);
  ASSERT_EQ(test::run("bgzip -c " + tmp_.file("w.vcf") + " > " + tmp_.file("w.vcf.gz") + " && tabix -p vcf " + tmp_.file("w.vcf.gz")).exit_code, 0);
  auto uses_index = [&](const Panel& p) {
    VcfOpenOptions vo;
    vo.path = tmp_.file("w.vcf.gz");
    GenotypeReader reader(std::make_unique<VcfFile>(vo), GenotypeReaderOptions{}, &p);
    return reader.uses_index();
  };
  const Panel narrow = panel_at({1000, 1100, 1200}), wide = panel_at({500, 10600});  // spans 201 bp; 10,101 of 20,000 bp
  EXPECT_TRUE(uses_index(narrow));
  EXPECT_FALSE(uses_index(wide));
}

TEST_F(GenotypeReaderTest, ReadsStandardInput) {
  const Panel p = bundled(GenomeBuild::GRCh38);
  const auto r = test::run(test::binary() + " qc --vcf - --out " + tmp_.file("stdin") + " < " + tmp_.file("e.bcf"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto t = test::read_tsv(tmp_.file("stdin.qc.variants.tsv"));
  EXPECT_EQ(t.rows.size(), p.variants.size());
}

}  // namespace
}  // namespace ketapgx

// Writes a synthetic VCF to stdout for the benchmarks (pipe it through bgzip):
//   make_vcf SAMPLES VARIANTS [SEED] [MISSING_RATE] [MULTIALLELIC_EVERY] [DOSAGES] [SITES]
// GT (and with DOSAGES=1 an imputed-style DS: the call's dosage moved by up to
// 0.3 towards the other calls, 3 decimals); allele frequencies drawn per variant (skewed towards rare), about
// MISSING_RATE missing calls, every third variant phased, every
// MULTIALLELIC_EVERY-th variant with two ALT alleles (0 = none). IDs are
// "bench<N>". Deterministic for a seed. Records lie on chr1 every 10 bp unless
// SITES names a TSV of sites in file order: "contig NAME LENGTH" lines first
// (the ##contig header), then "CHROM POS REF ALT" lines, one per record
// (VARIANTS is then the number of sites; MULTIALLELIC_EVERY is ignored).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {
std::uint64_t state;
inline std::uint64_t next() {  // xorshift64*
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return state * 2685821657736338717ull;
}
inline double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: make_vcf SAMPLES VARIANTS [SEED] [MISSING_RATE] [MULTIALLELIC_EVERY] [DOSAGES] [SITES]\n");
    return 2;
  }
  const long n = std::atol(argv[1]);
  long m = std::atol(argv[2]);
  state = argc > 3 ? std::strtoull(argv[3], nullptr, 10) * 0x9E3779B97F4A7C15ull + 1 : 88172645463325252ull;
  const double missing = argc > 4 ? std::atof(argv[4]) : 0.02;
  const long multi_every = argc > 5 ? std::atol(argv[5]) : 0;
  const bool dosages = argc > 6 && std::atoi(argv[6]) != 0;
  if (dosages && multi_every > 0) {
    std::fprintf(stderr, "make_vcf: DOSAGES needs MULTIALLELIC_EVERY 0 (one DS per record)\n");
    return 2;
  }
  struct Site {
    std::string chrom, pos, ref, alt;
  };
  std::vector<Site> sites;
  std::string contigs = "##contig=<ID=chr1,length=248956422>\n";
  if (argc > 7) {
    std::ifstream in(argv[7]);
    if (!in) {
      std::fprintf(stderr, "make_vcf: cannot read SITES file %s\n", argv[7]);
      return 2;
    }
    contigs.clear();
    std::string line, a, b, c, d;
    while (std::getline(in, line)) {
      std::istringstream f(line);
      if (!(f >> a >> b >> c)) continue;
      if (a == "contig") {
        contigs += "##contig=<ID=" + b + ",length=" + c + ">\n";
        continue;
      }
      if (!(f >> d)) continue;
      sites.push_back({a, b, c, d});
    }
    m = static_cast<long>(sites.size());
  }
  std::printf("##fileformat=VCFv4.2\n%s", contigs.c_str());
  std::printf("##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n");
  if (dosages) std::printf("##FORMAT=<ID=DS,Number=A,Type=Float,Description=\"Dosage\">\n");
  std::printf("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT");
  for (long s = 1; s <= n; ++s) std::printf("\tS%ld", s);
  std::printf("\n");
  static const char* bases = "ACGT";
  std::string line;
  line.reserve(static_cast<std::size_t>(n) * 4 + 128);
  for (long v = 1; v <= m; ++v) {
    const double af = uniform() * uniform() * 0.5 + 0.001;
    const bool multi = sites.empty() && multi_every > 0 && v % multi_every == 0;
    const int r = static_cast<int>(next() % 4);
    const char ref = bases[r], alt = bases[(r + 1) % 4], alt2 = bases[(r + 2) % 4];
    const char sep = v % 3 == 0 ? '|' : '/';
    line.clear();
    if (sites.empty()) {
      line += "chr1\t" + std::to_string(1000 + v * 10) + "\tbench" + std::to_string(v) + "\t" + ref + "\t" + alt;
    } else {
      const Site& st = sites[static_cast<std::size_t>(v - 1)];
      line += st.chrom + "\t" + st.pos + "\tbench" + std::to_string(v) + "\t" + st.ref + "\t" + st.alt;
    }
    if (multi) (line += ',') += alt2;
    line += dosages ? "\t.\tPASS\t.\tGT:DS" : "\t.\tPASS\t.\tGT";
    char ds[16];
    for (long s = 0; s < n; ++s) {
      line += '\t';
      if (uniform() < missing) {
        line += dosages ? "./.:." : "./.";
        continue;
      }
      int copies = 0;
      for (int h = 0; h < 2; ++h) {
        const double u = uniform();
        char a = u < af ? '1' : '0';
        if (multi && u >= af && u < af * 1.5) a = '2';
        copies += a == '1';
        line += a;
        if (h == 0) line += sep;
      }
      if (dosages) {
        const double shift = 0.3 * uniform();
        std::snprintf(ds, sizeof ds, ":%.3f", copies == 2 ? 2 - shift : copies == 1 ? 1 + (uniform() < 0.5 ? shift : -shift) : shift);
        line += ds;
      }
    }
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stdout);
  }
  return 0;
}

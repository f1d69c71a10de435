// The --samples reader and the sample selection it feeds: any list is read
// into whole-line IDs and either selects people of a small VCF (each kept
// person once, in file order, every one of them listed) or is refused.
#include <algorithm>
#include <cstdlib>
#include <set>

#include "fuzz_support.h"
#include "genotypes/vcf_file.h"
#include "ketapgx/core/errors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ketapgx;
  static const std::string vcf = [] {
    const std::string p = fuzz::scratch_dir() + "/people.vcf";
    std::ofstream out(p);
    out << "##fileformat=VCFv4.2\n##contig=<ID=chr19,length=58617616>\n"
           "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
           "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\ta\tb\ta b\tc\t#d\n"
           "chr19\t41006936\trs3745274\tG\tT\t.\t.\t.\tGT\t0/1\t1/1\t0/0\t./.\t0|1\n";
    return p;
  }();
  try {
    const std::string list = fuzz::write_input("samples.txt", data, size);
    const std::vector<std::string> ids = read_sample_list(list);
    for (bool force : {false, true}) {
      try {
        VcfOpenOptions o = vcf_open_options(vcf, 0, list, force);
        VcfFile f(o);
        const auto& kept = f.samples().names;
        const std::set<std::string> listed(ids.begin(), ids.end());
        // Every kept person was listed, once, in the VCF's own order.
        std::vector<std::string> file_order{"a", "b", "a b", "c", "#d"};
        std::size_t at = 0;
        for (const auto& k : kept) {
          if (!listed.count(k)) std::abort();
          while (at < file_order.size() && file_order[at] != k) ++at;
          if (at == file_order.size()) std::abort();
          ++at;
        }
      } catch (const Error&) {
      }
    }
  } catch (const Error&) {
  }
  return 0;
}

#include "genotypes/panel.h"

#include <map>
#include <tuple>

#include "genotypes/contig.h"
#include "ketapgx/core/errors.h"
#include "util/line_reader.h"
#include "util/text.h"

namespace ketapgx {
namespace {

bool is_vcf_allele(std::string_view a) {
  if (a.empty()) return false;
  for (char c : a) {
    switch (c) {
      case 'A': case 'C': case 'G': case 'T': case 'N': break;
      default: return false;
    }
  }
  return true;
}

}  // namespace

Panel load_panel(const std::string& path) {
  static const char* kColumns[] = {"chrom", "pos", "id", "ref", "alt", "gene", "role"};
  LineReader in(path, "--panel");
  Panel panel;
  panel.path = path;
  bool have_header = false;
  std::size_t source_col = 0;
  std::map<std::tuple<std::string, std::int64_t, std::string, std::string>, long> seen;
  std::string_view line;
  while (in.next(line)) {
    const std::string where = "--panel " + path + " line " + std::to_string(in.line_number());
    if (line.rfind("##", 0) == 0) {
      const auto body = text::trim(line.substr(2));
      if (body.rfind("build=", 0) == 0) panel.build = parse_build(std::string(body.substr(6)), where);
      continue;
    }
    if (text::trim(line).empty()) continue;
    const auto f = text::split(line, '\t');
    if (!have_header) {
      const std::string_view first = f[0].substr(f[0].rfind('#', 0) == 0 ? 1 : 0);
      for (std::size_t i = 0; i < 7; ++i) {
        const std::string_view got = i == 0 ? first : (i < f.size() ? f[i] : std::string_view());
        if (got != kColumns[i]) {
          throw InputError(where + ": expected the header 'chrom pos id ref alt gene role' (tab-separated), "
                           "column " + std::to_string(i + 1) + " is '" + std::string(got) + "'");
        }
      }
      for (std::size_t i = 7; i < f.size(); ++i)
        if (f[i] == "source") source_col = i;
      have_header = true;
      continue;
    }
    if (f.size() < 7) {
      throw InputError(where + ": expected at least 7 tab-separated columns, found " +
                       std::to_string(f.size()));
    }
    PanelVariant v;
    v.chrom = std::string(f[0]);
    v.contig = canonical_contig(v.chrom);
    const auto pos = text::parse_int(f[1]);
    if (!pos || *pos < 1) throw InputError(where + ": pos '" + std::string(f[1]) + "' is not a positive integer");
    v.pos = *pos;
    v.id = std::string(f[2]);
    v.ref = std::string(f[3]);
    v.alt = std::string(f[4]);
    v.gene = std::string(f[5]);
    v.role = std::string(f[6]);
    if (source_col && source_col < f.size()) v.source = std::string(f[source_col]);
    if (!is_vcf_allele(v.ref) || !is_vcf_allele(v.alt) || v.ref == v.alt) {
      throw InputError(where + ": ref/alt '" + v.ref + "'/'" + v.alt +
                       "' must be distinct upper-case VCF alleles (A, C, G, T, N)");
    }
    if (v.id.empty() || v.gene.empty() || v.role.empty())
      throw InputError(where + ": id, gene and role must not be empty");
    const auto key = std::make_tuple(v.contig, v.pos, v.ref, v.alt);
    if (auto it = seen.find(key); it != seen.end()) {
      throw InputError(where + ": " + v.chrom + ":" + std::to_string(v.pos) + " " + v.ref + ">" + v.alt +
                       " is already listed on line " + std::to_string(it->second));
    }
    seen.emplace(key, in.line_number());
    panel.variants.push_back(std::move(v));
  }
  if (!have_header) throw InputError("--panel " + path + ": no header line 'chrom pos id ref alt gene role'");
  if (panel.variants.empty()) throw InputError("--panel " + path + ": the panel lists no variants");
  return panel;
}

std::string default_panel_path(const std::string& data_dir, GenomeBuild build) {
  const GenomeBuild b = build == GenomeBuild::Unknown ? GenomeBuild::GRCh38 : build;
  return data_dir + "/configs/panels/ketapgx_panel." + build_name(b) + ".tsv";
}

}  // namespace ketapgx

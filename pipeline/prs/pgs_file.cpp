#include "prs/pgs_file.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "genotypes/contig.h"
#include "ketapgx/core/errors.h"
#include "util/line_reader.h"
#include "util/log.h"
#include "util/text.h"

namespace ketapgx {

const char* effect_type_name(EffectType t) {
  switch (t) {
    case EffectType::Dominant: return "dominant";
    case EffectType::Recessive: return "recessive";
    case EffectType::Additive: break;
  }
  return "additive";
}

namespace {

// GRCh37/hg19, GRCh38/hg38; NR or empty: not reported.
GenomeBuild header_build(const std::string& value, const std::string& where) {
  const std::string v = text::lower(text::trim(value));
  if (v.empty() || v == "nr") return GenomeBuild::Unknown;
  if (v == "grch37" || v == "hg19" || v == "b37") return GenomeBuild::GRCh37;
  if (v == "grch38" || v == "hg38") return GenomeBuild::GRCh38;
  throw InputError(where + ": genome build '" + value + "' is not GRCh37 (hg19), GRCh38 (hg38) or NR; only those two builds "
                   "are scored (lift the file over, e.g. with the PGS Catalog's harmonized hmPOS files)");
}

bool parse_bool(std::string_view cell, const std::string& where) {
  const std::string v = text::lower(text::trim(cell));
  if (v.empty() || v == "false" || v == "f" || v == "no" || v == "0") return false;
  if (v == "true" || v == "t" || v == "yes" || v == "1") return true;
  throw InputError(where + ": '" + std::string(cell) + "' is not TRUE or FALSE");
}

std::string upper(std::string_view s) {
  std::string out(text::trim(s));
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

std::string file_stem(const std::string& path) {
  std::string name = std::filesystem::path(path).filename().string();
  for (const char* ext : {".gz", ".txt", ".tsv"})
    if (name.size() > std::string(ext).size() && name.compare(name.size() - std::string(ext).size(), std::string::npos, ext) == 0)
      name.erase(name.size() - std::string(ext).size());
  return name;
}

}  // namespace

PgsFile read_pgs_file(const std::string& path, GenomeBuild target) {
  LineReader in(path, "--pgs");
  PgsFile f;
  f.path = path;
  std::map<std::string, std::string> header;
  std::vector<std::string> columns;
  std::map<std::string, int> col;
  auto at = [&](long line) { return "--pgs " + path + " line " + std::to_string(line); };
  std::string_view line;
  // Which positions, decided once the header is read.
  int c_chr = -1, c_pos = -1;
  while (in.next(line)) {
    if (columns.empty()) {
      if (line.rfind("##", 0) == 0) continue;  // section titles
      if (!line.empty() && line[0] == '#') {
        const auto eq = line.find('=');
        if (eq != std::string_view::npos) header[std::string(text::trim(line.substr(1, eq - 1)))] = std::string(text::trim(line.substr(eq + 1)));
        continue;
      }
      if (text::trim(line).empty()) continue;
      // The column header.
      for (auto c : text::split(line, '\t')) columns.emplace_back(text::trim(c));
      for (std::size_t i = 0; i < columns.size(); ++i) {
        if (!col.emplace(columns[i], static_cast<int>(i)).second)
          throw InputError(at(in.line_number()) + ": column '" + columns[i] + "' appears twice in the header; keep one");
      }
      if (!col.count("effect_allele") || !col.count("effect_weight")) {
        const bool dosage = col.count("dosage_0_weight") || col.count("dosage_1_weight") || col.count("dosage_2_weight");
        throw InputError(at(in.line_number()) + ": expected a PGS Catalog scoring file: a tab-separated header with effect_allele and "
                         "effect_weight" + std::string(dosage ? " (a score with dosage_N_weight columns only is non-additive: "
                                                                "not scorable with PLINK 2 --score, as in pgsc_calc)"
                                                              : "; for an ID/allele/weight table use --weights"));
      }
      // Identity and builds.
      f.name = header.count("pgs_name") ? header["pgs_name"] : "";
      f.id = header.count("pgs_id") && !header["pgs_id"].empty() ? header["pgs_id"] : !f.name.empty() ? f.name : file_stem(path);
      f.weight_type = header.count("weight_type") ? header["weight_type"] : "";
      f.genome_build = header.count("genome_build") ? header_build(header["genome_build"], "--pgs " + path + " #genome_build")
                                                    : GenomeBuild::Unknown;
      f.harmonized_build = header.count("HmPOS_build") ? header_build(header["HmPOS_build"], "--pgs " + path + " #HmPOS_build")
                                                       : GenomeBuild::Unknown;
      const bool have_hm = col.count("hm_chr") && col.count("hm_pos");
      if (have_hm && f.harmonized_build != GenomeBuild::Unknown &&
          (target == GenomeBuild::Unknown || f.harmonized_build == target)) {
        f.harmonized_positions = true;
        f.positions_build = f.harmonized_build;
        c_chr = col["hm_chr"];
        c_pos = col["hm_pos"];
      } else {
        if (target != GenomeBuild::Unknown && f.genome_build != GenomeBuild::Unknown && f.genome_build != target) {
          std::string msg = "--pgs " + path + ": its positions are " + build_name(f.genome_build) + " (#genome_build) but the VCF is " +
                            build_name(target);
          if (f.harmonized_build != GenomeBuild::Unknown) msg += std::string(" and its harmonized positions are ") + build_name(f.harmonized_build);
          throw InputError(msg + "; download the file harmonized to " + build_name(target) + " (the PGS Catalog's _hmPOS_" +
                           build_name(target) + " files), or pass --build if the VCF's build was misdetected");
        }
        if (f.genome_build == GenomeBuild::Unknown && target != GenomeBuild::Unknown)
          log::warn("--pgs " + path + ": the file does not state its genome build (#genome_build); its positions are taken as " +
                    build_name(target) + ", the VCF's");
        f.positions_build = f.genome_build != GenomeBuild::Unknown ? f.genome_build : target;
        if (col.count("chr_name")) c_chr = col["chr_name"];
        if (col.count("chr_position")) c_pos = col["chr_position"];
      }
      continue;
    }
    if (text::trim(line).empty()) continue;
    const long ln = in.line_number();
    const auto cells = text::split(line, '\t');
    if (cells.size() != columns.size())
      throw InputError(at(ln) + ": expected " + std::to_string(columns.size()) + " tab-separated columns (as in the header), found " +
                       std::to_string(cells.size()));
    auto cell = [&](const char* name) -> std::string_view {
      auto it = col.find(name);
      return it == col.end() ? std::string_view() : text::trim(cells[static_cast<std::size_t>(it->second)]);
    };
    auto where = [&](const char* name) { return at(ln) + ", column " + std::to_string(col[name] + 1) + " (" + name + ")"; };
    PgsVariant v;
    v.line = ln;
    v.rsid = std::string(cell("rsID").empty() ? cell("rsid") : cell("rsID"));
    if (v.rsid.empty() && f.harmonized_positions) v.rsid = std::string(cell("hm_rsID"));
    if (v.rsid == ".") v.rsid.clear();
    if (c_chr >= 0 && c_pos >= 0) {
      const auto chrom = text::trim(cells[static_cast<std::size_t>(c_chr)]);
      const auto pos = text::trim(cells[static_cast<std::size_t>(c_pos)]);
      if (!chrom.empty() && !pos.empty()) {
        const auto p = text::parse_int(pos);
        if (!p || *p < 1)
          throw InputError(at(ln) + ", column " + std::to_string(c_pos + 1) + " (" + columns[static_cast<std::size_t>(c_pos)] + "): '" +
                           std::string(pos) + "' is not a position (a whole number from 1)");
        v.chrom = canonical_contig(chrom);
        v.pos = *p;
      }
    }
    v.effect_allele = upper(cell("effect_allele"));
    if (v.effect_allele.empty()) throw InputError(where("effect_allele") + ": empty effect allele");
    std::string other = upper(cell("other_allele"));
    if (other.empty() && f.harmonized_positions) other = upper(cell("hm_inferOtherAllele"));
    if (other.find('/') != std::string::npos) other.clear();  // several possible other alleles: none
    v.other_allele = other;
    v.weight_text = std::string(cell("effect_weight"));
    const auto w = text::parse_double(v.weight_text);
    if (!w) throw InputError(where("effect_weight") + ": '" + v.weight_text + "' is not a finite decimal number");
    v.weight = *w;
    bool dominant = col.count("is_dominant") && parse_bool(cell("is_dominant"), where("is_dominant"));
    bool recessive = col.count("is_recessive") && parse_bool(cell("is_recessive"), where("is_recessive"));
    if (col.count("effect_type")) {
      const std::string t = text::lower(cell("effect_type"));
      if (t == "dominant") dominant = true;
      else if (t == "recessive") recessive = true;
      else if (!t.empty() && t != "additive")
        throw InputError(where("effect_type") + ": '" + std::string(cell("effect_type")) + "' is not additive, dominant or recessive");
    }
    if (dominant && recessive) throw InputError(at(ln) + ": the variant is marked both dominant and recessive");
    v.effect = dominant ? EffectType::Dominant : recessive ? EffectType::Recessive : EffectType::Additive;
    for (const char* flag : {"is_haplotype", "is_diplotype", "is_interaction"})
      if (col.count(flag) && parse_bool(cell(flag), where(flag))) v.not_scorable = std::string(flag).substr(3);
    if (v.not_scorable.empty() && v.pos == 0) {
      // As pgsc_calc: a row of a file with positions is matched by position
      // only (a harmonized row whose hm_pos is empty stays unmatched); only
      // a file without position columns is matched by rsID.
      const bool positioned = c_chr >= 0 && c_pos >= 0;
      if (v.rsid.empty() && !f.harmonized_positions)
        throw InputError(at(ln) + ": the variant has neither a position (" +
                         (positioned ? columns[static_cast<std::size_t>(c_chr)] + "/" + columns[static_cast<std::size_t>(c_pos)]
                                     : std::string("chr_name/chr_position")) +
                         ") nor an rsID; expected one of them");
      if (positioned) {
        ++f.no_position;
      } else {
        v.by_rsid = true;
        ++f.rsid_only;
      }
    }
    f.variants.push_back(std::move(v));
  }
  if (columns.empty()) throw InputError("--pgs " + path + ": no column header (expected the PGS Catalog layout: #key=value lines, then "
                                        "a header with effect_allele and effect_weight)");
  if (f.variants.empty()) throw InputError("--pgs " + path + ": the file lists no variants");
  if (f.rsid_only)
    log::warn("--pgs " + path + ": the file has rsIDs and no positions; its " + std::to_string(f.rsid_only) + " variant(s) are matched "
              "by the VCF's ID column, which means reading every record (pgsc_calc leaves them unmatched; the PGS Catalog's "
              "harmonized files give positions)");
  if (f.no_position)
    log::warn("--pgs " + path + ": " + std::to_string(f.no_position) + " variant(s) have no position (" +
              (f.harmonized_positions ? "hm_pos empty: not harmonized" : "chr_position empty") + "): left unmatched, as pgsc_calc does");
  if (target == GenomeBuild::Unknown)
    log::warn("--pgs " + path + ": the VCF's genome build is not known, so the file's " +
              (f.positions_build != GenomeBuild::Unknown ? std::string(build_name(f.positions_build)) + " " : std::string()) +
              "positions are used as they are; pass --build to check them");
  return f;
}

}  // namespace ketapgx

// The variant panel: which VCF records the pipeline reads and what each means.
//
// File format (TSV; see configs/panels/README.md):
//   ## build=GRCh38             metadata lines start with '##'
//   chrom pos id ref alt gene role [source]   header line, then one variant per line
// `ref`/`alt` are in VCF representation on the forward strand of the build.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "genotypes/genome_build.h"

namespace ketapgx {

struct PanelVariant {
  std::string chrom;        // as written in the panel
  std::string contig;       // canonical_contig(chrom), for matching
  std::int64_t pos = 0;     // 1-based
  std::string id;
  std::string ref;
  std::string alt;
  std::string gene;
  std::string role;         // "star_allele", "response", ...
  std::string source;
};

struct Panel {
  std::string path;
  GenomeBuild build = GenomeBuild::Unknown;  // from '## build=' (Unknown if absent)
  std::vector<PanelVariant> variants;
};

// Reads and validates a panel; throws InputError naming the file and line.
Panel load_panel(const std::string& path);

// The bundled panel for `build` under `data_dir`/configs/panels/.
std::string default_panel_path(const std::string& data_dir, GenomeBuild build);

}  // namespace ketapgx

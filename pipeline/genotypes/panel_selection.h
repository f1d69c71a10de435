// Decides the genome build of a VCF and the panel to read it with: --build if
// given, else the ##contig lengths; --panel if given, else the bundled panel of
// that build. A panel whose build disagrees is refused.
#pragma once

#include <string>

#include "genotypes/genome_build.h"
#include "genotypes/panel.h"
#include "genotypes/vcf_file.h"

namespace ketapgx {

struct PanelSelection {
  Panel panel;
  BuildEvidence detected;            // from ##contig lengths
  GenomeBuild build = GenomeBuild::Unknown;  // the build in use
  std::string build_source;          // "--build", "##contig lengths" or "assumed (no evidence)"
};

struct BuildChoice {
  BuildEvidence detected;                    // from ##contig lengths
  GenomeBuild build = GenomeBuild::Unknown;  // the build in use (never Unknown)
  std::string source;                        // "--build", "##contig lengths" or "assumed (no evidence)"
};

// --build if given (warning when the header disagrees), else the ##contig
// lengths, else GRCh38 with a warning saying how to state the build.
BuildChoice resolve_build(const VcfFile& vcf, const std::string& build_arg);

// `panel_arg` / `build_arg` are the option values ("" / "auto" when not given).
PanelSelection select_panel(const VcfFile& vcf, const std::string& panel_arg, const std::string& build_arg,
                            const std::string& data_dir);
// The same with the build already resolved.
PanelSelection select_panel(const VcfFile& vcf, const std::string& panel_arg, const BuildChoice& choice,
                            const std::string& data_dir);

}  // namespace ketapgx

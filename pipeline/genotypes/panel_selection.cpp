#include "genotypes/panel_selection.h"

#include "ketapgx/core/errors.h"
#include "util/log.h"

namespace ketapgx {

PanelSelection select_panel(const VcfFile& vcf, const std::string& panel_arg, const std::string& build_arg,
                            const std::string& data_dir) {
  PanelSelection sel;
  sel.detected = detect_build(vcf.contig_lengths());
  const bool build_given = !build_arg.empty() && build_arg != "auto";
  if (build_given) {
    sel.build = parse_build(build_arg, "--build");
    sel.build_source = "--build";
    if (sel.detected.build != GenomeBuild::Unknown && sel.detected.build != sel.build) {
      log::warn("--build " + std::string(build_name(sel.build)) + " overrides the header of " + vcf.path() +
                ", whose " + sel.detected.detail);
    }
  } else if (sel.detected.build != GenomeBuild::Unknown) {
    sel.build = sel.detected.build;
    sel.build_source = "##contig lengths";
  } else {
    sel.build = GenomeBuild::GRCh38;
    sel.build_source = "assumed (no evidence)";
    log::warn("genome build of " + vcf.path() + " not detected (" + sel.detected.detail +
              "); assuming GRCh38 — pass --build GRCh37 or --build GRCh38 to say which");
  }

  const std::string path = panel_arg.empty() ? default_panel_path(data_dir, sel.build) : panel_arg;
  sel.panel = load_panel(path);
  if (sel.panel.build != GenomeBuild::Unknown && sel.panel.build != sel.build) {
    std::string msg = "--vcf " + vcf.path() + " is " + build_name(sel.build) + " (" +
                      (sel.build_source == "--build" ? std::string("--build") : sel.detected.detail) +
                      ") but --panel " + path + " is " + build_name(sel.panel.build) + ". ";
    if (!panel_arg.empty()) {
      msg += "Use a " + std::string(build_name(sel.build)) + " panel (the bundled one is " +
             default_panel_path(data_dir, sel.build) + ", used when --panel is left out)";
    }
    msg += ", or pass --build " + std::string(build_name(sel.panel.build)) + " if the VCF header is wrong";
    throw InputError(msg);
  }
  return sel;
}

}  // namespace ketapgx

#include "genotypes/panel_selection.h"

#include "ketapgx/core/errors.h"
#include "util/log.h"

namespace ketapgx {

BuildChoice resolve_build(const VcfFile& vcf, const std::string& build_arg) {
  BuildChoice c;
  c.detected = detect_build(vcf.contig_lengths());
  if (!build_arg.empty() && build_arg != "auto") {
    c.build = parse_build(build_arg, "--build");
    c.source = "--build";
    if (c.detected.build != GenomeBuild::Unknown && c.detected.build != c.build) {
      log::warn("--build " + std::string(build_name(c.build)) + " overrides the header of " + vcf.path() +
                ", whose " + c.detected.detail);
    }
  } else if (c.detected.build != GenomeBuild::Unknown) {
    c.build = c.detected.build;
    c.source = "##contig lengths";
  } else {
    c.build = GenomeBuild::GRCh38;
    c.source = "assumed (no evidence)";
    log::warn("genome build of " + vcf.path() + " not detected (" + c.detected.detail +
              "); assuming GRCh38 — pass --build GRCh37 or --build GRCh38 to say which");
  }
  return c;
}

PanelSelection select_panel(const VcfFile& vcf, const std::string& panel_arg, const std::string& build_arg,
                            const std::string& data_dir) {
  return select_panel(vcf, panel_arg, resolve_build(vcf, build_arg), data_dir);
}

PanelSelection select_panel(const VcfFile& vcf, const std::string& panel_arg, const BuildChoice& choice,
                            const std::string& data_dir) {
  PanelSelection sel;
  sel.detected = choice.detected;
  sel.build = choice.build;
  sel.build_source = choice.source;

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

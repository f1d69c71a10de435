// Runs `ketapgx call`: definitions -> panel of defining positions -> genotype
// blocks -> per-sample diplotypes -> PREFIX.pgx.tsv / PREFIX.pgx.json.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

#include "genotypes/genotype_reader.h"
#include "genotypes/panel_selection.h"
#include "ketapgx/core/errors.h"
#include "ketapgx_config.h"
#include "output/notice.h"
#include "output/provenance.h"
#include "output/output_files.h"
#include "pgx/call.h"
#include "pgx/pgx_caller.h"
#include "pgx/pgx_writers.h"
#include "util/data_dir.h"
#include "util/log.h"
#include "util/text.h"

namespace ketapgx {

void CallOptions::validate() const {
  genotypes.validate("call");
  if (out.empty()) throw UsageError("call: --out PREFIX is required");
  compute.validate();
}

void run_call(const CallOptions& opt, const std::string& command_line) {
  opt.validate();
  check_output_location(opt.out, "--out");
  const std::string defs_dir = opt.definitions.empty() ? data_dir() + "/configs/pgx" : opt.definitions;
  const std::vector<std::string> known = list_definition_genes(defs_dir);
  std::vector<std::string> genes = opt.genes.empty() ? known : opt.genes;
  std::vector<GeneDefinition> defs;
  std::set<std::string> seen;
  for (const std::string& g : genes) {
    if (std::find(known.begin(), known.end(), g) == known.end())
      throw UsageError("--genes: unknown gene '" + g + "'; known: " + text::join(known, ", "));
    if (seen.insert(g).second) defs.push_back(load_gene_definition(defs_dir, g));
  }
  // Outside calls are checked before the VCF is read: a bad row stops the run at once.
  std::shared_ptr<const OutsideCalls> outside;
  if (!opt.pgx.outside_calls.empty())
    outside = std::make_shared<OutsideCalls>(read_outside_calls(opt.pgx.outside_calls, defs, defs_dir));

  auto vcf = std::make_unique<VcfFile>(vcf_open_options(opt.genotypes, opt.compute.budget().bgzf));
  const BuildChoice choice = resolve_build(*vcf, opt.genotypes.build);
  const GenomeBuild build = choice.build;
  const std::string& build_source = choice.source;
  const BuildEvidence& detected = choice.detected;
  log::info("genome build: " + std::string(build_name(build)) + " (" + build_source + ")");
  if (opt.unsafe_absent_as_reference)
    log::warn("--unsafe-absent-as-reference: positions missing from the VCF are read as the " +
              std::string(build_name(build)) + " reference; calls may be wrong for those positions");

  PgxCallOptions co;
  co.absent_as_reference = opt.unsafe_absent_as_reference;
  co.settings = opt.pgx;
  co.outside = outside;
  co.threads = opt.compute.threads;
  PgxCaller caller(std::move(defs), build, co);
  GenotypeReaderOptions ro;
  ro.read_phase_sets = true;
  ro.decode_threads = opt.compute.budget().decode;
  ro.read_ahead = opt.compute.budget().read_ahead;
  ro.block_bytes = opt.compute.block_bytes();
  GenotypeReader reader(std::move(vcf), ro, &caller.panel());
  log::info("reading " + opt.genotypes.vcf + ": " + std::to_string(reader.samples().size()) + " samples, " +
            std::to_string(caller.panel().variants.size()) + " defining alleles of " + text::join(genes, ", ") +
            (reader.uses_index() ? " (index queries)" : " (sequential scan)"));

  const PgxResults results = caller.call(reader);

  OutputSet outputs;
  write_pgx_tsv(outputs.open(opt.out + ".pgx.tsv"), results);
  nlohmann::ordered_json j = json_provenance("call", command_line);
  j["genome_build"] = {{"used", build_name(build)}, {"source", build_source}, {"evidence", detected.detail}};
  j["definitions"] = {{"path", defs_dir},
                      {"source", "PharmVar allele definitions and CPIC allele functions as distributed by PharmCAT, "
                                 "definitions version 2025-11-05"}};
  j["matching"] = {{"mode", opt.pgx.combinations ? "top candidate by score; combination mode where no pair of named alleles fits "
                                                   "(PharmCAT named-allele matcher, -research combinations)"
                                                 : "top candidate by score (PharmCAT named-allele matcher, no combinations)"},
                   {"unread_positions", opt.pgx.assume_reference_at_missing ? "reference assumed (PharmCAT)"
                                                                            : "phenotype Indeterminate when they could change it"},
                   {"absent_positions", opt.unsafe_absent_as_reference ? "read as reference (unsafe)" : "no-call"}};
  j["samples"] = results.samples.size();
  if (outside)
    j["outside_calls"] = {{"file", outside->path}, {"rows", outside->calls.size()}, {"used", results.outside_used},
                          {"samples_not_in_vcf", results.outside_not_in_vcf}};
  j["genes"] = pgx_summary(results, caller.definitions());
  outputs.open(opt.out + ".pgx.json") << j.dump(2) << '\n';
  outputs.commit();

  for (const GeneResults& g : results.genes) {
    std::size_t no_call = 0;
    for (auto i : g.by_sample) no_call += g.distinct[i].diplotype.empty() ? 1 : 0;
    log::info(g.gene + ": " + std::to_string(results.samples.size() - no_call) + " called, " + std::to_string(no_call) +
              " no call, " + std::to_string(g.distinct.size()) + " distinct genotype pattern(s)" +
              (g.positions_not_read.empty() ? "" : ", positions not read: " + text::join(g.positions_not_read, ",")));
    for (const auto& w : g.position_warnings) log::warn(g.gene + ": " + w);
  }
  for (const auto& s : results.not_assessed) log::info(s);
  if (outside)
    log::info("--outside-calls " + outside->path + ": " + std::to_string(results.outside_used) + " call(s) replaced");
  for (const auto& p : outputs.paths()) log::info("wrote " + p);
}

}  // namespace ketapgx

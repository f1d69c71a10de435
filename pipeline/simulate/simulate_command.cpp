// Runs `ketapgx simulate`: draw the cohort (simulate/cohort_model.h), then
// write its files; everything appears at once or not at all.
#include <htslib/bgzf.h>
#include <htslib/tbx.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <sstream>

#include "ketapgx/core/errors.h"
#include "ketapgx_config.h"
#include "output/format.h"
#include "output/notice.h"
#include "output/output_files.h"
#include "simulate/cohort_model.h"
#include "simulate/simulate.h"
#include "util/data_dir.h"
#include "util/log.h"

namespace ketapgx {

void SimulateOptions::validate() const {
  if (samples < 1) throw UsageError("simulate: --samples N is required (N >= 1)");
  if (out.empty()) throw UsageError("simulate: --out DIR is required");
  if (response_rate >= 0 && !(response_rate >= 0.01 && response_rate <= 0.99))
    throw UsageError("simulate: --response-rate must lie between 0.01 and 0.99, got " + std::to_string(response_rate));
  if (!std::isfinite(expression_batch_shift) || std::fabs(expression_batch_shift) > 10)
    throw UsageError("simulate: --expression-batch-shift must lie between -10 and 10 (log2 units)");
}

namespace {

struct VcfSite {
  std::string chrom;
  std::int64_t pos;
  std::string id, ref;
  std::vector<std::string> alts;
  std::size_t gene;      // index into model.pgx, or SIZE_MAX for rs6265
  std::size_t position;  // definition position
};

// The sequence index an allele carries at a position (the reference sequence
// where it defines nothing; the first accepted sequence for IUPAC codes).
std::size_t allele_sequence(const NamedAllele& a, std::size_t p) {
  const std::uint32_t m = a.accepts[p];
  if (m == 0) return 0;
  for (std::size_t k = 0; k < 32; ++k)
    if (m >> k & 1u) return k;
  return 0;
}

void write_vcf(const std::string& path, const CohortModel& model, const std::vector<SimulatedPerson>& people,
               std::uint64_t seed) {
  std::vector<VcfSite> sites;
  for (std::size_t g = 0; g < model.pgx.size(); ++g) {
    const GeneDefinition& def = model.pgx[g];
    for (std::size_t p = 0; p < def.positions.size(); ++p) {
      const DefinitionPosition& d = def.positions[p];
      VcfSite s{d.chrom_grch38, d.pos_grch38, d.variant.rfind("rs", 0) == 0 ? d.variant : ".", d.ref_grch38, {}, g, p};
      for (std::size_t k = 1; k < d.sequences.size(); ++k) s.alts.push_back(d.sequences[k]);
      sites.push_back(std::move(s));
    }
  }
  sites.push_back(VcfSite{"chr11", 27658369, "rs6265", "C", {"T"}, SIZE_MAX, 0});
  auto rank = [](const std::string& c) { return c == "chr7" ? 0 : c == "chr11" ? 1 : 2; };
  std::sort(sites.begin(), sites.end(), [&](const VcfSite& a, const VcfSite& b) {
    return rank(a.chrom) != rank(b.chrom) ? rank(a.chrom) < rank(b.chrom) : a.pos < b.pos;
  });
  BGZF* fp = bgzf_open(path.c_str(), "w");
  if (!fp) throw Error("cannot write " + path);
  std::ostringstream h;
  h << "##fileformat=VCFv4.2\n##source=ketapgx simulate (SIMULATED DATA, not real people)\n"
    << "##contig=<ID=chr7,length=159345973,assembly=GRCh38>\n##contig=<ID=chr11,length=135086622,assembly=GRCh38>\n"
    << "##contig=<ID=chr19,length=58617616,assembly=GRCh38>\n"
    << "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT";
  for (const auto& p : people) h << '\t' << p.id;
  h << '\n';
  std::string text = h.str();
  std::mt19937_64 missing_rng(seed ^ 0x5851F42D4C957F2Dull);
  const double missing = simulation_missing_rate();
  bool ok = bgzf_write(fp, text.data(), text.size()) >= 0;
  for (const VcfSite& s : sites) {
    text.clear();
    text += s.chrom + "\t" + std::to_string(s.pos) + "\t" + s.id + "\t" + s.ref + "\t";
    for (std::size_t k = 0; k < s.alts.size(); ++k) text += (k ? "," : "") + s.alts[k];
    text += "\t.\tPASS\t.\tGT";
    for (const SimulatedPerson& p : people) {
      text += '\t';
      if (static_cast<double>(missing_rng() >> 11) * (1.0 / 9007199254740992.0) < missing) {
        text += "./.";
        continue;
      }
      std::size_t a1, a2;
      if (s.gene == SIZE_MAX) {
        a1 = p.rs6265_t_copies >= 1;
        a2 = p.rs6265_t_copies == 2;
      } else {
        const GeneDefinition& def = model.pgx[s.gene];
        a1 = allele_sequence(def.alleles[p.haplotypes[s.gene].first], s.position);
        a2 = allele_sequence(def.alleles[p.haplotypes[s.gene].second], s.position);
      }
      text += std::to_string(a1) + "/" + std::to_string(a2);
    }
    text += '\n';
    ok = ok && bgzf_write(fp, text.data(), text.size()) >= 0;
  }
  if (bgzf_close(fp) != 0 || !ok) throw Error("writing " + path + " failed (disk full?)");
}

std::string diplotype(const GeneDefinition& def, std::pair<std::size_t, std::size_t> h) {
  const auto [a, b] = std::minmax(h.first, h.second);
  return def.alleles[a].name + "/" + def.alleles[b].name;
}

}  // namespace

void run_simulate(const SimulateOptions& opt, const std::string& command_line) {
  opt.validate();
  check_output_location(opt.out + "/cohort.vcf.gz", "--out");
  const std::string data = data_dir();
  CohortModel model;
  const std::string defs_dir = data + "/configs/pgx";
  for (const auto& g : list_definition_genes(defs_dir)) model.pgx.push_back(load_gene_definition(defs_dir, g));
  const GeneTable genes = load_gene_table(data + "/configs/genes.tsv");
  model.gene_sets = load_gene_sets(data + "/configs/gene_sets.tsv", genes);
  model.genes = gene_set_genes(model.gene_sets);
  model.response_rate = opt.response_rate >= 0 ? opt.response_rate : default_response_rate();
  model.expression_batch_shift = opt.expression_batch_shift;
  const std::vector<SimulatedPerson> people = simulate_cohort(model, opt.samples, opt.seed);

  OutputSet outputs;
  const std::string dir = opt.out + "/";
  const std::string vcf_tmp = outputs.reserve(dir + "cohort.vcf.gz");
  write_vcf(vcf_tmp, model, people, opt.seed);
  const std::string tbi_tmp = outputs.reserve(dir + "cohort.vcf.gz.tbi");
  if (tbx_index_build2(vcf_tmp.c_str(), tbi_tmp.c_str(), 0, &tbx_conf_vcf) != 0)
    throw Error("cannot index " + vcf_tmp);

  std::ostream& expr = outputs.open(dir + "expression.tsv");
  expr << "gene";
  for (const auto& p : people) expr << '\t' << p.id;
  expr << '\n';
  for (std::size_t g = 0; g < model.genes.size(); ++g) {
    expr << model.genes[g];
    for (const auto& p : people) expr << '\t' << format_double(p.expression[g], 12);
    expr << '\n';
  }
  std::ostream& cov = outputs.open(dir + "covariates.tsv");
  cov << "sample_id\tage\tsex\tweight_kg\tbaseline_madrs\n";
  for (const auto& p : people)
    cov << p.id << '\t' << p.age << '\t' << (p.male ? "M" : "F") << '\t' << format_double(p.weight_kg) << '\t'
        << p.baseline_madrs << '\n';
  std::ostream& outc = outputs.open(dir + "outcomes.tsv");
  outc << "sample_id\tresponder\tmetabolizer_class\n";
  for (const auto& p : people) outc << p.id << '\t' << (p.responder ? 1 : 0) << '\t' << p.metabolizer_class << '\n';
  std::ostream& truth = outputs.open(dir + "truth.tsv");
  truth << "sample_id\tp_responder\tresponder\tmetabolizer_class\tactivity_score\tgenetic_class\trs6265_T_copies";
  for (const auto& d : model.pgx) truth << '\t' << d.gene << "_diplotype";
  truth << '\n';
  for (const auto& p : people) {
    truth << p.id << '\t' << format_double(p.p_responder, 10) << '\t' << (p.responder ? 1 : 0) << '\t'
          << p.metabolizer_class << '\t' << format_double(p.activity, 10) << '\t' << p.genetic_class << '\t'
          << p.rs6265_t_copies;
    for (std::size_t k = 0; k < model.pgx.size(); ++k) truth << '\t' << diplotype(model.pgx[k], p.haplotypes[k]);
    truth << '\n';
  }
  std::ostream& js = outputs.open(dir + "simulation.json");
  js << "{\n  \"tool\": \"ketapgx\",\n  \"version\": \"" << KETAPGX_VERSION << "\",\n  \"command_line\": \""
     << command_line << "\",\n  \"notice\": \"" << kResearchUseNotice << " These are SIMULATED people.\",\n"
     << "  \"samples\": " << opt.samples << ",\n  \"seed\": " << opt.seed << ",\n  \"genome_build\": \"GRCh38\",\n"
     << "  \"model\": " << simulation_parameters_json(model, opt.seed) << "\n}\n";
  outputs.commit();
  std::size_t responders = 0;
  for (const auto& p : people) responders += p.responder;
  log::info("simulated " + std::to_string(people.size()) + " people (seed " + std::to_string(opt.seed) + "): " +
            format_double(100.0 * static_cast<double>(responders) / static_cast<double>(people.size()), 3) +
            "% responders; wrote " + opt.out);
}

}  // namespace ketapgx

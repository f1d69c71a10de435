// Runs `ketapgx simulate`: draw the cohort (simulate/cohort_model.h), then
// write its files; everything appears at once or not at all.
#include <htslib/bgzf.h>
#include <nlohmann/json.hpp>
#include <htslib/tbx.h>

#include <algorithm>
#include <optional>
#include <set>
#include <cmath>
#include <random>
#include <sstream>

#include "genotypes/contig.h"
#include "ketapgx/core/errors.h"
#include "ketapgx_config.h"
#include "output/format.h"
#include "output/notice.h"
#include "output/output_files.h"
#include "prs/pgs_file.h"
#include "simulate/cohort_model.h"
#include "simulate/simulate.h"
#include "util/data_dir.h"
#include "util/log.h"
#include "util/text.h"

namespace ketapgx {

void SimulateOptions::validate() const {
  if (samples < 1) throw UsageError("simulate: --people N (-n N) is required (N >= 1)");
  if (out.empty()) throw UsageError("simulate: --out DIR is required");
  if (response_rate >= 0 && !(response_rate >= 0.01 && response_rate <= 0.99))
    throw UsageError("simulate: --response-rate must lie between 0.01 and 0.99, got " + std::to_string(response_rate));
  if (!std::isfinite(expression_batch_shift) || std::fabs(expression_batch_shift) > 10)
    throw UsageError("simulate: --expression-batch-shift must lie between -10 and 10 (log2 units)");
  if (pgs.empty() && pgs_effect != 0) throw UsageError("simulate: --pgs-effect needs --pgs FILE (the score to plant)");
}

namespace {

struct VcfSite {
  std::string chrom;
  std::int64_t pos;
  std::string id, ref;
  std::vector<std::string> alts;
  std::size_t gene;      // index into model.pgx, SIZE_MAX for rs6265, kPlanted for a planted-score variant
  std::size_t position;  // definition position (planted: the variant's index)
};
constexpr std::size_t kPlanted = SIZE_MAX - 1;

// Chromosomes in their usual order (1-22, X, Y, then others by name).
int chromosome_rank(const std::string& chrom) {
  const std::string c = canonical_contig(chrom);
  if (c == "X") return 23;
  if (c == "Y") return 24;
  const auto n = text::parse_int(c);
  return n && *n >= 1 && *n <= 22 ? static_cast<int>(*n) : 25;
}

// The planted score (simulate --pgs): its scorable, positioned variants at
// positions the cohort's own sites do not use, each with a drawn frequency.
PlantedScore plant_score(const std::string& path, double effect, std::uint64_t seed, const std::vector<VcfSite>& taken) {
  const PgsFile f = read_pgs_file(path, GenomeBuild::GRCh38);
  PlantedScore ps;
  ps.id = f.id;
  ps.path = path;
  ps.effect = effect;
  std::set<std::pair<std::string, std::int64_t>> used;
  for (const VcfSite& s : taken) used.emplace(canonical_contig(s.chrom), s.pos);
  std::mt19937_64 rng(seed ^ 0xD1B54A32D192ED03ull);
  std::uniform_real_distribution<double> u(0.05, 0.5);
  double var = 0;
  for (const PgsVariant& v : f.variants) {
    if (!v.not_scorable.empty() || v.pos == 0 || !used.emplace(v.chrom, v.pos).second) continue;
    PlantedVariant p;
    p.chrom = "chr" + v.chrom;
    p.pos = v.pos;
    p.alt = v.effect_allele;
    // REF: the other allele, else a base that is neither the effect allele nor its complement.
    p.ref = !v.other_allele.empty() && v.other_allele != v.effect_allele ? v.other_allele
                                                                         : (v.effect_allele[0] == 'A' || v.effect_allele[0] == 'T' ? "C" : "A");
    p.weight = v.weight;
    p.alt_frequency = u(rng);
    ps.mean += p.weight * 2 * p.alt_frequency;
    var += p.weight * p.weight * 2 * p.alt_frequency * (1 - p.alt_frequency);
    ps.variants.push_back(std::move(p));
  }
  if (ps.variants.empty()) throw InputError("--pgs " + path + ": no variant with a position to plant");
  ps.sd = std::sqrt(var);
  return ps;
}

// The sequence index an allele carries at a position (the reference sequence
// where it defines nothing; the first accepted sequence for IUPAC codes).
std::size_t allele_sequence(const NamedAllele& a, std::size_t p) {
  const std::uint32_t m = a.accepts[p];
  if (m == 0) return 0;
  for (std::size_t k = 0; k < 32; ++k)
    if (m >> k & 1u) return k;
  return 0;
}

std::vector<VcfSite> cohort_sites(const CohortModel& model) {
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
  return sites;
}

void write_vcf(const std::string& path, const CohortModel& model, const std::vector<SimulatedPerson>& people,
               std::uint64_t seed) {
  std::vector<VcfSite> sites = cohort_sites(model);
  std::set<std::string> extra_contigs;
  if (model.planted)
    for (std::size_t v = 0; v < model.planted->variants.size(); ++v) {
      const PlantedVariant& pv = model.planted->variants[v];
      sites.push_back(VcfSite{pv.chrom, pv.pos, ".", pv.ref, {pv.alt}, kPlanted, v});
      if (pv.chrom != "chr7" && pv.chrom != "chr11" && pv.chrom != "chr19") extra_contigs.insert(pv.chrom);
    }
  std::sort(sites.begin(), sites.end(), [&](const VcfSite& a, const VcfSite& b) {
    const int ra = chromosome_rank(a.chrom), rb = chromosome_rank(b.chrom);
    if (ra != rb) return ra < rb;
    return a.chrom != b.chrom ? a.chrom < b.chrom : a.pos < b.pos;
  });
  BGZF* fp = bgzf_open(path.c_str(), "w");
  if (!fp) throw Error("cannot write " + path);
  std::ostringstream h;
  h << "##fileformat=VCFv4.2\n##source=ketapgx simulate (SIMULATED DATA, not real people)\n"
    << "##contig=<ID=chr7,length=159345973,assembly=GRCh38>\n##contig=<ID=chr11,length=135086622,assembly=GRCh38>\n"
    << "##contig=<ID=chr19,length=58617616,assembly=GRCh38>\n";
  for (const auto& c : extra_contigs) h << "##contig=<ID=" << c << ",assembly=GRCh38>\n";
  h
    << "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT";
  for (const auto& p : people) h << '\t' << p.id;
  h << '\n';
  std::string text = h.str();
  std::mt19937_64 missing_rng(seed ^ 0x5851F42D4C957F2Dull);
  std::mt19937_64 planted_missing_rng(seed ^ 0x2545F4914F6CDD1Dull);  // its own: the cohort's sites stay as without --pgs
  const double missing = simulation_missing_rate();
  bool ok = bgzf_write(fp, text.data(), text.size()) >= 0;
  for (const VcfSite& s : sites) {
    text.clear();
    text += s.chrom + "\t" + std::to_string(s.pos) + "\t" + s.id + "\t" + s.ref + "\t";
    for (std::size_t k = 0; k < s.alts.size(); ++k) text += (k ? "," : "") + s.alts[k];
    text += "\t.\tPASS\t.\tGT";
    for (const SimulatedPerson& p : people) {
      text += '\t';
      auto& mrng = s.gene == kPlanted ? planted_missing_rng : missing_rng;
      if (static_cast<double>(mrng() >> 11) * (1.0 / 9007199254740992.0) < missing) {
        text += "./.";
        continue;
      }
      std::size_t a1, a2;
      if (s.gene == kPlanted) {
        a1 = p.planted_copies[s.position] >= 1;
        a2 = p.planted_copies[s.position] == 2;
      } else if (s.gene == SIZE_MAX) {
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
  std::optional<PlantedScore> planted;
  if (!opt.pgs.empty()) {
    planted = plant_score(opt.pgs, opt.pgs_effect, opt.seed, cohort_sites(model));
    model.planted = &*planted;
    log::info("planting " + planted->id + ": " + std::to_string(planted->variants.size()) + " variants, " +
              format_double(opt.pgs_effect, 4) + " log-odds of response per SD");
  }
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
  if (planted) truth << "\tplanted_pgs_z";
  truth << '\n';
  for (const auto& p : people) {
    truth << p.id << '\t' << format_double(p.p_responder, 10) << '\t' << (p.responder ? 1 : 0) << '\t'
          << p.metabolizer_class << '\t' << format_double(p.activity, 10) << '\t' << p.genetic_class << '\t'
          << p.rs6265_t_copies;
    for (std::size_t k = 0; k < model.pgx.size(); ++k) truth << '\t' << diplotype(model.pgx[k], p.haplotypes[k]);
    if (planted) truth << '\t' << format_double(p.planted_z, 10);
    truth << '\n';
  }
  std::ostream& js = outputs.open(dir + "simulation.json");
  js << "{\n  \"tool\": \"ketapgx\",\n  \"version\": \"" << KETAPGX_VERSION << "\",\n  \"command_line\": \""
     << command_line << "\",\n  \"notice\": \"" << kResearchUseNotice << " These are SIMULATED people.\",\n"
     << "  \"samples\": " << opt.samples << ",\n  \"seed\": " << opt.seed << ",\n  \"genome_build\": \"GRCh38\",\n"
     << "  \"model\": " << simulation_parameters_json(model, opt.seed);
  if (planted)
    js << ",\n  \"planted_score\": {\"id\": " << nlohmann::json(planted->id).dump() << ", \"variants\": " << planted->variants.size()
       << ", \"effect_per_sd\": " << format_double(planted->effect, 10) << ", \"mean\": " << format_double(planted->mean, 12)
       << ", \"sd\": " << format_double(planted->sd, 12) << "}";
  js << "\n}\n";
  outputs.commit();
  std::size_t responders = 0;
  for (const auto& p : people) responders += p.responder;
  log::info("simulated " + std::to_string(people.size()) + " people (seed " + std::to_string(opt.seed) + "): " +
            format_double(100.0 * static_cast<double>(responders) / static_cast<double>(people.size()), 3) +
            "% responders; wrote " + opt.out);
}

}  // namespace ketapgx

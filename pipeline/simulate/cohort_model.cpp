#include "simulate/cohort_model.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <map>
#include <random>

#include "ketapgx/core/errors.h"

namespace ketapgx {
namespace {

// ---- the model's constants (docs/simulation.md gives the sources) ----------

// Star-allele haplotype frequencies: rounded multi-ancestry figures (PharmGKB /
// CPIC allele frequency tables); they sum to 1 per gene.
const std::map<std::string, std::vector<std::pair<std::string, double>>>& haplotype_frequencies() {
  static const std::map<std::string, std::vector<std::pair<std::string, double>>> f = {
      {"CYP2B6", {{"*1", 0.55}, {"*6", 0.25}, {"*2", 0.04}, {"*4", 0.04}, {"*5", 0.05}, {"*9", 0.02}, {"*18", 0.03}, {"*22", 0.02}}},
      {"CYP3A5", {{"*1", 0.20}, {"*3", 0.75}, {"*6", 0.03}, {"*7", 0.02}}},
      {"CYP3A4", {{"*1", 0.94}, {"*22", 0.04}, {"*20", 0.01}, {"*3", 0.01}}},
  };
  return f;
}

constexpr double kMetFrequency = 0.20;  // BDNF rs6265 T (Met)
constexpr double kMissingRate = 0.005;  // genotype calls set to ./.

// Expression: log-normal counts, correlated within gene sets through a shared factor.
constexpr double kExprSigma = 0.5;      // sd of log expression
constexpr double kExprSetLoading = 0.5; // correlation with the set factor
constexpr double kLibrarySigma = 0.2;   // sd of log library size

// Responder: logistic model (log-odds per unit).
constexpr double kResponseRate = 0.55;  // default target overall rate (trials: 50-70% at 24 h)
constexpr double kBetaValVal = 0.5;     // BDNF Val/Val vs Met carriers (Laje 2012; Su 2017; mixed evidence)
constexpr double kBetaGrm2 = 0.4;       // per SD of GRM2 expression (higher in responders, PMC8748646)
constexpr double kBetaGrin2d = 0.3;     // per SD of GRIN2D expression (same study)
constexpr double kBetaMadrs = -0.2;     // per 5 points of baseline MADRS above 32 (assumption)
constexpr double kBetaAge = -0.1;       // per 15 years above 45 (assumption)

// Metabolizer class from an activity score.
double allele_activity(const std::string& function) {
  if (function == "Normal function") return 1.0;
  if (function == "Increased function") return 1.5;
  if (function == "Decreased function") return 0.25;
  if (function == "No function") return 0.0;
  return 0.75;  // uncertain / unknown / unassigned
}
constexpr double kCyp3a5ExpresserBonus = 0.15;  // per CYP3A5 *1 allele
constexpr double kCyp3a4LossPenalty = 0.15;     // per CYP3A4 decreased/no-function allele
constexpr double kActivityNoise = 0.15;
const char* activity_class(double a) {
  if (a < 0.75) return "PM";
  if (a < 1.75) return "IM";
  if (a < 2.25) return "NM";
  if (a < 2.75) return "RM";
  return "UM";
}

// ---- deterministic random numbers ------------------------------------------

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : gen_(seed) {}
  double uniform() { return static_cast<double>(gen_() >> 11) * (1.0 / 9007199254740992.0); }
  double normal() {  // Box-Muller, one value per call
    double u1 = uniform();
    while (u1 <= 0.0) u1 = uniform();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  template <typename T>
  std::size_t pick(const std::vector<std::pair<T, double>>& weights) {
    double u = uniform();
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (u < weights[i].second) return i;
      u -= weights[i].second;
    }
    return weights.size() - 1;
  }

 private:
  std::mt19937_64 gen_;
};

double logit(double p) { return std::log(p / (1.0 - p)); }

}  // namespace

std::vector<SimulatedPerson> simulate_cohort(const CohortModel& model, std::size_t n, std::uint64_t seed) {
  Rng rng(seed);
  // Allele indices of each gene's frequency table.
  std::vector<std::vector<std::pair<std::size_t, double>>> tables;
  for (const GeneDefinition& def : model.pgx) {
    auto it = haplotype_frequencies().find(def.gene);
    if (it == haplotype_frequencies().end()) throw Error("simulate: no haplotype frequencies for " + def.gene);
    std::vector<std::pair<std::size_t, double>> t;
    for (const auto& [name, f] : it->second) {
      std::size_t idx = def.alleles.size();
      for (std::size_t a = 0; a < def.alleles.size(); ++a)
        if (def.alleles[a].name == name) idx = a;
      if (idx == def.alleles.size()) throw Error("simulate: " + def.gene + name + " is not in the definitions");
      t.emplace_back(idx, f);
    }
    tables.push_back(std::move(t));
  }
  // Fixed per-gene mean log expression (log of 100..2000 counts), spread by gene index.
  const std::size_t ng = model.genes.size();
  std::vector<double> mu(ng);
  for (std::size_t g = 0; g < ng; ++g) mu[g] = std::log(100.0 + 1900.0 * static_cast<double>((g * 7) % ng) / static_cast<double>(ng));
  std::vector<int> set_of(ng, 0);
  for (std::size_t k = 0; k < model.gene_sets.size(); ++k)
    for (const auto& gene : model.gene_sets[k].genes)
      for (std::size_t g = 0; g < ng; ++g)
        if (model.genes[g] == gene) set_of[g] = static_cast<int>(k);
  auto gene_pos = [&](const std::string& name) -> long {
    for (std::size_t g = 0; g < ng; ++g)
      if (model.genes[g] == name) return static_cast<long>(g);
    return -1;
  };
  const long g_grm2 = gene_pos("GRM2"), g_grin2d = gene_pos("GRIN2D");
  const double val_val_rate = (1 - kMetFrequency) * (1 - kMetFrequency);
  if (!(model.response_rate > 0 && model.response_rate < 1)) throw Error("simulate: the response rate must lie strictly between 0 and 1");
  const double beta0 = logit(model.response_rate) - kBetaValVal * val_val_rate;
  std::vector<double> batch(ng, 0.0);
  if (model.expression_batch_shift != 0) {
    const std::vector<double> u = batch_factors(ng, seed);
    for (std::size_t g = 0; g < ng; ++g) batch[g] = std::exp2(model.expression_batch_shift * u[g]);
  }

  // The planted score's genotypes come from a stream of their own: the
  // people are those of the same seed without it, only their response moves.
  Rng planted_rng(seed ^ 0x9E3779B97F4A7C15ull);
  std::vector<SimulatedPerson> people(n);
  const int width = n < 10 ? 1 : static_cast<int>(std::ceil(std::log10(static_cast<double>(n) + 1)));
  for (std::size_t i = 0; i < n; ++i) {
    SimulatedPerson& p = people[i];
    char id[32];
    std::snprintf(id, sizeof id, "SIM%0*zu", width, i + 1);
    p.id = id;
    for (const auto& t : tables) p.haplotypes.emplace_back(t[rng.pick(t)].first, t[rng.pick(t)].first);
    p.rs6265_t_copies = (rng.uniform() < kMetFrequency) + (rng.uniform() < kMetFrequency);
    // Expression.
    std::vector<double> set_factor(model.gene_sets.size());
    for (double& f : set_factor) f = rng.normal();
    const double library = std::exp(kLibrarySigma * rng.normal());
    p.expression.resize(ng);
    p.latent_z.resize(ng);
    for (std::size_t g = 0; g < ng; ++g) {
      const double z = kExprSetLoading * set_factor[static_cast<std::size_t>(set_of[g])] +
                       std::sqrt(1 - kExprSetLoading * kExprSetLoading) * rng.normal();
      p.latent_z[g] = z;
      p.expression[g] = std::round(std::exp(mu[g] + kExprSigma * z) * library * (batch[g] > 0 ? batch[g] : 1.0));
    }
    // Covariates.
    p.male = rng.uniform() < 0.45;
    p.age = std::round(18 + 62 * rng.uniform());
    p.weight_kg = std::round(10 * std::min(150.0, std::max(45.0, (p.male ? 84.0 : 70.0) + 14.0 * rng.normal()))) / 10;
    p.baseline_madrs = std::round(std::min(50.0, std::max(20.0, 32.0 + 5.0 * rng.normal())));
    // Metabolizer class.
    double activity = 0;
    for (std::size_t k = 0; k < model.pgx.size(); ++k) {
      const GeneDefinition& def = model.pgx[k];
      const auto [a1, a2] = p.haplotypes[k];
      if (def.gene == "CYP2B6") activity += allele_activity(def.alleles[a1].function) + allele_activity(def.alleles[a2].function);
      if (def.gene == "CYP3A5") activity += kCyp3a5ExpresserBonus * ((def.alleles[a1].name == "*1") + (def.alleles[a2].name == "*1"));
      if (def.gene == "CYP3A4") {
        for (std::size_t a : {a1, a2}) {
          const std::string& fn = def.alleles[a].function;
          if (fn == "Decreased function" || fn == "No function") activity -= kCyp3a4LossPenalty;
        }
      }
    }
    p.genetic_activity = activity;
    p.genetic_class = activity_class(activity);
    p.activity = activity + kActivityNoise * rng.normal();
    p.metabolizer_class = activity_class(p.activity);
    // Response.
    double eta = beta0 + kBetaValVal * (p.rs6265_t_copies == 0) + kBetaMadrs * (p.baseline_madrs - 32) / 5 +
                 kBetaAge * (p.age - 45) / 15;
    if (g_grm2 >= 0) eta += kBetaGrm2 * p.latent_z[static_cast<std::size_t>(g_grm2)];
    if (g_grin2d >= 0) eta += kBetaGrin2d * p.latent_z[static_cast<std::size_t>(g_grin2d)];
    if (model.planted) {
      const PlantedScore& ps = *model.planted;
      double score = 0;
      p.planted_copies.resize(ps.variants.size());
      for (std::size_t v = 0; v < ps.variants.size(); ++v) {
        const double f = ps.variants[v].alt_frequency;
        p.planted_copies[v] = static_cast<std::uint8_t>((planted_rng.uniform() < f) + (planted_rng.uniform() < f));
        score += ps.variants[v].weight * p.planted_copies[v];
      }
      p.planted_z = ps.sd > 0 ? (score - ps.mean) / ps.sd : 0.0;
      eta += ps.effect * p.planted_z;
    }
    p.p_responder = 1 / (1 + std::exp(-eta));
    p.responder = rng.uniform() < p.p_responder;
  }
  return people;
}

double default_response_rate() { return kResponseRate; }

std::vector<double> batch_factors(std::size_t genes, std::uint64_t seed) {
  Rng rng(seed ^ 0xB5AD4ECEDA1CE2A9ull);  // a stream of its own: the people do not change
  std::vector<double> u(genes);
  for (double& v : u) v = rng.normal();
  return u;
}

std::string simulation_parameters_json(const CohortModel& model, std::uint64_t seed) {
  nlohmann::ordered_json j;
  nlohmann::ordered_json hf;
  for (const auto& [gene, t] : haplotype_frequencies()) {
    nlohmann::ordered_json g = nlohmann::ordered_json::object();
    for (const auto& [a, f] : t) g[a] = f;
    hf[gene] = g;
  }
  j["simulated_data"] = true;
  j["haplotype_frequencies"] = hf;
  j["rs6265_T_frequency"] = kMetFrequency;
  j["missing_call_rate"] = kMissingRate;
  j["expression"] = {{"log_sd", kExprSigma}, {"gene_set_loading", kExprSetLoading}, {"library_log_sd", kLibrarySigma},
                     {"batch_shift_log2", model.expression_batch_shift}};
  if (model.expression_batch_shift != 0) {
    nlohmann::ordered_json shifts = nlohmann::ordered_json::object();
    const std::vector<double> u = batch_factors(model.genes.size(), seed);
    for (std::size_t g = 0; g < model.genes.size(); ++g) shifts[model.genes[g]] = model.expression_batch_shift * u[g];
    j["expression"]["batch_shift_log2_per_gene"] = shifts;
  }
  j["response"] = {{"target_rate", model.response_rate}, {"beta_val_val", kBetaValVal}, {"beta_grm2_per_sd", kBetaGrm2},
                   {"beta_grin2d_per_sd", kBetaGrin2d}, {"beta_madrs_per_5", kBetaMadrs}, {"beta_age_per_15y", kBetaAge}};
  j["metabolism"] = {{"cyp3a5_expresser_bonus", kCyp3a5ExpresserBonus}, {"cyp3a4_loss_penalty", kCyp3a4LossPenalty},
                     {"activity_noise_sd", kActivityNoise}, {"thresholds", {{"PM", "<0.75"}, {"IM", "<1.75"}, {"NM", "<2.25"}, {"RM", "<2.75"}, {"UM", ">=2.75"}}}};
  return j.dump(2);
}

double simulation_missing_rate() { return kMissingRate; }

}  // namespace ketapgx

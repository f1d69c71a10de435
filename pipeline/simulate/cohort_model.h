// The generative model behind `ketapgx simulate`: a synthetic ketamine trial
// cohort with star-allele haplotypes, a response variant, glutamate-receptor
// expression, covariates, responder status and a metabolizer class. Every
// constant is documented in docs/simulation.md with its source or rationale.
// Deterministic for a seed (own uniform/normal transforms over std::mt19937_64,
// whose sequence the standard fixes).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pgx/allele_definitions.h"
#include "samples/gene_table.h"

namespace ketapgx {

struct SimulatedPerson {
  std::string id;
  // Per pharmacogene (definition order): the two true haplotypes (allele indices).
  std::vector<std::pair<std::size_t, std::size_t>> haplotypes;
  int rs6265_t_copies = 0;        // BDNF Met (T) alleles
  std::vector<double> expression;  // counts per gene-set gene (gene_set_genes order)
  std::vector<double> latent_z;    // standardised latent log-expression per gene
  double age = 0, weight_kg = 0, baseline_madrs = 0;
  bool male = false;
  double genetic_activity = 0;     // activity from the genotypes alone
  std::string genetic_class;       // the class of that activity: the best any genotype-based predictor can do
  double activity = 0;             // genetic activity + noise: the score behind the class
  std::string metabolizer_class;   // PM/IM/NM/RM/UM
  double p_responder = 0;          // the true probability
  bool responder = false;
  std::vector<std::uint8_t> planted_copies;  // effect-allele copies per planted-score variant (simulate --pgs)
  double planted_z = 0;            // the planted score, standardised by its expected mean and SD
};

// A published score planted into the cohort (simulate --pgs F --pgs-effect B):
// its variants are written into the VCF (REF its other allele, ALT its effect
// allele, effect-allele frequency drawn per variant), and B times each
// person's standardised score is added to the response logit.
struct PlantedVariant {
  std::string chrom;  // as written in the VCF (chr-prefixed)
  std::int64_t pos = 0;
  std::string ref, alt;
  double weight = 0;
  double alt_frequency = 0;
};
struct PlantedScore {
  std::string id, path;
  std::vector<PlantedVariant> variants;
  double effect = 0;             // on the logit, per SD of the score
  double mean = 0, sd = 1;       // the score's expected mean and SD under the frequencies
};

struct CohortModel {
  std::vector<GeneDefinition> pgx;  // CYP2B6, CYP3A5, CYP3A4
  std::vector<std::string> genes;   // expression genes (gene-set genes)
  std::vector<GeneSet> gene_sets;
  // The settings a user may change (simulate --response-rate, --expression-batch-shift).
  double response_rate = 0.55;      // target overall response rate (sets the logistic intercept)
  // Measurement batch: gene g's measured expression is multiplied by
  // 2^(shift * u_g), u_g ~ N(0, 1) drawn once per gene from its own stream of
  // the seed; the people, their true probabilities and outcomes stay those of
  // the unshifted cohort of the same seed.
  double expression_batch_shift = 0;  // log2 units
  const PlantedScore* planted = nullptr;  // simulate --pgs (null: none)
};

// The default target response rate.
double default_response_rate();

// Draws `n` people.
std::vector<SimulatedPerson> simulate_cohort(const CohortModel& model, std::size_t n, std::uint64_t seed);

// The constants and settings, for provenance (written to the output folder).
std::string simulation_parameters_json(const CohortModel& model, std::uint64_t seed);

// The per-gene batch factors u_g of a seed (model.genes order).
std::vector<double> batch_factors(std::size_t genes, std::uint64_t seed);
// Fraction of genotype calls written as missing.
double simulation_missing_rate();

}  // namespace ketapgx

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
};

struct CohortModel {
  std::vector<GeneDefinition> pgx;  // CYP2B6, CYP3A5, CYP3A4
  std::vector<std::string> genes;   // expression genes (gene-set genes)
  std::vector<GeneSet> gene_sets;
};

// Draws `n` people.
std::vector<SimulatedPerson> simulate_cohort(const CohortModel& model, std::size_t n, std::uint64_t seed);

// The constants, for provenance (written to the output folder).
std::string simulation_parameters_json();
// Fraction of genotype calls written as missing.
double simulation_missing_rate();

}  // namespace ketapgx

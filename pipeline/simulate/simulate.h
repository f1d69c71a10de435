// `ketapgx simulate`: writes a synthetic ketamine trial cohort to a folder:
// cohort.vcf.gz (+ .tbi; GRCh38; every CYP2B6/CYP3A5/CYP3A4 defining position
// and BDNF rs6265), expression.tsv (counts, genes x samples), covariates.tsv,
// outcomes.tsv (responder 0/1, metabolizer_class), truth.tsv (each person's true
// probability, class, activity and diplotypes) and simulation.json (the model's
// parameters; marked as simulated data).
#pragma once

#include <cstdint>
#include <string>

namespace ketapgx {

constexpr std::int64_t kMaxSimulatedPeople = 10000000;

struct SimulateOptions {
  std::size_t samples = 0;  // required, >= 1
  std::uint64_t seed = 1;
  std::string out;          // required output folder
  double response_rate = -1;            // target response rate; < 0: the model's default (0.55)
  double expression_batch_shift = 0;    // per-gene measurement shift, log2 units (see cohort_model.h)
  std::string pgs;                      // --pgs FILE: a scoring file whose variants are written and whose score...
  double pgs_effect = 0;                // ...moves the response logit by this much per SD (--pgs-effect)

  void validate() const;  // throws UsageError
};

void run_simulate(const SimulateOptions& options, const std::string& command_line);

}  // namespace ketapgx

// `ketapgx score`, the main job: genotypes (+ expression, + covariates) ->
// features -> model bundle -> predictions with intervals, star-allele calls,
// research dose suggestions with the rules that fired, QC tables and an HTML
// report. Writes PREFIX.predictions.tsv / .predictions.json, PREFIX.qc.variants.tsv,
// PREFIX.qc.samples.tsv and PREFIX.report.html (and with --contributions
// PREFIX.contributions.tsv), all at once or not at all.
#pragma once

#include <string>

#include "features/features.h"

namespace ketapgx {

struct ScoreOptions {
  FeaturesOptions inputs;          // --vcf, --expression, --covariates, --samples, --backend, --threads...
  std::string model;               // "" = the bundled default model (models/default)
  std::string out;                 // output prefix ("ketapgx-demo" with --demo when not given)
  std::string route = "iv_racemic";  // iv_racemic | esketamine_nasal
  std::string dose_rules;          // "" = configs/dosing.yaml
  bool demo = false;               // score the bundled example cohort
  std::string expression_standardize = "bundle";  // bundle | cohort (every sample of --expression; >= 30 people)
  bool contributions = false;      // also write PREFIX.contributions.tsv (every feature's contribution per person)

  void validate() const;  // throws UsageError
};

void run_score(ScoreOptions options, const std::string& command_line);

}  // namespace ketapgx

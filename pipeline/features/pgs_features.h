// Published polygenic scores as model features: each --pgs scoring file,
// matched to the cohort's VCF as `prs --pgs` matches it (pgsc_calc's rules)
// and summed as plink2 --score sums it, becomes a column pgs:<id> of the
// feature matrix (the model standardises it with its training statistics,
// as every feature). A second pass over the VCF, at the files' positions
// (region reads through the index, or a scan by the same rule as the panel).
#pragma once

#include <string>
#include <vector>

#include "features/feature_matrix.h"
#include "genotypes/genome_build.h"
#include "inputs/input_options.h"
#include "prs/pgs_scorer.h"

namespace ketapgx {

struct PgsFeatureRun {
  std::vector<PgsFile> files;                 // as read (ids, paths)
  std::vector<PgsScoreSummary> summaries;     // per file
  PgsTrainingFrequencies frequencies;         // each matched row's effect-allele frequency as scored
};

// Adds a column pgs:<id> per file to `m` (whose samples are the VCF's kept
// ones, in order). Without `training` (features, train): in-sample
// frequencies impute missing genotypes, and a score below --pgs-min-overlap
// is refused (InputError: a feature of a few of its variants would not be
// the published score). With a bundle's `training` frequencies (evaluate,
// score): only the rows matched at training count, imputed with their
// training frequencies, and rows this cohort lacks add their training mean;
// a low overlap is warned about.
void add_pgs_features(const GenotypeSource& genotypes, const ComputeOptions& compute, const PgsOptions& pgs, GenomeBuild build,
                      const PgsTrainingFrequencies* training, FeatureMatrix& m, PgsFeatureRun& out);

}  // namespace ketapgx

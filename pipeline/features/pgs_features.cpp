#include "features/pgs_features.h"

#include <set>

#include "genotypes/block_prefetcher.h"
#include "genotypes/genotype_reader.h"
#include "ketapgx/core/errors.h"
#include "output/format.h"
#include "util/input_paths.h"
#include "util/log.h"

namespace ketapgx {

void add_pgs_features(const GenotypeSource& genotypes, const ComputeOptions& compute, const PgsOptions& pgs, GenomeBuild build,
                      const PgsTrainingFrequencies* training, FeatureMatrix& m, PgsFeatureRun& out) {
  if (is_stream(genotypes.vcf))
    throw InputError("--pgs: the scores are read in a second pass over --vcf " + genotypes.vcf +
                     ", which is a pipe or standard input; give the VCF as a file");
  std::set<std::string> ids;
  for (std::size_t k = 0; k < pgs.files.size(); ++k) {
    const std::string& path = pgs.files[k];
    out.files.push_back(read_pgs_file(path, build));
    if (k < pgs.ids.size()) out.files.back().id = pgs.ids[k];
    if (!ids.insert(out.files.back().id).second)
      throw InputError("--pgs " + path + ": score '" + out.files.back().id + "' is given twice; give each score once");
  }
  auto vcf = std::make_unique<VcfFile>(vcf_open_options(genotypes, compute.budget().bgzf));
  if (vcf->samples().names != m.samples)
    throw Error("--pgs: the second pass over --vcf " + genotypes.vcf + " found other samples than the first (was the file replaced?)");
  const std::size_t n = m.samples.size();
  PgsScoreSettings settings;
  settings.match.keep_ambiguous = pgs.keep_ambiguous;
  settings.match.keep_multiallelic = pgs.keep_multiallelic;
  settings.match.ignore_strand_flips = pgs.ignore_strand_flips;
  settings.min_overlap = pgs.min_overlap;
  settings.mean_impute = true;
  settings.training = training;
  PgsScorer scorer(out.files, n, settings);
  EngineChoice choice = make_engine(parse_backend(compute.backend), compute.budget().engine);
  GenotypeReaderOptions ro;
  ro.sites = scorer.site_selection();
  ro.read_dosages = genotypes.dosages;
  ro.decode_threads = compute.budget().decode;
  ro.read_ahead = compute.budget().read_ahead;
  ro.block_bytes = compute.block_bytes();
  GenotypeReader reader(std::move(vcf), ro, nullptr);
  log::info("polygenic scores: " + std::to_string(out.files.size()) + " file(s), " + std::to_string(ro.sites->positions.size()) +
            " positions (" + (reader.uses_index() ? "index queries" : "sequential scan") + ")");
  {
    BlockPrefetcher blocks(reader);
    while (const GenotypeBlock* block = blocks.next()) scorer.add_block(*choice.engine, *block);
  }
  scorer.finish();
  out.summaries = scorer.summaries();
  for (std::size_t k = 0; k < out.summaries.size(); ++k) {
    const PgsScoreSummary& s = out.summaries[k];
    const std::string figures = "--pgs " + out.files[k].path + ": " + s.id + " matched " + std::to_string(s.matched) + " of " +
                                std::to_string(s.variants) + " variants (" + format_double(s.match_rate, 4) + ")";
    if (s.passed) log::info(figures);
    else if (!training)
      throw InputError(figures + ", below --pgs-min-overlap " + format_double(pgs.min_overlap, 4) + ": as a feature it would not "
                       "be the published score; check the build and the file (prs --pgs writes the match report)");
    else
      log::warn(figures + ", below " + format_double(pgs.min_overlap, 4) + " in this cohort: the rest of the model's variants "
                "enter at their training mean, so the feature carries little of this cohort's genetics");
  }
  out.frequencies = scorer.row_frequencies();
  // The matrix with one more column per score.
  FeatureMatrix wider = m;
  for (const PgsFile& f : out.files) wider.names.push_back("pgs:" + f.id);
  const std::size_t old_width = m.names.size(), width = wider.names.size();
  wider.values.assign(n * width, 0.0);
  for (std::size_t s = 0; s < n; ++s) {
    for (std::size_t j = 0; j < old_width; ++j) wider.values[s * width + j] = m.values[s * old_width + j];
    for (std::size_t k = 0; k < out.files.size(); ++k) wider.values[s * width + old_width + k] = scorer.sum(s, k);
  }
  m = std::move(wider);
}

}  // namespace ketapgx

// Runs `ketapgx prs`: weights -> records they name (one streaming pass) ->
// feature-engine scores -> PREFIX.sscore.
#include <cstdio>

#include "genotypes/block_prefetcher.h"
#include "genotypes/genotype_reader.h"
#include "ketapgx/core/errors.h"
#include "output/format.h"
#include "output/output_files.h"
#include "prs/prs.h"
#include "prs/prs_scorer.h"
#include "output/run_log.h"
#include "util/log.h"

namespace ketapgx {

void PrsOptions::validate() const {
  genotypes.validate("prs");
  if (weights.empty() && pgs.files.empty())
    throw UsageError("prs: --weights FILE (variant ID, allele, weights) or --pgs FILE... (PGS Catalog scoring files) is required");
  if (!weights.empty() && !pgs.files.empty()) throw UsageError("prs: give --weights or --pgs, not both");
  if (weights.empty() && (!weights_cols.empty() || weights_no_header))
    throw UsageError("prs: --weights-cols and --weights-no-header describe a --weights file");
  if (!weights_cols.empty()) parse_weights_columns(weights_cols, !weights_no_header);
  if (pgs.files.empty() && (pgs.keep_ambiguous || pgs.keep_multiallelic || pgs.ignore_strand_flips))
    throw UsageError("prs: the --pgs-* options match --pgs files; with --weights variants are matched by ID");
  if (!pgs.files.empty() && (center || variance_standardize))
    throw UsageError("prs: --center and --variance-standardize apply to --weights (pgsc_calc scores --pgs files without them)");
  if (out.empty()) throw UsageError("prs: --out PREFIX is required");
  if (center && variance_standardize) throw UsageError("prs: --center and --variance-standardize exclude each other");
  compute.validate();
}

void run_prs(const PrsOptions& opt, const std::string& command_line) {
  const std::string started = utc_now();
  log::Capture capture;
  opt.validate();
  if (!opt.pgs.files.empty()) return run_pgs(opt, command_line, started, capture);
  check_output_location(opt.out, "--out");
  const Weights weights = read_weights(opt.weights, opt.weights_cols.empty()
                                                        ? WeightsLayout{1, 2, {}, !opt.weights_no_header}
                                                        : parse_weights_columns(opt.weights_cols, !opt.weights_no_header));
  std::optional<AlleleFreqs> freqs;
  if (!opt.read_freq.empty()) freqs = AlleleFreqs::read(opt.read_freq);

  VcfOpenOptions vo = vcf_open_options(opt.genotypes, opt.compute.budget().bgzf);
  vo.use_index = false;  // every record is read once
  auto vcf = std::make_unique<VcfFile>(vo);
  const std::size_t n = vcf->samples().n_kept();

  ScoreSettings settings;
  settings.mean_impute = !opt.no_mean_imputation;
  settings.transform = opt.center ? ScoreTransform::Center
                                  : opt.variance_standardize ? ScoreTransform::VarianceStandardize : ScoreTransform::None;
  if (!freqs && n < 50 && (settings.mean_impute || settings.transform != ScoreTransform::None)) {
    log::warn("only " + std::to_string(n) + " samples: in-sample allele frequencies (for mean imputation or "
              "centring) are unreliable; pass --read-freq with frequencies from a larger reference (plink2 refuses "
              "to run here)");
  }
  PrsScorer scorer(weights, n, settings, freqs ? &*freqs : nullptr);

  EngineChoice choice = make_engine(parse_backend(opt.compute.backend), opt.compute.budget().engine);
  log::info("feature engine: " + choice.reason);

  GenotypeReaderOptions ro;
  ro.all_variants = true;
  ro.read_dosages = opt.genotypes.dosages;
  ro.decode_threads = opt.compute.budget().decode;
  ro.read_ahead = opt.compute.budget().read_ahead;
  ro.block_bytes = opt.compute.block_bytes();
  ro.select_rows = [&scorer](const Site& site, std::vector<GenotypeReaderOptions::RowRequest>& out) {
    scorer.select(site, out);
  };
  GenotypeReader reader(std::move(vcf), ro, nullptr);
  log::info("scoring " + opt.genotypes.vcf + ": " + std::to_string(n) + " samples, " + std::to_string(weights.entries.size()) +
            " weight entries x " + std::to_string(weights.score_names.size()) + " score(s)");

  OutputSet outputs;
  std::ostream& out = outputs.open(opt.out + ".sscore");
  BlockPrefetcher blocks(reader);
  while (const GenotypeBlock* block = blocks.next()) scorer.add_block(*choice.engine, *block);

  if (scorer.entries_missing_id() || scorer.entries_allele_mismatch()) {
    log::warn(std::to_string(scorer.entries_missing_id()) + " --weights entr" +
              (scorer.entries_missing_id() == 1 ? "y was" : "ies were") + " skipped due to missing variant IDs, " +
              std::to_string(scorer.entries_allele_mismatch()) + " due to mismatching allele codes");
  }
  if (scorer.entries_used() == 0)
    throw InputError("--weights " + opt.weights + ": no entry matches a variant and allele of " + opt.genotypes.vcf +
                     " (IDs are matched exactly; a '.' ID is matched as chrom:pos:ref:alt with chrom without 'chr')");

  out << "#IID\tALLELE_CT\tNAMED_ALLELE_DOSAGE_SUM";
  for (const auto& s : weights.score_names) out << '\t' << s << "_AVG";
  for (const auto& s : weights.score_names) out << '\t' << s << "_SUM";
  out << '\n';
  const auto& names = reader.samples();
  const std::size_t k_n = scorer.n_scores();
  for (std::size_t s = 0; s < n; ++s) {
    out << names[s] << '\t' << scorer.allele_ct(s) << '\t' << format_double(scorer.named_dosage_sum(s), 12);
    const double denom = scorer.denominator(s);
    for (std::size_t k = 0; k < k_n; ++k) out << '\t' << format_double(scorer.score_sum(s, k) / denom, 12);
    for (std::size_t k = 0; k < k_n; ++k) out << '\t' << format_double(scorer.score_sum(s, k), 12);
    out << '\n';
  }
  log::info(std::to_string(scorer.variants_used()) + " variants scored (" + std::to_string(scorer.entries_used()) +
            " weight entries); wrote " + opt.out + ".sscore and " + opt.out + ".log");
  write_run_log(outputs.open(opt.out + ".log"), started, command_line, capture.text());
  outputs.commit();
}

}  // namespace ketapgx

// Runs `ketapgx prs --pgs`: scoring files -> one pass over the records at
// their positions (matched as pgsc_calc matches, scored as plink2 --score) ->
// PREFIX.pgs.tsv, PREFIX.pgs_match.tsv, PREFIX.pgs_summary.tsv.
#include <map>
#include <optional>
#include <set>

#include "genotypes/block_prefetcher.h"
#include "genotypes/genotype_reader.h"
#include "ketapgx/core/errors.h"
#include "output/format.h"
#include "output/output_files.h"
#include "prs/pgs_scorer.h"
#include "prs/prs.h"
#include "output/run_log.h"
#include "util/log.h"
#include "util/text.h"

namespace ketapgx {

namespace {

std::string positions_text(const PgsFile& f) {
  if (f.harmonized_positions) return "harmonized " + std::string(build_name(f.positions_build)) + " (hm_chr, hm_pos)";
  if (f.positions_build == GenomeBuild::Unknown) return "author-reported, build unknown (chr_name, chr_position)";
  return "author-reported " + std::string(build_name(f.positions_build)) + " (chr_name, chr_position)";
}


void write_match_report(std::ostream& out, const std::vector<PgsFile>& files, const PgsScorer& scorer) {
  out << "score\tline\tchrom\tpos\trsid\teffect_allele\tother_allele\teffect_weight\teffect_type\tstatus\tmatch_type\tmatched_id\t"
         "matched_effect_allele\tvcf_ref\tvcf_alt\tambiguous\tmultiallelic\tflipped\tduplicate_best_match\tduplicate_id\treason\n";
  for (std::size_t k = 0; k < files.size(); ++k) {
    const PgsFile& f = files[k];
    for (std::size_t i = 0; i < f.variants.size(); ++i) {
      const PgsVariant& v = f.variants[i];
      const PgsRowResult& r = scorer.rows(k)[i];
      const PgsMatch& m = r.match;
      const bool found = m.status == PgsMatchStatus::Matched || m.status == PgsMatchStatus::Excluded;
      std::string reason = m.reason;
      if (m.status == PgsMatchStatus::Unmatched && reason.empty())
        reason = v.pos > 0 ? "no record at the position" : "no record with this ID";
      if (found && r.by_id) reason = "matched by rsID (no position in the file)" + std::string(reason.empty() ? "" : "; " + reason);
      out << f.id << '\t' << v.line << '\t' << or_na(v.chrom) << '\t' << (v.pos > 0 ? std::to_string(v.pos) : std::string(kNA)) << '\t'
          << or_na(v.rsid) << '\t' << v.effect_allele << '\t' << or_na(v.other_allele) << '\t' << v.weight_text << '\t'
          << effect_type_name(v.effect) << '\t' << pgs_match_status_name(m.status) << '\t'
          << (found ? pgs_match_type_name(m.type) : kNA) << '\t' << (found ? r.target_id : kNA) << '\t'
          << (found ? r.matched_effect_allele : kNA) << '\t' << (found ? r.target_ref : kNA) << '\t' << (found ? r.target_alt : kNA)
          << '\t' << (found ? yes_no(m.ambiguous) : kNA) << '\t' << (found ? yes_no(m.multiallelic) : kNA) << '\t'
          << (found ? yes_no(m.flipped) : kNA) << '\t' << (found ? yes_no(m.duplicate_best_match) : kNA) << '\t'
          << (found ? yes_no(m.duplicate_id) : kNA) << '\t' << or_na(reason) << '\n';
    }
  }
}

}  // namespace

void run_pgs(const PrsOptions& opt, const std::string& command_line, const std::string& started, const log::Capture& capture) {
  check_output_location(opt.out, "--out");
  std::optional<AlleleFreqs> freqs;
  if (!opt.read_freq.empty()) freqs = AlleleFreqs::read(opt.read_freq);
  VcfOpenOptions vo = vcf_open_options(opt.genotypes, opt.compute.budget().bgzf);
  auto vcf = std::make_unique<VcfFile>(vo);
  // The VCF's build decides which positions of each file are used.
  GenomeBuild build = GenomeBuild::Unknown;
  std::string build_source;
  if (opt.genotypes.build != "auto") {
    build = parse_build(opt.genotypes.build, "--build");
    build_source = "--build";
  } else {
    const BuildEvidence e = detect_build(vcf->contig_lengths());
    build = e.build;
    build_source = e.detail;
  }
  log::info("genome build of " + opt.genotypes.vcf + ": " +
            (build == GenomeBuild::Unknown ? std::string("not known") : std::string(build_name(build))) + " (" + build_source + ")");
  std::vector<PgsFile> files;
  std::set<std::string> ids;
  for (const std::string& path : opt.pgs.files) {
    files.push_back(read_pgs_file(path, build));
    if (!ids.insert(files.back().id).second)
      throw InputError("--pgs " + path + ": score '" + files.back().id + "' is given twice (its #pgs_id, #pgs_name or file name); "
                       "give each score once");
  }
  const std::size_t n = vcf->samples().n_kept();
  PgsScoreSettings settings;
  settings.match.keep_ambiguous = opt.pgs.keep_ambiguous;
  settings.match.keep_multiallelic = opt.pgs.keep_multiallelic;
  settings.match.ignore_strand_flips = opt.pgs.ignore_strand_flips;
  settings.min_overlap = opt.pgs.min_overlap;
  settings.mean_impute = !opt.no_mean_imputation;
  settings.freqs = freqs ? &*freqs : nullptr;
  if (!freqs && n < 50 && settings.mean_impute)
    log::warn("only " + std::to_string(n) + " samples: in-sample allele frequencies for mean imputation are unreliable; pass "
              "--read-freq with frequencies from a larger reference, or --no-mean-imputation (pgsc_calc switches to it below 50)");
  PgsScorer scorer(files, n, settings);
  EngineChoice choice = make_engine(parse_backend(opt.compute.backend), opt.compute.budget().engine);
  log::info("feature engine: " + choice.reason);

  GenotypeReaderOptions ro;
  ro.sites = scorer.site_selection();
  ro.read_dosages = opt.genotypes.dosages;
  ro.decode_threads = opt.compute.budget().decode;
  ro.read_ahead = opt.compute.budget().read_ahead;
  ro.block_bytes = opt.compute.block_bytes();
  const std::size_t positions = ro.sites->positions.size();
  GenotypeReader reader(std::move(vcf), ro, nullptr);
  std::size_t rows = 0;
  for (const auto& f : files) rows += f.variants.size();
  log::info("matching and scoring " + std::to_string(files.size()) + " score(s), " + std::to_string(rows) + " variant rows at " +
            std::to_string(positions) + " positions, " + std::to_string(n) + " samples (" +
            (reader.uses_index() ? "index queries" : "sequential scan") + ")");
  {
    BlockPrefetcher blocks(reader);
    while (const GenotypeBlock* block = blocks.next()) scorer.add_block(*choice.engine, *block);
  }

  const std::vector<PgsScoreSummary> summary = scorer.summaries();
  std::vector<std::size_t> passing;
  for (std::size_t k = 0; k < summary.size(); ++k) {
    const PgsScoreSummary& s = summary[k];
    const std::string figures = s.id + ": " + std::to_string(s.matched) + " of " + std::to_string(s.variants) + " variants matched (" +
                                format_double(s.match_rate, 4) + ")";
    if (s.passed) {
      passing.push_back(k);
      log::info(figures + "; " + std::to_string(s.excluded_ambiguous) + " ambiguous, " + std::to_string(s.excluded_multiallelic) +
                " multi-allelic, " + std::to_string(s.excluded_duplicate) + " duplicated excluded, " + std::to_string(s.unmatched) +
                " not found");
    } else {
      log::warn(figures + ", below --pgs-min-overlap " + format_double(opt.pgs.min_overlap, 4) + ": not computed (see " + opt.out +
                ".pgs_match.tsv)");
    }
  }

  OutputSet outputs;
  write_match_report(outputs.open(opt.out + ".pgs_match.tsv"), files, scorer);
  std::ostream& sm = outputs.open(opt.out + ".pgs_summary.tsv");
  sm << "score\tfile\tpositions\tvariants\tmatched\texcluded_ambiguous\texcluded_multiallelic\texcluded_duplicate\texcluded_flip\t"
        "unmatched\tnot_scorable\tmatch_rate\tpassed\n";
  for (std::size_t k = 0; k < summary.size(); ++k) {
    const PgsScoreSummary& s = summary[k];
    sm << s.id << '\t' << files[k].path << '\t' << positions_text(files[k]) << '\t' << s.variants << '\t' << s.matched << '\t'
       << s.excluded_ambiguous << '\t' << s.excluded_multiallelic << '\t' << s.excluded_duplicate << '\t' << s.excluded_flip << '\t'
       << s.unmatched << '\t' << s.not_scorable << '\t' << format_double(s.match_rate, 6) << '\t' << yes_no(s.passed) << '\n';
  }
  if (passing.empty()) {
    // The match report says why: it is written, the scores are not.
    outputs.commit();
    throw InputError("--pgs: no score passed --pgs-min-overlap " + format_double(opt.pgs.min_overlap, 4) + " against " +
                     opt.genotypes.vcf + "; " + opt.out + ".pgs_match.tsv says how each variant matched (another build? "
                     "--pgs-min-overlap lowers the threshold)");
  }
  std::ostream& out = outputs.open(opt.out + ".pgs.tsv");
  out << "IID\tPGS\tSUM\tDENOM\tAVG\tALLELE_CT\n";
  const auto& names = reader.samples();
  for (std::size_t s = 0; s < n; ++s)
    for (std::size_t k : passing) {
      const double sum = scorer.sum(s, k), denom = scorer.denominator(s, k);
      out << names[s] << '\t' << files[k].id << '\t' << format_double(sum, 12) << '\t' << format_double(denom, 12) << '\t'
          << format_double(denom > 0 ? sum / denom : 0.0, 12) << '\t' << scorer.allele_ct(s, k) << '\n';
    }
  std::ostream& log_file = outputs.open(opt.out + ".log");
  for (const auto& p : outputs.paths()) log::info("wrote " + p);
  write_run_log(log_file, started, command_line, capture.text());
  outputs.commit();
}

}  // namespace ketapgx

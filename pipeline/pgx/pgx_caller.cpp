#include "pgx/pgx_caller.h"

#include <algorithm>
#include <cstring>
#include <exception>
#include <set>
#include <tuple>
#include <map>
#include <unordered_map>

#include "genotypes/block_prefetcher.h"
#include "genotypes/contig.h"
#include "ketapgx/core/errors.h"
#include "util/log.h"
#include "util/text.h"

namespace ketapgx {
namespace {

// FNV-1a over the bytes of a gene's position calls: the key of a genotype pattern.
std::uint64_t pattern_hash(const std::vector<PositionCall>& calls) {
  std::uint64_t h = 1469598103934665603ull;
  for (const PositionCall& c : calls) {
    const std::uint8_t bytes[4] = {static_cast<std::uint8_t>(c.a1), static_cast<std::uint8_t>(c.a2),
                                   static_cast<std::uint8_t>(c.phased | (c.haploid << 1)),
                                   static_cast<std::uint8_t>(c.phase_set & 0xff)};
    for (std::uint8_t b : bytes) h = (h ^ b) * 1099511628211ull;
  }
  return h;
}

bool same_pattern(const std::vector<PositionCall>& a, const std::vector<PositionCall>& b) {
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].a1 != b[i].a1 || a[i].a2 != b[i].a2 || a[i].phased != b[i].phased || a[i].haploid != b[i].haploid ||
        a[i].phase_set != b[i].phase_set)
      return false;
  }
  return true;
}

// The number of `calls` among the patterns numbered so far (`seen`: hash ->
// numbers; pattern(i): number i's calls), or UINT32_MAX for a new pattern.
template <typename PatternOf>
std::uint32_t find_pattern(const std::unordered_multimap<std::uint64_t, std::uint32_t>& seen, std::uint64_t h,
                           const std::vector<PositionCall>& calls, PatternOf pattern) {
  for (auto [it, end] = seen.equal_range(h); it != end; ++it)
    if (same_pattern(pattern(it->second), calls)) return it->second;
  return UINT32_MAX;
}

}  // namespace

PgxCaller::PgxCaller(std::vector<GeneDefinition> definitions, GenomeBuild build, PgxCallOptions options)
    : defs_(std::move(definitions)), build_(build == GenomeBuild::Unknown ? GenomeBuild::GRCh38 : build),
      options_(options) {
  panel_.path = "(star-allele definitions)";
  panel_.build = build_;
  for (std::size_t g = 0; g < defs_.size(); ++g) {
    for (std::size_t p = 0; p < defs_[g].positions.size(); ++p) {
      const DefinitionPosition& pos = defs_[g].positions[p];
      const std::string& ref = pos.ref(build_);
      const std::size_t n_alts = pos.sequences.size() - 1;
      for (std::size_t s = 0; s < pos.sequences.size(); ++s) {
        if (pos.sequences[s] == ref) continue;
        PanelVariant v;
        v.chrom = pos.chrom(build_);
        v.contig = canonical_contig(v.chrom);
        v.pos = pos.pos(build_);
        v.id = n_alts > 1 ? pos.variant + "_" + pos.sequences[s] : pos.variant;
        v.ref = ref;
        v.alt = pos.sequences[s];
        v.gene = defs_[g].gene;
        v.role = "star_allele";
        panel_.variants.push_back(std::move(v));
        targets_.push_back(RowTarget{g, p, static_cast<int>(s)});
      }
    }
  }
}

PgxResults PgxCaller::call(GenotypeReader& reader) {
  codes_.assign(panel_.variants.size(), {});
  phase_sets_.assign(panel_.variants.size(), {});
  BlockPrefetcher blocks(reader);
  while (const GenotypeBlock* block = blocks.next()) collect(*block, 0);
  return finish(reader.samples(), reader.panel_matches(), 0);
}

void PgxCaller::collect(const GenotypeBlock& block, std::size_t offset) {
  // The panel's rows are a few per defining position: small whatever the cohort.
  if (codes_.size() != panel_.variants.size()) {
    codes_.assign(panel_.variants.size(), {});
    phase_sets_.assign(panel_.variants.size(), {});
  }
  const std::size_t n = block.n_samples;
  for (std::size_t r = 0; r < block.rows.size(); ++r) {
    const std::int64_t idx = static_cast<std::int64_t>(block.rows[r].panel_index) - static_cast<std::int64_t>(offset);
    if (idx < 0 || idx >= static_cast<std::int64_t>(panel_.variants.size())) continue;
    // Star alleles are called from GT, as PharmCAT does: a record with only DS leaves its position unread.
    if (block.rows[r].calls_from_dosage) continue;
    const auto pi = static_cast<std::size_t>(idx);
    codes_[pi].assign(block.codes.begin() + static_cast<std::ptrdiff_t>(r * n),
                      block.codes.begin() + static_cast<std::ptrdiff_t>((r + 1) * n));
    if (block.any_phase_set)
      phase_sets_[pi].assign(block.phase_sets.begin() + static_cast<std::ptrdiff_t>(r * n),
                             block.phase_sets.begin() + static_cast<std::ptrdiff_t>((r + 1) * n));
  }
}

PgxResults PgxCaller::finish(const std::vector<std::string>& samples, const std::vector<PanelMatch>& all_matches,
                             std::size_t offset) const {
  PgxResults res;
  res.samples = samples;
  const std::size_t n = res.samples.size();
  const std::vector<PanelMatch> matches(all_matches.begin() + static_cast<std::ptrdiff_t>(offset),
                                        all_matches.begin() + static_cast<std::ptrdiff_t>(offset + panel_.variants.size()));
  // Rows never collected (no block had them) read as empty.
  static const std::vector<GenotypeCode> kNoCodes;
  static const std::vector<std::int32_t> kNoPhaseSets;
  auto codes = [&](std::size_t pi) -> const std::vector<GenotypeCode>& { return pi < codes_.size() ? codes_[pi] : kNoCodes; };
  auto phase_sets = [&](std::size_t pi) -> const std::vector<std::int32_t>& {
    return pi < phase_sets_.size() ? phase_sets_[pi] : kNoPhaseSets;
  };

  // Each gene's positions: which rows carry them and whether they can be used.
  struct GeneWork {
    std::vector<std::vector<std::size_t>> rows;
    std::vector<char> unusable, absent;
    std::vector<int> ref_index_of;
    std::vector<std::string> undocumented;
  };
  res.genes.resize(defs_.size());
  std::vector<GeneWork> work(defs_.size());
  for (std::size_t g = 0; g < defs_.size(); ++g) {
    GeneWork& gw = work[g];
    const GeneDefinition& def = defs_[g];
    GeneResults& gr = res.genes[g];
    gr.gene = def.gene;
    const std::size_t np = def.positions.size();
    // Rows of each position, and whether the position can be used at all.
    gw.rows.assign(np, {});
    gw.unusable.assign(np, 0);
    gw.absent.assign(np, 1);
    auto& rows = gw.rows;
    auto& unusable = gw.unusable;
    auto& absent = gw.absent;
    for (std::size_t pi = 0; pi < targets_.size(); ++pi) {
      if (targets_[pi].gene != g) continue;
      const std::size_t p = targets_[pi].position;
      const PanelMatch& m = matches[pi];
      const PanelVariant& v = panel_.variants[pi];
      if (m.status == PanelStatus::RefMismatch || m.status == PanelStatus::Duplicate) {
        unusable[p] = 1;
        gr.position_warnings.push_back(def.positions[p].variant + " (" + v.chrom + ":" + std::to_string(v.pos) + "): " +
                                       (m.status == PanelStatus::RefMismatch
                                            ? "VCF REF " + m.vcf_ref + " differs from the definition's " + v.ref
                                            : m.note) +
                                       "; position not used");
      }
      if (m.status != PanelStatus::Missing) absent[p] = 0;
      if (!codes(pi).empty()) rows[p].push_back(pi);
    }
    for (std::size_t p = 0; p < np; ++p) {
      if (unusable[p] || rows[p].empty()) gr.positions_not_read.push_back(def.positions[p].variant);
    }
    if (options_.absent_as_reference) {
      std::size_t assumed = 0;
      for (std::size_t p = 0; p < np; ++p) assumed += absent[p] ? 1 : 0;
      if (assumed)
        gr.position_warnings.push_back(std::to_string(assumed) +
                                       " absent position(s) assumed reference (--unsafe-absent-as-reference)");
    }

    // The sequence each position's records carry that no definition has, when
    // it is one (combination mode names it in partials: g.41012316T>G).
    std::vector<std::string>& undocumented = gw.undocumented;
    undocumented.assign(np, {});
    for (std::size_t p = 0; p < np; ++p) {
      std::set<std::string> seen_alts;
      for (std::size_t pi : rows[p])
        for (auto alt : text::split(matches[pi].vcf_alt, ','))
          if (!alt.empty() && alt != "." && def.positions[p].sequence_index(std::string(alt)) < 0) seen_alts.emplace(alt);
      if (seen_alts.size() == 1) undocumented[p] = *seen_alts.begin();
    }
    gw.ref_index_of.resize(np);
    for (std::size_t p = 0; p < np; ++p) gw.ref_index_of[p] = def.positions[p].sequence_index(def.positions[p].ref(build_));
  }

  // People with the same genotype pattern at a gene share one matcher run.
  // Patterns are found in chunks of people in parallel (each chunk numbering
  // its own in order of appearance), then merged in chunk order: every
  // pattern gets the number of its first appearance in the cohort, as one
  // pass would give, for any number of threads.
  constexpr std::size_t kChunk = 16384;
  const std::size_t n_chunks = (n + kChunk - 1) / kChunk;
  struct ChunkPatterns {
    std::vector<std::vector<PositionCall>> patterns;
    std::vector<std::uint32_t> local;  // per person of the chunk: index into patterns
  };
  std::vector<ChunkPatterns> chunks(defs_.size() * n_chunks);
  const int threads = std::max(1, options_.threads);
  std::exception_ptr failure;
  const auto n_tasks = static_cast<std::int64_t>(chunks.size());
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (std::int64_t task = 0; task < n_tasks; ++task) try {
    const std::size_t g = static_cast<std::size_t>(task) / n_chunks, chunk = static_cast<std::size_t>(task) % n_chunks;
    const GeneDefinition& def = defs_[g];
    const GeneWork& gw = work[g];
    const auto& rows = gw.rows;
    const auto& unusable = gw.unusable;
    const auto& absent = gw.absent;
    const auto& ref_index_of = gw.ref_index_of;
    const std::size_t np = def.positions.size();
    ChunkPatterns& cp = chunks[static_cast<std::size_t>(task)];
    const std::size_t begin = chunk * kChunk, end = std::min(n, begin + kChunk);
    cp.local.resize(end - begin);
    std::unordered_multimap<std::uint64_t, std::uint32_t> seen;
    std::vector<PositionCall> calls(np);
    std::vector<std::int32_t> seen_ps;
    for (std::size_t s = begin; s < end; ++s) {
      for (std::size_t p = 0; p < np; ++p) {
        PositionCall& c = calls[p];
        c = PositionCall{};
        const int ref_index = ref_index_of[p];
        if (unusable[p]) continue;
        if (rows[p].empty()) {
          if (absent[p] && options_.absent_as_reference) c.a1 = c.a2 = static_cast<std::int8_t>(ref_index);
          continue;
        }
        // Combine the rows (one per ALT sequence): a haplotype carrying one of
        // them says so in that row; REF in every row means the reference.
        int hap[2] = {-3, -3};  // -3: REF so far
        bool miss[2] = {false, false}, other_all[2] = {true, true};
        bool haploid = false, phased = false;
        std::int32_t ps = 0;
        for (std::size_t pi : rows[p]) {
          const GenotypeCode code = codes(pi)[s];
          haploid = (code & gt::kHaploid) != 0;
          phased = (code & gt::kPhased) != 0;
          if (!phase_sets(pi).empty()) ps = phase_sets(pi)[s];
          const GenotypeCode alt_bit[2] = {gt::kHap1Alt, gt::kHap2Alt}, miss_bit[2] = {gt::kHap1Miss, gt::kHap2Miss},
                             other_bit[2] = {gt::kHap1Other, gt::kHap2Other};
          for (int h = 0; h < 2; ++h) {
            if (code & miss_bit[h]) miss[h] = true;
            if (code & alt_bit[h]) hap[h] = targets_[pi].sequence;
            if (!(code & other_bit[h])) other_all[h] = false;
          }
        }
        auto resolve = [&](int h) -> std::int8_t {
          if (hap[h] >= 0) return static_cast<std::int8_t>(hap[h]);
          if (miss[h]) return PositionCall::kNoCall;
          if (other_all[h]) return PositionCall::kUndocumented;
          return static_cast<std::int8_t>(ref_index);
        };
        c.a1 = resolve(0);
        c.a2 = haploid ? c.a1 : resolve(1);
        // 1/. says one haplotype carries a variant: never read as unread
        // (that could call *1/*1 "cannot change"); 0/. is a plain no-call.
        if ((c.a1 == PositionCall::kNoCall) != (c.a2 == PositionCall::kNoCall)) {
          const std::int8_t known = c.a1 == PositionCall::kNoCall ? c.a2 : c.a1;
          if (known != ref_index) c.a1 = c.a2 = PositionCall::kHalfVariant;
        }
        c.haploid = haploid ? 1 : 0;
        c.phased = phased ? 1 : 0;
        c.phase_set = phased ? ps : 0;
      }
      // Phase-set IDs only group sites; renumber them in order of appearance so
      // that samples with the same pattern share one matcher run. Every set
      // gets its own number, however many there are (a set left with its raw
      // ID could collide with another's new number and merge their phase).
      seen_ps.clear();
      for (PositionCall& c : calls) {
        if (!c.phased) continue;
        std::size_t k = 0;
        while (k < seen_ps.size() && seen_ps[k] != c.phase_set) ++k;
        if (k == seen_ps.size()) seen_ps.push_back(c.phase_set);
        c.phase_set = static_cast<std::int32_t>(k);
      }
      const std::uint64_t h = pattern_hash(calls);
      std::uint32_t index = find_pattern(seen, h, calls, [&](std::uint32_t i) -> const auto& { return cp.patterns[i]; });
      if (index == UINT32_MAX) {
        index = static_cast<std::uint32_t>(cp.patterns.size());
        cp.patterns.push_back(calls);
        seen.emplace(h, index);
      }
      cp.local[s - begin] = index;
    }
  } catch (...) {
#pragma omp critical(ketapgx_pgx_failure)
    if (!failure) failure = std::current_exception();
  }
  if (failure) std::rethrow_exception(failure);

  // The merge: each distinct pattern called once, genes in parallel.
#pragma omp parallel for schedule(dynamic, 1) num_threads(std::max(1, std::min<int>(threads, static_cast<int>(defs_.size()))))
  for (std::size_t g = 0; g < defs_.size(); ++g) try {
    const GeneDefinition& def = defs_[g];
    GeneResults& gr = res.genes[g];
    StarAlleleMatcher matcher(def, options_.settings.assume_reference_at_missing, options_.settings.combinations,
                              std::move(work[g].undocumented));
    std::unordered_multimap<std::uint64_t, std::uint32_t> seen;
    std::vector<const std::vector<PositionCall>*> patterns;
    std::vector<std::uint32_t> global;
    gr.by_sample.resize(n);
    for (std::size_t chunk = 0; chunk < n_chunks; ++chunk) {
      const ChunkPatterns& cp = chunks[g * n_chunks + chunk];
      global.assign(cp.patterns.size(), 0);
      for (std::size_t k = 0; k < cp.patterns.size(); ++k) {
        const std::vector<PositionCall>& calls = cp.patterns[k];
        const std::uint64_t h = pattern_hash(calls);
        std::uint32_t index = find_pattern(seen, h, calls, [&](std::uint32_t i) -> const auto& { return *patterns[i]; });
        if (index == UINT32_MAX) {
          index = static_cast<std::uint32_t>(gr.distinct.size());
          gr.distinct.push_back(matcher.call(calls));
          patterns.push_back(&calls);
          seen.emplace(h, index);
        }
        global[k] = index;
      }
      const std::size_t begin = chunk * kChunk;
      for (std::size_t i = 0; i < cp.local.size(); ++i) gr.by_sample[begin + i] = global[cp.local[i]];
    }
    gr.genotype_patterns = gr.distinct.size();
  } catch (...) {
#pragma omp critical(ketapgx_pgx_failure)
    if (!failure) failure = std::current_exception();
  }
  if (failure) std::rethrow_exception(failure);
  if (options_.outside) apply_outside_calls(res);
  for (const auto& def : defs_)
    if (auto s = def.not_assessed_statement(); !s.empty()) res.not_assessed.push_back(std::move(s));
  return res;
}

void PgxCaller::apply_outside_calls(PgxResults& res) const {
  const OutsideCalls& oc = *options_.outside;
  std::unordered_map<std::string_view, std::size_t> sample_index;
  for (std::size_t s = 0; s < res.samples.size(); ++s) sample_index.emplace(res.samples[s], s);
  const OutsideCall* first_missing = nullptr;
  // Rows alike (gene, call, phenotype, the VCF call replaced) share one stored
  // call: 500,000 rows must not make 500,000 calls.
  std::unordered_map<std::string, std::uint32_t> shared;  // "gene\tallele1\tallele2\tphenotype\treplaced" -> call
  for (const OutsideCall& c : oc.calls) {
    auto it = sample_index.find(c.sample);
    if (it == sample_index.end()) {
      if (!first_missing) first_missing = &c;
      ++res.outside_not_in_vcf;
      continue;
    }
    for (std::size_t g = 0; g < defs_.size(); ++g) {
      if (defs_[g].gene != c.gene) continue;
      GeneResults& gr = res.genes[g];
      const std::uint32_t replaced = gr.by_sample[it->second];
      const auto [at, added] = shared.emplace(std::to_string(g) + '\t' + c.allele1 + '\t' + c.allele2 + '\t' + c.phenotype +
                                                  '\t' + std::to_string(replaced),
                                              static_cast<std::uint32_t>(gr.distinct.size()));
      if (added) gr.distinct.push_back(outside_diplotype_call(c, defs_[g], oc.path, gr.distinct[replaced]));
      gr.by_sample[it->second] = at->second;
      ++res.outside_used;
    }
  }
  if (first_missing)
    log::warn("--outside-calls " + oc.path + ": " + std::to_string(res.outside_not_in_vcf) +
              " row(s) name samples this run does not have (first: " + first_missing->sample + ", line " +
              std::to_string(first_missing->line) + "); not used");
}

}  // namespace ketapgx

// The inputs several commands share, declared once: where the genotypes come
// from (--vcf, --samples, --force-samples, --build, --dosages), how they are
// computed on (--threads, --backend, --block-mb), and which panel and gene sets
// define the features (--panel, --gene-sets). The CLI declares their options in
// one place (cli/input_options.cpp) from these structs.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "genotypes/vcf_file.h"

namespace ketapgx {

struct GenotypeSource {
  std::string vcf;                 // VCF, VCF.gz or BCF; "-" for stdin
  std::string samples;             // --samples FILE: keep these IDs
  bool force_samples = false;      // skip --samples IDs absent from the VCF
  std::string build = "auto";      // auto | GRCh37 | GRCh38
  bool dosages = false;            // read FORMAT/DS (commands that use dosages)

  // Throws UsageError: --vcf is required for `command`, --build must parse.
  void validate(const std::string& command) const;
};

// --block-mb's upper bound (64 GiB): a block is one allocation of that size.
constexpr std::size_t kMaxBlockMb = 65536;

// How --threads T is spent, decided here for every command that reads
// genotypes (README, "How --threads is spent"):
//   T = 1: one thread does everything in turn (inflate, parse, decode, compute).
//   T >= 2: the reading side uses T threads: T / 8 inflate BGZF (none below 8:
//     libdeflate inflates faster than one thread parses, so the reading thread
//     does it), the reading thread splits and parses records, and the other
//     T - 1 - T / 8 decode the previous batch of rows while it reads the next;
//     the engine computes on the previous block with T threads. Reading and
//     computing overlap only while block k+1 is read and block k computed;
//     when one side is done first it waits, leaving its cores to the other.
struct ThreadBudget {
  int bgzf = 0;             // BGZF inflation pool (0: inflated by the reading thread)
  int decode = 1;           // the reading thread and its decoding team (1: it decodes alone)
  int engine = 1;           // feature engine threads
  bool read_ahead = false;  // read the next block while the engine computes on this one
};

struct ComputeOptions {
  int threads = 1;                 // the budget of thread_budget()
  std::string backend = "auto";    // feature engine: auto | cpu | cuda
  std::size_t block_mb = 64;       // genotype block size (bounds memory)

  std::size_t block_bytes() const { return block_mb << 20; }
  ThreadBudget budget() const {
    ThreadBudget b;
    const int t = threads < 1 ? 1 : threads;
    if (t == 1) return b;
    b.bgzf = t / 8;
    b.decode = t - b.bgzf;
    b.engine = t;
    b.read_ahead = true;
    return b;
  }
  void validate() const;           // throws UsageError
};

// How star alleles are called: by `call`, and for the metabolizer features and
// dose rules of features/train/evaluate/score.
struct StarAlleleSettings {
  // Keep a phenotype that an unread defining position could change
  // (PharmCAT's behaviour); by default it is Indeterminate.
  bool assume_reference_at_missing = false;
  // PharmCAT's combination mode for genotypes no pair of named alleles
  // explains: [*2 + *5], partial alleles g.41012316T>G (research use).
  bool combinations = false;
  std::string outside_calls;       // TSV of calls made elsewhere (sample_id gene diplotype [phenotype]) replacing ours
};

// PGS Catalog scoring files (--pgs) and how they are matched to the
// genotypes (pgsc_calc's options): prs scores them; features, train,
// evaluate and score make each a model feature pgs:<id>.
struct PgsOptions {
  std::vector<std::string> files;    // --pgs FILE...
  // The scores' names when not the files' own (a bundle's copies, named
  // pgs_1.txt..., keep the names they were trained under); empty: the files'.
  std::vector<std::string> ids;
  double min_overlap = 0.75;         // --pgs-min-overlap: a score matching a smaller share is not computed
  bool keep_ambiguous = false;       // --pgs-keep-ambiguous
  bool keep_multiallelic = false;    // --pgs-keep-multiallelic
  bool ignore_strand_flips = false;  // --pgs-ignore-strand-flips
};

struct FeatureDefinitions {
  std::string panel;               // "" = the default (bundled panel of the build, or the model bundle's)
  std::string gene_sets;           // "" = the default (configs/gene_sets.tsv, or the model bundle's)
};

// The VcfFile options of a genotype source (the --samples file is read here).
VcfOpenOptions vcf_open_options(const GenotypeSource& source, int threads);

}  // namespace ketapgx

// Star-allele calls for every sample of a VCF/BCF: builds the panel of the
// genes' defining positions for the build, reads their genotypes through the
// ingestion layer, and calls each sample with the matcher. Samples with the
// same genotypes at a gene's positions share one matcher run, so the cost
// grows with the number of distinct genotype patterns, not of samples.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "genotypes/genotype_reader.h"
#include "genotypes/panel.h"
#include "inputs/input_options.h"
#include "pgx/allele_definitions.h"
#include "pgx/outside_calls.h"
#include "pgx/star_allele_matcher.h"

namespace ketapgx {

struct PgxCallOptions {
  // Positions absent from the VCF are read as homozygous for the build's
  // reference sequence (not recommended: on GRCh37 the reference at rs776746
  // is CYP3A5*3). Missing genotypes ('./.') stay no-calls.
  bool absent_as_reference = false;
  StarAlleleSettings settings;  // unread positions, combination mode
  // Read from settings.outside_calls (read_outside_calls): their rows replace
  // the VCF's call for that sample and gene.
  std::shared_ptr<const OutsideCalls> outside;
  int threads = 1;  // genes called in parallel (the same calls for any number)
};

struct GeneResults {
  std::string gene;
  std::vector<DiplotypeCall> distinct;   // one per distinct genotype pattern, then one per distinct outside call
  std::size_t genotype_patterns = 0;     // distinct genotype patterns (the first entries of `distinct`)
  std::vector<std::uint32_t> by_sample;  // sample -> index into distinct
  std::vector<std::string> position_warnings;  // per gene, apply to every sample (REF mismatch, duplicates...)
  std::vector<std::string> positions_not_read; // defining positions without usable records
};

struct PgxResults {
  std::vector<std::string> samples;  // in VCF order
  std::vector<GeneResults> genes;
  std::vector<std::string> not_assessed;  // per gene with structural alleles: GeneDefinition::not_assessed_statement()
  std::size_t outside_used = 0;        // outside-call rows that replaced a call
  std::size_t outside_not_in_vcf = 0;  // rows naming samples this run does not have
};

class PgxCaller {
 public:
  PgxCaller(std::vector<GeneDefinition> definitions, GenomeBuild build, PgxCallOptions options);

  // The panel the reader must use (every defining position and allele of the genes).
  const Panel& panel() const { return panel_; }
  const std::vector<GeneDefinition>& definitions() const { return defs_; }

  // Reads every block of `reader` (built on panel()) and calls every sample.
  PgxResults call(GenotypeReader& reader);

  // The same in two steps, for a reader whose panel holds panel() at
  // `offset` among other variants: keep the rows of each block, then call.
  void collect(const GenotypeBlock& block, std::size_t offset);
  PgxResults finish(const std::vector<std::string>& samples, const std::vector<PanelMatch>& matches,
                    std::size_t offset) const;

 private:
  void apply_outside_calls(PgxResults& res) const;
  struct RowTarget {  // what a panel variant stands for
    std::size_t gene, position;
    int sequence;
  };
  std::vector<GeneDefinition> defs_;
  GenomeBuild build_;
  PgxCallOptions options_;
  Panel panel_;
  std::vector<RowTarget> targets_;  // per panel variant
  // collect(): the codes and phase sets of each panel variant's row
  std::vector<std::vector<GenotypeCode>> codes_;
  std::vector<std::vector<std::int32_t>> phase_sets_;
};

}  // namespace ketapgx

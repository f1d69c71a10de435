// The options of the inputs several commands share, declared once (see
// inputs/input_options.h): each command adds the groups it uses, so their
// names, defaults and help cannot drift apart between commands.
#pragma once

#include <boost/program_options.hpp>

#include "inputs/input_options.h"
#include "samples/sample_inputs.h"

namespace ketapgx::cli {

struct GenotypeOptionSet {
  bool build = true;    // --build
  bool dosages = false; // --dosages (commands whose numbers use dosages)
};

// --vcf, --samples, --force-samples, and per `set` --build and --dosages.
void add_genotype_options(boost::program_options::options_description& desc, GenotypeSource& source,
                          GenotypeOptionSet set = {});

// --expression, --expression-layout, --expression-units, --allow-missing-expression, --covariates.
void add_sample_input_options(boost::program_options::options_description& desc, SampleInputOptions& inputs);

// --panel and --gene-sets; `defaults` says what is used when they are left out.
enum class DefinitionDefaults { Bundled, ModelBundle };
void add_feature_definition_options(boost::program_options::options_description& desc, FeatureDefinitions& defs,
                                    DefinitionDefaults defaults);

// How star alleles are called: --pgx-assume-reference-at-missing,
// --pgx-combinations, --outside-calls, the same names in every command. For
// `call`, whose options once went without the prefix, `aliases` (parsed, not
// printed) receives the old names.
enum class StarAlleleOptionNames { Call, Pipeline };
void add_star_allele_options(boost::program_options::options_description& desc, StarAlleleSettings& pgx,
                             StarAlleleOptionNames names, boost::program_options::options_description* aliases = nullptr);

// --pgs FILE... and the options of its matching (--pgs-min-overlap,
// --pgs-keep-ambiguous, --pgs-keep-multiallelic, --pgs-ignore-strand-flips).
// `as_features`: the help says each becomes a model feature.
void add_pgs_options(boost::program_options::options_description& desc, PgsOptions& pgs, bool as_features);

// --threads, --block-mb and (with `engine`) --backend.
void add_compute_options(boost::program_options::options_description& desc, ComputeOptions& compute, bool engine = true);

}  // namespace ketapgx::cli

// Writers of `ketapgx call`'s outputs: PREFIX.pgx.tsv (one row per sample and
// gene, sorted by sample ID, the SPEC's columns plus metabolizer_class) and the
// JSON summary with provenance.
#pragma once

#include <nlohmann/json.hpp>

#include <ostream>

#include "pgx/pgx_caller.h"

namespace ketapgx {

void write_pgx_tsv(std::ostream& out, const PgxResults& results);

// Per-gene summary: positions read and not, warnings, phenotype and diplotype counts.
nlohmann::ordered_json pgx_summary(const PgxResults& results, const std::vector<GeneDefinition>& definitions);

}  // namespace ketapgx

// Chromosome names: "chr19", "19", "CHR19" and "chrM"/"MT" name the same contig.
#pragma once

#include <string>
#include <string_view>

namespace ketapgx {

// The canonical form used for matching: no "chr" prefix, "M" written "MT".
std::string canonical_contig(std::string_view name);

}  // namespace ketapgx

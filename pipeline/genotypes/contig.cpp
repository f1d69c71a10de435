#include "genotypes/contig.h"

#include <cctype>

namespace ketapgx {

std::string canonical_contig(std::string_view name) {
  if (name.size() > 3 && (name[0] == 'c' || name[0] == 'C') && (name[1] == 'h' || name[1] == 'H') &&
      (name[2] == 'r' || name[2] == 'R')) {
    name.remove_prefix(3);
  }
  std::string out(name);
  if (out == "M" || out == "m") out = "MT";
  if (out == "x") out = "X";
  if (out == "y") out = "Y";
  return out;
}

}  // namespace ketapgx

// Where the bundled data (configs/, examples/) is found at run time.
#pragma once

#include <string>

namespace ketapgx {

// The first of: $KETAPGX_DATA_DIR; <executable dir>/../share/ketapgx (installed);
// the source tree the binary was built from. Each candidate must contain
// configs/panels/. Throws Error naming the places searched when none does.
std::string data_dir();

}  // namespace ketapgx

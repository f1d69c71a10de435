// The git commit this ketapgx was built from, for --version and the report's
// provenance. main() sets it from the header generated at build time
// (pipeline/commit.cmake), so a new commit recompiles main.cpp alone instead
// of the library and every test binary that links it.
#pragma once

#include <string>

namespace ketapgx {

void set_build_commit(const std::string& commit);
// "unknown" until set (e.g. in a test binary that links the library).
const std::string& build_commit();

}  // namespace ketapgx

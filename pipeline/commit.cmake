# Run at every build (target ketapgx_commit): writes OUT with the source tree's
# git commit, rewriting it only when the commit changes, so `ketapgx --version`
# names the commit it was built from without a rebuild each time.
execute_process(COMMAND git -C "${SOURCE_DIR}" describe --always --dirty --abbrev=12
                OUTPUT_VARIABLE commit OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR commit STREQUAL "")
  set(commit "unknown (not built from a git checkout)")
endif()
set(text "// Generated at build time by pipeline/commit.cmake.\n#pragma once\n#define KETAPGX_COMMIT \"${commit}\"\n")
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
endif()
if(NOT old STREQUAL text)
  file(WRITE "${OUT}" "${text}")
endif()

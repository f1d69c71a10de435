// Exit codes of the ketapgx binary (documented in README.md, tested in tests/integration).
#pragma once

namespace ketapgx::exit_code {

constexpr int kOk = 0;
constexpr int kRuntime = 1;  // I/O failure (disk full), CUDA failure, out of memory, internal error
constexpr int kUsage = 2;    // the command line: unknown or malformed option, missing required option, option out of range
constexpr int kInput = 3;    // anything the user's inputs or options can fix: a bad file (named, with line/record), missing
                             // or other inputs than the model needs (--expression, --covariates, build), unwritable --out
constexpr int kModel = 4;    // only a damaged or inconsistent model bundle (checksums, manifest, its own files disagree)

// The exit codes as `--help` prints them.
constexpr const char* kHelpText =
    "Exit codes: 0 success; 1 runtime failure (disk full, out of memory, CUDA, internal); 2 usage error (the command\n"
    "line: an unknown, missing or out-of-range option); 3 input error: a file or option value the user can fix (the\n"
    "message names the file, line or record, what was expected and the option); 4 a damaged or inconsistent model bundle.\n";

}  // namespace ketapgx::exit_code

// Exit codes of the ketapgx binary (documented in README.md, tested in tests/integration).
#pragma once

namespace ketapgx::exit_code {

constexpr int kOk = 0;
constexpr int kRuntime = 1;  // I/O failure, CUDA failure, internal error
constexpr int kUsage = 2;    // bad command line
constexpr int kInput = 3;    // invalid input data (file named in the message)
constexpr int kModel = 4;    // corrupt or mismatched model bundle

}  // namespace ketapgx::exit_code

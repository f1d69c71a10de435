// Typed exceptions shared by every layer. Library code throws; main() catches
// once and maps the type to an exit code (see pipeline/cli/exit_codes.h).
#pragma once

#include <stdexcept>
#include <string>

namespace ketapgx {

// Base of everything ketapgx throws on purpose.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The user's input is wrong: a file is malformed, inconsistent or mismatched.
// The message names the file, the record or line, what was expected and the
// option that fixes it.
class InputError : public Error {
 public:
  using Error::Error;
};

// The command line itself is wrong (unknown option, missing argument, bad value).
class UsageError : public Error {
 public:
  using Error::Error;
};

// A CUDA runtime call failed, or the CUDA backend was asked for and is unusable.
class CudaError : public Error {
 public:
  using Error::Error;
};

// A model bundle is corrupt, mismatched or cannot be evaluated.
class ModelError : public Error {
 public:
  using Error::Error;
};

}  // namespace ketapgx

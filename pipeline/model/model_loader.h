// Loads the LibTorch model implementation (libketapgx_models.so) on first use.
#pragma once

#include "ketapgx/models/model_api.h"

namespace ketapgx {

// The process-wide backend; throws Error naming the places searched when the
// library cannot be loaded. Looked for in $KETAPGX_MODELS_LIB, then
// <executable dir>/../lib/, then the build tree it was built in.
models::ModelBackend& model_backend();

}  // namespace ketapgx

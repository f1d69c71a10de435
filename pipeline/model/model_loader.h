// Loads the LibTorch model implementation (libketapgx_models.so) on first use.
#pragma once

#include "ketapgx/models/model_api.h"

namespace ketapgx {

// The process-wide backend; throws Error naming the places searched when the
// library cannot be loaded or was built against another model interface
// version (models::kModelApiVersion). Looked for in $KETAPGX_MODELS_LIB (only
// there when it is set), else <executable dir>/../lib/, then the build tree.
models::ModelBackend& model_backend();

}  // namespace ketapgx

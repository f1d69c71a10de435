// Private: CUDA_TRY checks every CUDA runtime call and throws CudaError naming
// the call, the file and the line.
#pragma once

#include <cuda_runtime.h>

#include <string>

#include "ketapgx/core/errors.h"

#define KETAPGX_STRINGIFY_(x) #x
#define KETAPGX_STRINGIFY(x) KETAPGX_STRINGIFY_(x)

#define CUDA_TRY(call)                                                                 \
  do {                                                                                 \
    const cudaError_t ketapgx_cuda_status_ = (call);                                   \
    if (ketapgx_cuda_status_ != cudaSuccess) {                                         \
      throw ::ketapgx::CudaError(std::string("CUDA error ") +                          \
                                 cudaGetErrorName(ketapgx_cuda_status_) + " (" +       \
                                 cudaGetErrorString(ketapgx_cuda_status_) + ") in " + \
                                 #call " at " __FILE__ ":" KETAPGX_STRINGIFY(__LINE__)); \
    }                                                                                  \
  } while (0)

// KETAPGX_HD marks per-element functions shared by the CPU and CUDA backends.
#pragma once

#if defined(__CUDACC__)
#define KETAPGX_HD __host__ __device__ __forceinline__
#else
#define KETAPGX_HD inline
#endif

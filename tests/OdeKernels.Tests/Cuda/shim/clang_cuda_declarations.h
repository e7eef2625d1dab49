// The CUDA declarations the OdeKernels kernels use, for checking them with clang's CUDA front end where no CUDA
// toolkit is installed: clang++ -x cuda --cuda-device-only -nocudainc -nocudalib -include clang_cuda_declarations.h
// Declarations only (no libdevice): enough to type-check device code and emit PTX, not to link or run it.
#pragma once
#define __device__ __attribute__((device))
#define __global__ __attribute__((global))
#define __shared__ __attribute__((shared))
#define __constant__ __attribute__((constant))
#define __forceinline__ __inline__ __attribute__((always_inline))
#include "__clang_cuda_builtin_vars.h"
__device__ float fabsf(float); __device__ double fabs(double);
__device__ float expf(float); __device__ double exp(double);
__device__ float logf(float); __device__ double log(double);
__device__ float expm1f(float); __device__ double expm1(double);
__device__ float log1pf(float); __device__ double log1p(double);
__device__ float tanhf(float); __device__ double tanh(double);
__device__ float copysignf(float, float); __device__ double copysign(double, double);
__device__ float sinf(float); __device__ double sin(double);
__device__ float cosf(float); __device__ double cos(double);
__device__ float fmaf(float, float, float); __device__ double fma(double, double, double);
__device__ double sqrt(double); __device__ double pow(double, double);
__device__ bool isfinite(float); __device__ bool isfinite(double);
__device__ void __syncthreads();
__device__ double atomicAdd(double*, double);
__device__ double __longlong_as_double(long long);

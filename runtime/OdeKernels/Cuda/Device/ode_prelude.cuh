// Helpers every other part uses, placed before the network's code (so they do not depend on ode_t): math overloads
// for float and double (so generated code is written once for both), NaN-propagating max (the BCL's vector Max is
// IEEE 754-2019 maximum) and the dynamic shared-memory declaration (a macro, so the CPU test shim can provide its
// own). The solver's device code is composed as: ode_prelude.cuh, ode_contract.cuh, the network's generated device
// code, the tableau's generated step, ode_integrator.cuh, ode_lane.cuh, ode_kernels.cu, ode_checkpointed.cu
// (CudaKernelSource.cs); each file also includes what it needs, so a kernel file compiles alone (WriteSources).
// OdeKernels CUDA solver: one thread per lane, the whole adaptive solve in one launch.
#ifndef ODE_PRELUDE_CUH
#define ODE_PRELUDE_CUH
#ifndef ODE_DYNAMIC_SHARED
#define ODE_DYNAMIC_SHARED(type, name) extern __shared__ type name[]
#endif

__device__ __forceinline__ float ode_abs(float x) { return fabsf(x); }
__device__ __forceinline__ double ode_abs(double x) { return fabs(x); }
__device__ __forceinline__ float ode_exp(float x) { return expf(x); }
__device__ __forceinline__ double ode_exp(double x) { return exp(x); }
__device__ __forceinline__ float ode_log(float x) { return logf(x); }
__device__ __forceinline__ double ode_log(double x) { return log(x); }
__device__ __forceinline__ float ode_sin(float x) { return sinf(x); }
__device__ __forceinline__ double ode_sin(double x) { return sin(x); }
__device__ __forceinline__ float ode_cos(float x) { return cosf(x); }
__device__ __forceinline__ double ode_cos(double x) { return cos(x); }
// The opt-in fused multiply-add (FusedMultiplyAdd = true): x·y + z rounded once, where the CPU kernels fuse. The
// code is compiled with --fmad=false (-ffp-contract=off in the test shim), so these are the only fused operations.
__device__ __forceinline__ float ode_fma(float x, float y, float z) { return fmaf(x, y, z); }
__device__ __forceinline__ double ode_fma(double x, double y, double z) { return fma(x, y, z); }
__device__ __forceinline__ bool ode_finite(float x) { return isfinite(x); }
__device__ __forceinline__ bool ode_finite(double x) { return isfinite(x); }
template <typename T> __device__ __forceinline__ T ode_max0(T x) { return x != x ? x : (x > (T)0 ? x : (T)0); }
template <typename T> __device__ __forceinline__ T ode_maxabs(T x, T z)
{
    T ax = ode_abs(x), az = ode_abs(z);
    return ax != ax ? ax : (ax > az ? ax : az);
}

// Math.Min / Math.Max / Math.Clamp on doubles (NaN propagates).
__device__ __forceinline__ double ode_dmin(double a, double b) { return a != a ? a : (b != b ? b : (a < b ? a : b)); }
__device__ __forceinline__ double ode_dmax(double a, double b) { return a != a ? a : (b != b ? b : (a > b ? a : b)); }
__device__ __forceinline__ double ode_clamp(double x, double lo, double hi) { return x < lo ? lo : (x > hi ? hi : x); }

#endif

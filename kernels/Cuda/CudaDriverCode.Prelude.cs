namespace OdeKernels.Cuda;

/// <summary>
/// The CUDA C of the solver kernels, composed at run time with a network's generated device code and a tableau's
/// step (see <see cref="CudaKernelSource"/>). Written once for every network and tableau: the per-lane integrator is a
/// template over the state size, the right-hand side and a step observer, so the forward solve and the backward
/// (adjoint) solve share it, as <c>BatchIntegrator</c> serves both on the CPU.
/// </summary>
internal static partial class CudaDriverCode
{
    /// <summary>
    /// Helpers every other part uses (placed before the network's code, so they do not depend on <c>ode_t</c>): math overloads for float and double (so generated code is written once for
    /// both), NaN-propagating max (the BCL's vector Max is IEEE 754-2019 maximum), the dynamic shared-memory
    /// declaration (a macro, so the CPU test shim can provide its own) and the lane status codes, which
    /// <see cref="CudaStatus"/> mirrors on the host.
    /// </summary>
    public const string Prelude = """
        // OdeKernels CUDA solver: one thread per lane, the whole adaptive solve in one launch.
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

        // Lane status codes (CudaStatus.cs): status[3 * lane] = code, [+1] = time reached, [+2] = a value for the message.
        #define ODE_OK 0
        #define ODE_NONFINITE_START 1
        #define ODE_NONFINITE_ACCEPTED 2
        #define ODE_NONFINITE_FIXED_STEP 3
        #define ODE_MIN_STEP 4
        #define ODE_MIN_STEP_AFTER_NONFINITE 5
        #define ODE_UNDERFLOW 6
        #define ODE_UNDERFLOW_AFTER_NONFINITE 7
        #define ODE_MAX_STEPS 8
        #define ODE_REPLAY_MISMATCH 9

        // SolverOptions as the host packs them (CudaProblem.PackOptions).
        struct OdeOptions
        {
            double rtol, atol, fixed_step, initial_step, max_step, min_step, safety, min_factor, max_factor, beta;
            long long max_steps;
        };

        __device__ __forceinline__ OdeOptions ode_options(const double* o)
        {
            OdeOptions r;
            r.rtol = o[0]; r.atol = o[1]; r.fixed_step = o[2]; r.initial_step = o[3]; r.max_step = o[4];
            r.min_step = o[5]; r.safety = o[6]; r.min_factor = o[7]; r.max_factor = o[8]; r.beta = o[9];
            r.max_steps = (long long)o[10];
            return r;
        }

        __device__ __forceinline__ void ode_fail(double* status, int code, double t, double value)
        {
            status[0] = (double)code;
            status[1] = t;
            status[2] = value;
        }

        """;
}

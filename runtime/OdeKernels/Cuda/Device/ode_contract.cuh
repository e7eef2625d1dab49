// The contract between the host (runtime/OdeKernels/Cuda) and the kernels, in one place: the lane status words and
// their codes (CudaStatus.cs), the layout of the packed solver options (CudaBackend.OptionLayout), and the doubles
// kept per checkpoint and per replayed step (CudaJob.CheckpointScalars / SegmentScalars). CudaContractTests reads
// this file and checks every value against the C# definitions, member by member.
#ifndef ODE_CONTRACT_CUH
#define ODE_CONTRACT_CUH

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

// SolverOptions as the host packs them (CudaBackend.PackOptions, slot by slot).
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

// Doubles per checkpoint beside its state and first stage, and per replayed step beside its start state.
#define ODE_CHECKPOINT_SCALARS 7
#define ODE_SEGMENT_SCALARS 3

__device__ __forceinline__ void ode_fail(double* status, int code, double t, double value)
{
    status[0] = (double)code;
    status[1] = t;
    status[2] = value;
}

#endif

// One lane's adaptive (or fixed-step) solve: the logic of BatchIntegrator.Loop, StepController and InitialStep for a
// single lane, in the same order and the same precision (time, step sizes and the controller in double; the state,
// stages and squared error in ode_t), so a lane takes the steps it would take on the CPU. Needs the network's ode_t
// and the tableau's ode_rk_step and constants. Written once for every network and tableau: a template over the state
// size, the right-hand side and a step observer, so the forward solve and the backward (adjoint) solve share it, as
// BatchIntegrator serves both on the CPU.
#ifndef ODE_INTEGRATOR_CUH
#define ODE_INTEGRATOR_CUH

#include "ode_prelude.cuh"
#include "ode_contract.cuh"
#include "ode_network.cuh"  // the network's generated CudaDeviceCode
#include "ode_tableau.cuh"  // the tableau's generated CudaStepSource

template <int M> __device__ __forceinline__ bool ode_all_finite(const ode_t* x)
{
    for (int i = 0; i < M; ++i) if (!ode_finite(x[i])) return false;
    return true;
}

// The network's parameters, staged in shared memory by the whole block when they fit (use_shared != 0).
__device__ __forceinline__ const ode_t* ode_stage_parameters(const ode_t* params, int use_shared, double* shared)
{
    if (!use_shared) return params;
    ode_t* staged = (ode_t*)shared;
    for (int q = threadIdx.x; q < ODE_P; q += blockDim.x) staged[q] = params[q];
    __syncthreads();
    return staged;
}

// Hairer's PI controller (StepController.cs); the tableau defines q = min(order, max(embedded order, 1)) + 1.
struct OdeController
{
    double exponent, beta, safety, min_factor, max_factor, reject_exponent;

    __device__ explicit OdeController(const OdeOptions& o)
    {
        int q = ODE_CONTROLLER_Q;
        beta = o.beta;
        exponent = (1.0 / q) - (0.75 * beta);
        safety = o.safety;
        min_factor = o.min_factor;
        max_factor = o.max_factor;
        reject_exponent = 1.0 / q;
    }

    // errPrevious^beta is the lane's error memory (StepController.Memory), taken when a step is accepted: the same
    // product in the same order as taking it here, off the chain from a step's error to the next step's size.
    __device__ double factor(double err, double memory) const
    {
        if (err == 0) return max_factor;
        return ode_clamp(safety * pow(err, -exponent) * memory, min_factor, max_factor);
    }

    __device__ double memory(double err) const
    {
        return beta == 0 ? 1.0 : pow(ode_dmax(err, 1e-4), beta);
    }

    __device__ double reject(double err) const
    {
        return isfinite(err) ? ode_clamp(safety * pow(err, -reject_exponent), min_factor, 1.0) : min_factor;
    }
};

// Hairer's starting step (InitialStep.cs) for one lane; costs one evaluation.
template <int M, class Sys>
__device__ double ode_initial_step(const Sys& sys, double t, const ode_t* y, const ode_t* f0, ode_t* probe, ode_t* f1, double span, const OdeOptions& o)
{
    double atol = o.atol, rtol = o.rtol, d0 = 0, d1 = 0, d2 = 0;
    for (int c = 0; c < M; ++c)
    {
        double yc = (double)y[c];
        double scale = atol + (rtol * fabs(yc));
        double fc = (double)f0[c];
        d0 += (yc / scale) * (yc / scale);
        d1 += (fc / scale) * (fc / scale);
    }

    d0 = sqrt(d0 / M);
    d1 = sqrt(d1 / M);
    double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
    h0 = ode_dmin(h0, span);
    for (int c = 0; c < M; ++c) probe[c] = (ode_t)((double)y[c] + (h0 * (double)f0[c]));
    sys.eval((ode_t)(t + h0), probe, f1);
    d1 = 0;
    for (int c = 0; c < M; ++c)
    {
        double scale = atol + (rtol * fabs((double)y[c]));
        double fc = (double)f0[c];
        double df = (double)f1[c] - fc;
        d1 += (fc / scale) * (fc / scale);
        d2 += (df / scale) * (df / scale);
    }

    d1 = sqrt(d1 / M);
    d2 = sqrt(d2 / M) / h0;
    double dmax = ode_dmax(d1, d2);
    double h1 = dmax <= 1e-15 ? ode_dmax(1e-6, h0 * 1e-3) : pow(0.01 / dmax, 1.0 / (ODE_ORDER + 1));
    double h = ode_dmin(ode_dmin(100 * h0, h1), o.max_step);
    return isfinite(h) && h > 0 ? ode_dmin(h, span) : ode_dmin(1e-6, span);
}

// Where one lane stands in its solve: what a checkpoint keeps to replay the solve from there bit for bit (with
// the state and the first stage; LaneCheckpoints in StepTape.cs keeps the same).
struct OdeLane
{
    double t, h, error_memory, segment_start;
    long long segment_steps, steps;
    int next;
};

#define ODE_UNLIMITED 0x7fffffffffffffffLL

// Starts one lane at save[0]: its first stage and starting step. Returns false after writing the lane's status.
template <int M, class Sys>
__device__ bool ode_start(const Sys& sys, const ode_t* y, ode_t (*k)[M], ode_t* ys, ode_t* yn,
    const double* save, int saves, const OdeOptions& o, long long* counts, double* status, OdeLane& lane)
{
    lane.t = save[0];
    lane.h = 0;
    lane.error_memory = 1.0;
    lane.segment_start = lane.t;
    lane.segment_steps = 0;
    lane.steps = 0;
    lane.next = 1;
    if (saves < 2) return true;
    sys.eval((ode_t)lane.t, y, k[0]);
    counts[0] += 1;
    if (!ode_all_finite<M>(y) || !ode_all_finite<M>(k[0])) { ode_fail(status, ODE_NONFINITE_START, lane.t, 0); return false; }

    double span = save[saves - 1] - save[0];
    if (o.fixed_step > 0) lane.h = o.fixed_step;
    else if (o.initial_step > 0) lane.h = ode_dmin(o.initial_step, span);
    else { lane.h = ode_initial_step<M>(sys, lane.t, y, k[0], ys, yn, span, o); counts[0] += 1; }
    return true;
}

// Steps one lane from where it stands (state y, first stage k[0]) onto every later save time
// (BatchIntegrator.Loop), or until it has accepted `budget` more steps (a replay between checkpoints). counts:
// evaluations, accepted, rejected. The recorder sees each step, with the lane's place before it, before an
// accepted lane moves on, and every state landed on a save time. Returns false after writing the lane's status.
template <int M, class Sys, class Rec>
__device__ bool ode_advance(const Sys& sys, Rec& rec, ode_t* y, ode_t (*k)[M], ode_t* ys, ode_t* yn,
    const double* save, int saves, const OdeOptions& o, long long* counts, double* status, OdeLane& lane, long long budget)
{
    const bool adaptive = !(o.fixed_step > 0);
    const OdeController controller(o);
    const ode_t atol = (ode_t)o.atol, rtol = (ode_t)o.rtol;
    double t = lane.t, h = lane.h, error_memory = lane.error_memory, segment_start = lane.segment_start;
    long long segment_steps = lane.segment_steps, steps = lane.steps;
    int next = lane.next;
    while (next < saves && budget > 0)
    {
        double remaining = save[next] - t;
        bool clipped = h >= remaining * (1 - 1e-9);
        double taken = clipped ? remaining : h;
        ode_t tT = (ode_t)t, hT = (ode_t)taken, error_squares = (ode_t)0;
        ode_rk_step<M>(sys, tT, hT, y, k, ys, yn, adaptive ? &error_squares : (ode_t*)0, atol, rtol);
        counts[0] += ODE_STAGES - 1;
        double err = adaptive ? sqrt((double)error_squares / M) : 0.0;
        if (!ode_all_finite<M>(yn))
        {
            if (!adaptive) { ode_fail(status, ODE_NONFINITE_FIXED_STEP, t, taken); return false; }
            err = __longlong_as_double(0x7ff8000000000000LL);
        }

        bool finite = !(err != err), accepted = err <= 1.0;
        const OdeLane before = { t, h, error_memory, segment_start, segment_steps, steps, next };
        rec.stepped(before, tT, hT, y, k, accepted);
        ++steps;
        if (accepted)
        {
            counts[1] += 1;
            --budget;
            for (int i = 0; i < M; ++i) y[i] = yn[i];
            if (!clipped)
            {
                // Fixed steps: t = start + k h rather than t += h, so long runs do not drift off the grid.
                ++segment_steps;
                t = adaptive ? t + taken : segment_start + ((double)segment_steps * taken);
            }
            else
            {
                t = save[next];
                segment_start = t;
                segment_steps = 0;
                rec.saved(next, y);
                ++next;
            }

            if (adaptive)
            {
                double proposal = taken * controller.factor(err, error_memory);
                h = clipped ? ode_dmax(proposal, h) : proposal;
                error_memory = controller.memory(err);
            }
        }
        else
        {
            counts[2] += 1;
            h = taken * controller.reject(finite ? err : __longlong_as_double(0x7ff0000000000000LL));
        }

        if (adaptive)
        {
            h = ode_dmin(h, o.max_step);
            if (h < o.min_step) { ode_fail(status, finite ? ODE_MIN_STEP : ODE_MIN_STEP_AFTER_NONFINITE, t, h); return false; }
            if (t + h == t || !isfinite(h)) { ode_fail(status, finite ? ODE_UNDERFLOW : ODE_UNDERFLOW_AFTER_NONFINITE, t, h); return false; }
        }

        if (steps >= o.max_steps && next < saves) { ode_fail(status, ODE_MAX_STEPS, t, save[saves - 1]); return false; }
        if (accepted && next < saves && budget > 0)
        {
#if ODE_FSAL
            for (int i = 0; i < M; ++i) k[0][i] = k[ODE_STAGES - 1][i];
#else
            sys.eval((ode_t)t, y, k[0]);
            counts[0] += 1;
#endif
            if (!ode_all_finite<M>(y) || !ode_all_finite<M>(k[0])) { ode_fail(status, ODE_NONFINITE_ACCEPTED, t, 0); return false; }
        }
    }

    lane.t = t;
    lane.h = h;
    lane.error_memory = error_memory;
    lane.segment_start = segment_start;
    lane.segment_steps = segment_steps;
    lane.steps = steps;
    lane.next = next;
    return true;
}

// A whole solve from save[0] (y holds the initial state).
template <int M, class Sys, class Rec>
__device__ bool ode_integrate(const Sys& sys, Rec& rec, ode_t* y, ode_t (*k)[M], ode_t* ys, ode_t* yn,
    const double* save, int saves, const OdeOptions& o, long long* counts, double* status)
{
    OdeLane lane;
    return ode_start<M>(sys, y, k, ys, yn, save, saves, o, counts, status, lane)
        && ode_advance<M>(sys, rec, y, k, ys, yn, save, saves, o, counts, status, lane, ODE_UNLIMITED);
}

#endif

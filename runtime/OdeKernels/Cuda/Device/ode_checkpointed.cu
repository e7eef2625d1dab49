// ode_checkpointed: the discrete adjoint (AdjointMethod.Checkpointed), one thread per lane. The lane solves forwards
// from y0, keeping its full solver state (OdeLane, the state and the first stage) at the start of every
// intervals[lane]-th accepted step in device memory; then, from the last checkpoint back, it replays the adaptive
// solve from each checkpoint to the next (the same code and arithmetic, so the replay takes the forward steps bit for
// bit), keeps the segment's step starts in device scratch and reverses them last first with the tableau's generated
// reverse-mode step ode_rk_reverse_step (from its CudaStepSource: stages recomputed, the network's generated vjp for
// each; the arithmetic of the generated ReverseStepLane). The host sizes both buffers from the step counts of the forward solve it has already run
// (CudaCheckpointPlan.cs). Parameter gradients are summed per lane in double and reduced across the block as in
// ode_backsolve.
//
// Layouts, lane-minor so that neighbouring threads touch neighbouring addresses: checkpoint states
// [capacity][2 x ODE_N][lanes] (y, then k0), checkpoint scalars [capacity][ODE_CHECKPOINT_SCALARS][lanes] (t,
// proposed h, previous error, segment start, segment steps, steps, next save), segment states
// [segment capacity][ODE_N][lanes] and segment scalars [segment capacity][ODE_SEGMENT_SCALARS][lanes] (t and h as
// the step used them, the save index the step lands on or -1).

#include "ode_lane.cuh"

// The forward pass's recorder: every interval-th accepted step's starting place, as LaneCheckpoints keeps it.
struct OdeCheckpointWriter
{
    ode_t* states;
    double* scalars;
    int lanes, lane, interval, capacity;
    long long accepted;
    int stored;
    bool overflow;

    __device__ void saved(int, const ode_t*) {}
    __device__ void stepped(const OdeLane& at, ode_t, ode_t, const ode_t* y, ode_t (*k)[ODE_N], bool accepted_step)
    {
        if (!accepted_step) return;
        long long step = accepted++;
        if (step % interval != 0) return;
        if (stored == capacity) { overflow = true; return; }
        long long slot = stored++;
        for (int c = 0; c < ODE_N; ++c)
        {
            states[(slot * (2 * ODE_N) + c) * lanes + lane] = y[c];
            states[(slot * (2 * ODE_N) + ODE_N + c) * lanes + lane] = k[0][c];
        }

        double* d = scalars + slot * ODE_CHECKPOINT_SCALARS * lanes + lane;
        d[0] = at.t;
        d[lanes] = at.h;
        d[2LL * lanes] = at.error_memory;
        d[3LL * lanes] = at.segment_start;
        d[4LL * lanes] = (double)at.segment_steps;
        d[5LL * lanes] = (double)at.steps;
        d[6LL * lanes] = (double)at.next;
    }
};

__device__ void ode_restore_checkpoint(const ode_t* states, const double* scalars, int lanes, int lane, long long slot,
    ode_t* y, ode_t* k0, OdeLane& at)
{
    for (int c = 0; c < ODE_N; ++c)
    {
        y[c] = states[(slot * (2 * ODE_N) + c) * lanes + lane];
        k0[c] = states[(slot * (2 * ODE_N) + ODE_N + c) * lanes + lane];
    }

    const double* d = scalars + slot * ODE_CHECKPOINT_SCALARS * lanes + lane;
    at.t = d[0];
    at.h = d[lanes];
    at.error_memory = d[2LL * lanes];
    at.segment_start = d[3LL * lanes];
    at.segment_steps = (long long)d[4LL * lanes];
    at.steps = (long long)d[5LL * lanes];
    at.next = (int)d[6LL * lanes];
}

// The replay's recorder: each accepted step's start state, time, size and landing save (StepBuffer).
struct OdeSegmentRecorder
{
    ode_t* states;
    double* scalars;
    int lanes, lane, capacity, count;
    bool overflow;

    __device__ void stepped(const OdeLane&, ode_t t, ode_t h, const ode_t* y, ode_t (*)[ODE_N], bool accepted)
    {
        if (!accepted) return;
        if (count == capacity) { overflow = true; return; }
        long long slot = count++;
        for (int c = 0; c < ODE_N; ++c) states[(slot * ODE_N + c) * lanes + lane] = y[c];
        double* d = scalars + slot * ODE_SEGMENT_SCALARS * lanes + lane;
        d[0] = (double)t;
        d[lanes] = (double)h;
        d[2LL * lanes] = -1.0;
    }

    __device__ void saved(int index, const ode_t*)
    {
        if (!overflow) scalars[((long long)(count - 1) * ODE_SEGMENT_SCALARS + 2) * lanes + lane] = (double)index;
    }
};

extern "C" __global__ void ode_checkpointed(const ode_t* params, int use_shared, const ode_t* y0, const ode_t* dLdY,
    const double* save, int saves, const double* options, int lanes, const int* intervals, int capacity, int segment_capacity,
    ode_t* checkpoint_states, double* checkpoint_scalars, ode_t* segment_states, double* segment_scalars,
    ode_t* dy0, double* dtheta_lanes, double* dtheta, long long* stats, double* status)
{
    ODE_DYNAMIC_SHARED(double, ode_shared);
    OdeAdjointLane me = ode_adjoint_lane(ode_shared, params, use_shared, lanes, dtheta_lanes, status);
    const ode_t* p = me.p;
    int lane = me.lane;
    double* g = me.g;
    if (me.active)
    {
        OdeOptions o = ode_options(options);
        double* lane_status = me.status;
        ode_t y[ODE_N], k[ODE_STAGES][ODE_N], ys[ODE_N], yn[ODE_N], bar[ODE_N];
        ode_t stage_states[ODE_STAGES][ODE_N], kbar[ODE_STAGES][ODE_N];
        for (int c = 0; c < ODE_N; ++c)
        {
            y[c] = y0[(long long)lane * ODE_N + c];
            bar[c] = (ode_t)0;
        }

        OdeForward sys = { p };
        long long counts[3] = { 0, 0, 0 }, evaluations = 0, reversed = 0;
        int interval = intervals[lane];
        OdeCheckpointWriter writer = { checkpoint_states, checkpoint_scalars, lanes, lane, interval, capacity, 0, 0, false };
        OdeLane at;
        bool ok = ode_start<ODE_N>(sys, y, k, ys, yn, save, saves, o, counts, lane_status, at)
            && ode_advance<ODE_N>(sys, writer, y, k, ys, yn, save, saves, o, counts, lane_status, at, ODE_UNLIMITED);
        if (ok && writer.overflow) { ode_fail(lane_status, ODE_REPLAY_MISMATCH, at.t, (double)capacity); ok = false; }

        for (int cp = writer.stored - 1; ok && cp >= 0; --cp)
        {
            long long first = (long long)cp * interval, end = first + interval < writer.accepted ? first + interval : writer.accepted;
            ode_restore_checkpoint(checkpoint_states, checkpoint_scalars, lanes, lane, cp, y, k[0], at);
            OdeSegmentRecorder segment = { segment_states, segment_scalars, lanes, lane, segment_capacity, 0, false };
            ok = ode_advance<ODE_N>(sys, segment, y, k, ys, yn, save, saves, o, counts, lane_status, at, end - first);
            if (ok && (segment.overflow || segment.count != end - first)) { ode_fail(lane_status, ODE_REPLAY_MISMATCH, at.t, (double)(end - first)); ok = false; }
            for (int s = segment.count - 1; ok && s >= 0; --s)
            {
                for (int c = 0; c < ODE_N; ++c) yn[c] = segment_states[((long long)s * ODE_N + c) * lanes + lane];
                const double* d = segment_scalars + (long long)s * ODE_SEGMENT_SCALARS * lanes + lane;
                int landed = (int)d[2LL * lanes];
                if (landed >= 0)
                {
                    for (int c = 0; c < ODE_N; ++c) bar[c] += dLdY[((long long)landed * lanes + lane) * ODE_N + c];
                }

                // The tableau's generated reverse step (CudaStepSource), the arithmetic of its C# ReverseStepLane.
                evaluations += ode_rk_reverse_step<ODE_N, OdeNetwork>(p, (ode_t)d[0], (ode_t)d[lanes], yn, bar, g, lanes, k, stage_states, kbar);
                ++reversed;
            }
        }

        for (int c = 0; c < ODE_N; ++c) dy0[(long long)lane * ODE_N + c] = bar[c] + dLdY[(long long)lane * ODE_N + c];
        stats[3LL * lane] = counts[0] + evaluations;
        stats[3LL * lane + 1] = reversed;
        stats[3LL * lane + 2] = 0;
    }

    ode_reduce_parameters(me, lanes, dtheta);
}

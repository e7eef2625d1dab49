// The entry points. ode_solve: one thread per lane solves the lane from save[0] and writes its state at every save
// time (save-major, as Solution<T>.States). ode_backsolve: the continuous adjoint of BatchedBacksolveAdjoint: per
// lane, [y, a] integrated backwards in s = -t between save times with the same tableau and controller, the parameter
// gradient by each accepted step's own quadrature into a per-lane column (in double), reduced across the block in
// shared memory with one atomicAdd per block and parameter. The block size must be a power of two (the reduction
// halves it).

#include "ode_lane.cuh"

struct OdeSaveStates
{
    ode_t* states;
    int lanes, lane;
    __device__ void stepped(const OdeLane&, ode_t, ode_t, const ode_t*, ode_t (*)[ODE_N], bool) {}
    __device__ void saved(int index, const ode_t* y)
    {
        ode_t* to = states + ((long long)index * lanes + lane) * ODE_N;
        for (int c = 0; c < ODE_N; ++c) to[c] = y[c];
    }
};

extern "C" __global__ void ode_solve(const ode_t* params, int use_shared, const ode_t* y0, const double* save, int saves,
    const double* options, int lanes, ode_t* states, long long* stats, double* status)
{
    ODE_DYNAMIC_SHARED(double, ode_shared);
    const ode_t* p = ode_stage_parameters(params, use_shared, ode_shared);
    int lane = blockIdx.x * blockDim.x + threadIdx.x;
    if (lane >= lanes) return;
    OdeOptions o = ode_options(options);
    double* lane_status = status + 3LL * lane;
    ode_fail(lane_status, ODE_OK, 0, 0);
    ode_t y[ODE_N], k[ODE_STAGES][ODE_N], ys[ODE_N], yn[ODE_N];
    for (int c = 0; c < ODE_N; ++c)
    {
        y[c] = y0[(long long)lane * ODE_N + c];
        states[(long long)lane * ODE_N + c] = y[c];
    }

    OdeForward sys = { p };
    OdeSaveStates rec = { states, lanes, lane };
    long long counts[3] = { 0, 0, 0 };
    ode_integrate<ODE_N>(sys, rec, y, k, ys, yn, save, saves, o, counts, lane_status);
    for (int i = 0; i < 3; ++i) stats[3LL * lane + i] = counts[i];
}

// [y, a]' = [-f, a^T df/dy] in s = -t.
struct OdeAugmented
{
    const ode_t* p;
    __device__ void eval(ode_t s, const ode_t* z, ode_t* dz) const
    {
        ode_t t = -s;
        OdeNetwork::f(t, z, dz, p);
        for (int c = 0; c < ODE_N; ++c)
        {
            dz[c] = -dz[c];
            dz[ODE_N + c] = (ode_t)0;
        }

        OdeNetwork::vjp(t, z, z + ODE_N, dz + ODE_N, (double*)0, 0, p);
    }
};

// a_theta += h sum_i b_i a_i^T df/dtheta(t_i, y_i) after each accepted step (ParameterQuadrature.cs), the stage
// inputs rebuilt from the step's stage derivatives.
struct OdeQuadrature
{
    const ode_t* p;
    double* dtheta;
    int stride;
    long long evaluations;
    __device__ void saved(int, const ode_t*) {}
    __device__ void stepped(const OdeLane&, ode_t t, ode_t h, const ode_t* z, ode_t (*k)[2 * ODE_N], bool accepted)
    {
        if (!accepted) return;
        ode_t ys[ODE_N], w[ODE_N];
        for (int s = 0; s < ODE_STAGES; ++s)
        {
            double b = ode_tableau_b[s];
            if (b == 0) continue;
            ode_t c = (ode_t)ode_tableau_c[s], weight = h * (ode_t)b, time = -(t + (c * h));
            for (int comp = 0; comp < ODE_N; ++comp)
            {
                ode_t yi = z[comp], ai = z[ODE_N + comp];
                for (int j = 0; j < s; ++j)
                {
                    double a = ode_tableau_a[s * ODE_STAGES + j];
                    if (a != 0)
                    {
                        ode_t ha = h * (ode_t)a;
                        yi += ha * k[j][comp];
                        ai += ha * k[j][ODE_N + comp];
                    }
                }

                ys[comp] = yi;
                w[comp] = weight * ai;
            }

            OdeNetwork::vjp(time, ys, w, (ode_t*)0, dtheta, stride, p);
            ++evaluations;
        }
    }
};

extern "C" __global__ void ode_backsolve(const ode_t* params, int use_shared, const ode_t* states, const ode_t* dLdY,
    const double* save, int saves, const double* options, int lanes, ode_t* dy0, double* dtheta_lanes, double* dtheta,
    long long* stats, double* status)
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
        ode_t z[2 * ODE_N], k[ODE_STAGES][2 * ODE_N], zs[2 * ODE_N], zn[2 * ODE_N];
        long long at = ((long long)(saves - 1) * lanes + lane) * ODE_N;
        for (int c = 0; c < ODE_N; ++c)
        {
            z[c] = states[at + c];
            z[ODE_N + c] = dLdY[at + c];
        }

        OdeAugmented sys = { p };
        OdeQuadrature rec = { p, g, lanes, 0 };
        long long counts[3] = { 0, 0, 0 };
        for (int j = saves - 1; j >= 1; --j)
        {
            double segment[2] = { -save[j], -save[j - 1] };
            if (!ode_integrate<2 * ODE_N>(sys, rec, z, k, zs, zn, segment, 2, o, counts, lane_status)) break;
            long long back = ((long long)(j - 1) * lanes + lane) * ODE_N;
            for (int c = 0; c < ODE_N; ++c)
            {
                z[c] = states[back + c];
                z[ODE_N + c] += dLdY[back + c];
            }
        }

        for (int c = 0; c < ODE_N; ++c) dy0[(long long)lane * ODE_N + c] = z[ODE_N + c];
        stats[3LL * lane] = counts[0] + rec.evaluations;
        stats[3LL * lane + 1] = counts[1];
        stats[3LL * lane + 2] = counts[2];
    }

    ode_reduce_parameters(me, lanes, dtheta);
}

// What the entry points of ode_kernels.cu and ode_checkpointed.cu share: the network as the integrator's right-hand
// side, and each adjoint kernel's per-lane start (parameters staged, gradient column, status) and its block reduction
// of the parameter gradient.
#ifndef ODE_LANE_CUH
#define ODE_LANE_CUH

#include "ode_integrator.cuh"

struct OdeForward
{
    const ode_t* p;
    __device__ void eval(ode_t t, const ode_t* y, ode_t* dydt) const { OdeNetwork::f(t, y, dydt, p); }
};

// What every adjoint kernel starts from: the parameters (staged in shared memory by the whole block when they fit),
// the block's reduction scratch after them, this thread's lane, its parameter gradient column (g at lane, stride
// lanes; zeroed) and its status word (cleared). Every thread of the block must call it (the staging synchronises).
struct OdeAdjointLane
{
    const ode_t* p;
    double* partial;
    int lane;
    bool active;
    double* g;
    double* status;
};

// The kernel passes its dynamic shared memory in (declared in the extern "C" kernel itself: a block-scope extern
// declaration in a C++ function before it would give the array two language linkages).
__device__ __forceinline__ OdeAdjointLane ode_adjoint_lane(double* ode_shared, const ode_t* params, int use_shared, int lanes, double* dtheta_lanes, double* status)
{
    OdeAdjointLane me;
    me.p = ode_stage_parameters(params, use_shared, ode_shared);
    me.partial = ode_shared + (use_shared ? (ODE_P * sizeof(ode_t) + 7) / 8 : 0);
    me.lane = blockIdx.x * blockDim.x + threadIdx.x;
    me.active = me.lane < lanes;
    me.g = dtheta_lanes + (me.active ? me.lane : 0);
    me.status = status + 3LL * (me.active ? me.lane : 0);
    if (me.active)
    {
        ode_fail(me.status, ODE_OK, 0, 0);
        for (int q = 0; q < ODE_P; ++q) me.g[(long long)q * lanes] = 0.0;
    }

    return me;
}

// Adds the block's per-lane parameter gradient columns into dtheta: summed in shared memory (one double per thread;
// the block size is a power of two), then one atomicAdd per parameter and block. Every thread of the block must
// call it.
__device__ void ode_reduce_parameters(const OdeAdjointLane& me, int lanes, double* dtheta)
{
    double* partial = me.partial;
    for (int q = 0; q < ODE_P; ++q)
    {
        partial[threadIdx.x] = me.active ? me.g[(long long)q * lanes] : 0.0;
        __syncthreads();
        for (int half = blockDim.x / 2; half > 0; half >>= 1)
        {
            if (threadIdx.x < half) partial[threadIdx.x] += partial[threadIdx.x + half];
            __syncthreads();
        }

        if (threadIdx.x == 0) atomicAdd(dtheta + q, partial[0]);
        __syncthreads();
    }
}

#endif

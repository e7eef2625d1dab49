// A CPU emulation of the CUDA C the OdeKernels kernels use, for tests on machines without a GPU. Compile kernel
// source with: g++ -O2 -std=c++17 -ffp-contract=off -pthread -include cuda_shim.h ...
// Blocks run one after another; the threads of a block run as std::threads, so __syncthreads is a real barrier and
// __shared__ memory (a function-local static, or the per-block dynamic buffer) is shared exactly as on a device.
#pragma once
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

struct dim3
{
    unsigned x, y, z;
    dim3(unsigned x_ = 1, unsigned y_ = 1, unsigned z_ = 1) : x(x_), y(y_), z(z_) {}
};

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __constant__
#define __shared__ static

namespace cuda_shim
{
    inline thread_local dim3 thread_index, block_index;
    inline dim3 block_dim, grid_dim;
    inline std::vector<double> dynamic_shared;
    inline std::mutex atomic_gate;

    // A reusable barrier for the threads of one block; a thread that returns from the kernel leaves it, as exited
    // threads stop counting towards __syncthreads on a device.
    struct Barrier
    {
        std::mutex gate;
        std::condition_variable changed;
        unsigned expected = 0, arrived = 0;
        unsigned long long generation = 0;

        void release_if_complete()
        {
            if (expected > 0 && arrived == expected)
            {
                arrived = 0;
                ++generation;
                changed.notify_all();
            }
        }

        void wait()
        {
            std::unique_lock<std::mutex> lock(gate);
            unsigned long long mine = generation;
            ++arrived;
            release_if_complete();
            changed.wait(lock, [&] { return generation != mine; });
        }

        void leave()
        {
            std::lock_guard<std::mutex> lock(gate);
            --expected;
            release_if_complete();
        }
    };

    inline Barrier* block_barrier = nullptr;
}

#define threadIdx (cuda_shim::thread_index)
#define blockIdx (cuda_shim::block_index)
#define blockDim (cuda_shim::block_dim)
#define gridDim (cuda_shim::grid_dim)

// Dynamic shared memory: one buffer, handed to each block in turn (blocks run one at a time).
#define ODE_DYNAMIC_SHARED(type, name) type* name = reinterpret_cast<type*>(cuda_shim::dynamic_shared.data())

inline void __syncthreads() { cuda_shim::block_barrier->wait(); }

inline double atomicAdd(double* address, double value)
{
    std::lock_guard<std::mutex> lock(cuda_shim::atomic_gate);
    double old = *address;
    *address = old + value;
    return old;
}

inline double __longlong_as_double(long long bits)
{
    double value;
    memcpy(&value, &bits, sizeof value);
    return value;
}

// kernel<<<grid, block, shared>>>(args...) for one-dimensional launches.
template <class Kernel, class... Args>
void cuda_shim_launch(Kernel kernel, dim3 grid, dim3 block, size_t shared_bytes, Args... args)
{
    cuda_shim::grid_dim = grid;
    cuda_shim::block_dim = block;
    cuda_shim::dynamic_shared.assign((shared_bytes + 7) / 8 + 1, 0.0);
    for (unsigned b = 0; b < grid.x; ++b)
    {
        cuda_shim::Barrier barrier;
        barrier.expected = block.x;
        cuda_shim::block_barrier = &barrier;
        std::vector<std::thread> threads;
        threads.reserve(block.x);
        for (unsigned t = 0; t < block.x; ++t)
        {
            threads.emplace_back([=, &barrier] {
                cuda_shim::thread_index = dim3(t);
                cuda_shim::block_index = dim3(b);
                kernel(args...);
                barrier.leave();
            });
        }

        for (std::thread& thread : threads) thread.join();
    }
}

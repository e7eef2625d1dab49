// Runs one OdeKernels kernel on the CPU through cuda_shim.h: reads the job's inputs from binary files in a folder,
// launches, writes the outputs beside them. Usage: run <folder> solve|backsolve|checkpointed <lanes> <saves> <block>
// <use_shared> <shared_bytes> [<checkpoint capacity> <segment capacity>] (the last two for checkpointed only).
#include "kernel.cu"
#include "binary_io.h"
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

int main(int argc, char** argv)
{
    std::string mode = argc > 2 ? argv[2] : "";
    if (argc != (mode == "checkpointed" ? 10 : 8))
    {
        fprintf(stderr, "usage: run folder solve|backsolve|checkpointed lanes saves block use_shared shared_bytes [capacity segment_capacity]\n");
        return 2;
    }

    std::string folder = argv[1];
    int lanes = atoi(argv[3]), saves = atoi(argv[4]), block = atoi(argv[5]), use_shared = atoi(argv[6]);
    size_t shared_bytes = (size_t)atol(argv[7]);
    std::vector<ode_t> params = read_all<ode_t>(folder + "/params.bin");
    std::vector<double> save = read_all<double>(folder + "/save.bin"), options = read_all<double>(folder + "/options.bin");
    std::vector<long long> stats(3 * (size_t)lanes);
    std::vector<double> status(3 * (size_t)lanes);
    dim3 grid((lanes + block - 1) / block), threads(block);
    if (mode == "solve")
    {
        std::vector<ode_t> y0 = read_all<ode_t>(folder + "/y0.bin");
        std::vector<ode_t> states((size_t)saves * lanes * ODE_N);
        cuda_shim_launch(ode_solve, grid, threads, shared_bytes, (const ode_t*)params.data(), use_shared, (const ode_t*)y0.data(),
            (const double*)save.data(), saves, (const double*)options.data(), lanes, states.data(), stats.data(), status.data());
        write_all(folder + "/states.out", states);
    }
    else if (mode == "checkpointed")
    {
        int capacity = atoi(argv[8]), segment_capacity = atoi(argv[9]);
        std::vector<ode_t> y0 = read_all<ode_t>(folder + "/y0.bin"), loss = read_all<ode_t>(folder + "/loss.bin");
        std::vector<int> intervals = read_all<int>(folder + "/intervals.bin");
        std::vector<ode_t> checkpoint_states((size_t)capacity * 2 * ODE_N * lanes), segment_states((size_t)segment_capacity * ODE_N * lanes);
        std::vector<double> checkpoint_scalars((size_t)capacity * ODE_CHECKPOINT_SCALARS * lanes);
        std::vector<double> segment_scalars((size_t)segment_capacity * ODE_SEGMENT_SCALARS * lanes);
        std::vector<ode_t> initial((size_t)lanes * ODE_N);
        std::vector<double> lane_gradients((size_t)ODE_P * lanes), gradient(ODE_P);
        cuda_shim_launch(ode_checkpointed, grid, threads, shared_bytes, (const ode_t*)params.data(), use_shared, (const ode_t*)y0.data(),
            (const ode_t*)loss.data(), (const double*)save.data(), saves, (const double*)options.data(), lanes, (const int*)intervals.data(),
            capacity, segment_capacity, checkpoint_states.data(), checkpoint_scalars.data(), segment_states.data(), segment_scalars.data(),
            initial.data(), lane_gradients.data(), gradient.data(), stats.data(), status.data());
        write_all(folder + "/initial.out", initial);
        write_all(folder + "/gradient.out", gradient);
    }
    else
    {
        std::vector<ode_t> states = read_all<ode_t>(folder + "/states.bin"), loss = read_all<ode_t>(folder + "/loss.bin");
        std::vector<ode_t> initial((size_t)lanes * ODE_N);
        std::vector<double> lane_gradients((size_t)ODE_P * lanes), gradient(ODE_P);
        cuda_shim_launch(ode_backsolve, grid, threads, shared_bytes, (const ode_t*)params.data(), use_shared, (const ode_t*)states.data(),
            (const ode_t*)loss.data(), (const double*)save.data(), saves, (const double*)options.data(), lanes, initial.data(),
            lane_gradients.data(), gradient.data(), stats.data(), status.data());
        write_all(folder + "/initial.out", initial);
        write_all(folder + "/gradient.out", gradient);
    }

    write_all(folder + "/stats.out", stats);
    write_all(folder + "/status.out", status);
    return 0;
}

// Evaluates a probe network (Dense(1) with weight p[0], then one activation) through OdeNetwork::f and
// OdeNetwork::vjp, as a device thread would: reads <folder>/params.bin and <folder>/x.bin (ode_t), writes
// value.out (f at each x) and derivative.out (dy at each x for the cotangent 1). Usage: run <folder>
#include "kernel.cu"
#include "binary_io.h"
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

int main(int argc, char** argv)
{
    if (argc != 2) { fprintf(stderr, "usage: run folder\n"); return 2; }
    std::string folder = argv[1];
    std::vector<ode_t> params = read_all<ode_t>(folder + "/params.bin"), x = read_all<ode_t>(folder + "/x.bin");
    std::vector<ode_t> value(x.size()), derivative(x.size());
    for (size_t i = 0; i < x.size(); ++i)
    {
        ode_t y[1] = { x[i] }, f[1], a[1] = { (ode_t)1 }, dy[1] = { (ode_t)0 };
        OdeNetwork::f((ode_t)0, y, f, params.data());
        OdeNetwork::vjp((ode_t)0, y, a, dy, nullptr, 1, params.data());
        value[i] = f[0];
        derivative[i] = dy[0];
    }

    write_all(folder + "/value.out", value);
    write_all(folder + "/derivative.out", derivative);
    return 0;
}

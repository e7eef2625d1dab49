// Evaluates a probe network (Dense(1) with weight p[0], then one activation) through OdeNetwork::f and
// OdeNetwork::vjp, as a device thread would: reads <folder>/params.bin and <folder>/x.bin (ode_t), writes
// value.out (f at each x) and derivative.out (dy at each x for the cotangent 1). Usage: run <folder>
#include "kernel.cu"
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

template <class V> static std::vector<V> read_all(const std::string& path)
{
    std::vector<V> values;
    FILE* file = fopen(path.c_str(), "rb");
    if (!file) { fprintf(stderr, "cannot open %s\n", path.c_str()); exit(2); }
    fseek(file, 0, SEEK_END);
    long bytes = ftell(file);
    fseek(file, 0, SEEK_SET);
    values.resize(bytes / sizeof(V));
    if (bytes > 0 && fread(values.data(), 1, bytes, file) != (size_t)bytes) { fprintf(stderr, "short read %s\n", path.c_str()); exit(2); }
    fclose(file);
    return values;
}

template <class V> static void write_all(const std::string& path, const std::vector<V>& values)
{
    FILE* file = fopen(path.c_str(), "wb");
    if (!file) { fprintf(stderr, "cannot write %s\n", path.c_str()); exit(2); }
    fwrite(values.data(), sizeof(V), values.size(), file);
    fclose(file);
}

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

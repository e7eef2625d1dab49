// Whole-file binary reads and writes of the shim harnesses (inputs from and outputs to the test's folder); a failure
// ends the process with exit code 2 and a message naming the file.
#pragma once
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

/* A stand-in for libcuda.so.1 and libnvrtc.so, for bench/gpu/build.sh's smoke run on a machine without a GPU: it
 * lets the NativeAOT binary take the path a real driver opens (NativeLibrary.TryLoad, the DllImport resolver, every
 * [LibraryImport] binding up to the NVRTC compile, with their out-parameters, [Out] byte buffers and string arrays),
 * which no CPU-only run reaches. It reports one device, "OdeKernels stub GPU" of compute capability 9.0, driver and
 * NVRTC 13.0, and fails every NVRTC compile (NVRTC_ERROR_COMPILATION) with a log that repeats the options and the
 * source length it received, so the smoke run checks that they crossed the boundary intact. Nothing here runs a
 * kernel: any other driver entry point is missing and a call to it would fail as EntryPointNotFound. */
#include <stdio.h>
#include <string.h>

typedef int CUresult;
typedef int nvrtcResult;

CUresult cuInit(unsigned flags) { (void)flags; return 0; }
CUresult cuDriverGetVersion(int *version) { *version = 13000; return 0; }
CUresult cuDeviceGetCount(int *count) { *count = 1; return 0; }
CUresult cuDeviceGet(int *device, int ordinal) { *device = ordinal; return ordinal == 0 ? 0 : 101; }
CUresult cuDeviceGetAttribute(int *value, int attribute, int device) {
    (void)device;
    *value = attribute == 75 ? 9 : attribute == 76 ? 0 : -1; /* compute capability major, minor */
    return *value < 0 ? 1 : 0;
}
CUresult cuDeviceGetName(char *name, int length, int device) { (void)device; snprintf(name, (size_t)length, "OdeKernels stub GPU"); return 0; }
static int context_token, stream_token;
CUresult cuDevicePrimaryCtxRetain(void **context, int device) { (void)device; *context = &context_token; return 0; }
CUresult cuCtxSetCurrent(void *context) { return context == &context_token ? 0 : 201; }
CUresult cuStreamCreate(void **stream, unsigned flags) { (void)flags; *stream = &stream_token; return 0; }
CUresult cuGetErrorName(CUresult error, const char **name) {
    *name = error == 100 ? "CUDA_ERROR_NO_DEVICE" : "CUDA_ERROR_STUB";
    return 0;
}

static char program_log[512];
nvrtcResult nvrtcVersion(int *major, int *minor) { *major = 13; *minor = 0; return 0; }
nvrtcResult nvrtcCreateProgram(void **program, const char *source, const char *name, int headers, const char *const *sources, const char *const *names) {
    (void)headers; (void)sources; (void)names;
    snprintf(program_log, sizeof program_log, "stub NVRTC compiled nothing: program %s, %zu bytes of source;", name, strlen(source));
    *program = program_log;
    return 0;
}
nvrtcResult nvrtcCompileProgram(void *program, int count, const char *const *options) {
    (void)program;
    for (int i = 0; i < count; i++) {
        strncat(program_log, " ", sizeof program_log - strlen(program_log) - 1);
        strncat(program_log, options[i], sizeof program_log - strlen(program_log) - 1);
    }
    return 6; /* NVRTC_ERROR_COMPILATION */
}
nvrtcResult nvrtcGetProgramLogSize(void *program, size_t *size) { (void)program; *size = strlen(program_log) + 1; return 0; }
nvrtcResult nvrtcGetProgramLog(void *program, char *log) { (void)program; strcpy(log, program_log); return 0; }
nvrtcResult nvrtcDestroyProgram(void **program) { *program = NULL; return 0; }
const char *nvrtcGetErrorString(nvrtcResult result) { return result == 6 ? "NVRTC_ERROR_COMPILATION" : "NVRTC_ERROR_STUB"; }

#!/usr/bin/env bash
# Builds the GPU verification kit's binary HERE (the device machine has CUDA but no .NET): publishes
# OdeKernels.GpuCheck with NativeAOT for linux-x64 (net9.0: the .NET 10 AOT pack is not installed on this machine)
# into bench/gpu/out/bin (ignored by git, carried to the device with run(carry=["bench/gpu/out"])), checks that the
# publish gave no trimming or AOT warning and that the binary is under 60 MiB (a device call carries 64 MiB in all),
# and runs it here, without a GPU, three ways:
#   --cpu-only                 every CPU row ok, every CUDA row skipped;
#   no flag                    the automatic fallback (no libcuda.so.1 here): the same, the device row saying why;
#   with the stub driver       bench/gpu/stub/cuda_stub.c as libcuda.so.1 and libnvrtc.so: the binary opens the
#                              "device" through the runtime's loader and [LibraryImport] bindings and reaches NVRTC,
#                              which the stub fails on purpose; the compile rows must show the options that crossed.
#   bench/gpu/build.sh             publish, check, smoke runs
#   bench/gpu/build.sh --no-run    publish and check only
#   bench/gpu/build.sh --run-only  the smoke runs on the binary already published
set -euo pipefail
cd "$(dirname "$0")/../.."
out=bench/gpu/out
bin="$out/bin/OdeKernels.GpuCheck"
limit_mib=60
mode="${1:-}"
fail() { echo "build.sh: $*" >&2; exit 1; }

mkdir -p "$out"
if [[ "$mode" != "--run-only" ]]; then
    log="$out/publish.log"
    echo "publishing OdeKernels.GpuCheck (NativeAOT, net9.0, linux-x64) into $out/bin; log: $log"
    rm -rf "$out/bin"
    if ! dotnet publish bench/gpu/OdeKernels.GpuCheck -c Release -f net9.0 -r linux-x64 -p:PublishAot=true \
            -o "$out/bin" >"$log" 2>&1; then
        grep -E "error" "$log" | sort -u | head -20 || true
        fail "dotnet publish failed (see $log)"
    fi
    # Trimming (IL2xxx) and AOT (IL3xxx) analysis warnings: the binary would behave differently from the JIT build.
    if grep -E "warning IL[23][0-9]{3}" "$log" | sort -u | grep .; then
        fail "the publish gave trimming or AOT warnings (above); fix them, do not suppress them"
    fi
    rm -f "$out"/bin/*.dbg "$out"/bin/*.pdb "$out"/bin/*.xml
fi
[[ -x "$bin" ]] || fail "$bin is missing: run bench/gpu/build.sh without --run-only first"
bytes=$(stat -c %s "$bin")
echo "binary: $bin, $((bytes / 1024 / 1024)) MiB ($bytes bytes); $out/bin: $(du -sh "$out/bin" | cut -f1)"
(( bytes <= limit_mib * 1024 * 1024 )) || fail "$bin is over $limit_mib MiB; the device call carries at most 64 MiB in all"
[[ "$mode" == "--no-run" ]] && exit 0

tiny=(--check-lanes 16 --lanes 8,64 --steps 5 --repeats 3 --budget 0.05)
smoke() {  # $1: name, then the binary's flags; prints the exit code
    local name="$1"; shift
    set +e
    "$bin" "$@" --out "$out/smoke/$name" "${tiny[@]}" >"$out/smoke/$name.log" 2>&1
    local rc=$?
    set -e
    echo "$rc"
}
rm -rf "$out/smoke"; mkdir -p "$out/smoke"

for name in cpu-only fallback; do
    flags=(); [[ "$name" == cpu-only ]] && flags=(--cpu-only)
    rc=$(smoke "$name" "${flags[@]}")
    table="$out/smoke/$name/odekernels.md"
    [[ "$rc" == 0 ]] || fail "smoke run '$name' exited with $rc (see $out/smoke/$name.log)"
    ! grep -q '| FAIL ' "$table" || fail "smoke run '$name' has FAIL rows ($table)"
    [[ $(grep -c '| CPU .* | ok ' "$table") == 18 ]] || fail "smoke run '$name': expected 18 CPU rows with status ok ($table)"
    echo "smoke run '$name': exit 0, 18 CPU rows ok, every CUDA row skipped"
done
grep -q 'libcuda.so.1 was not found' "$out/smoke/fallback/odekernels.md" || fail "the fallback's device row does not name libcuda.so.1"

# The stub driver: the device row must describe the stub's device, each compile row must fail with the stub's log,
# which repeats the NVRTC options the binary passed (so strings and string arrays crossed the P/Invoke boundary).
if command -v gcc >/dev/null; then
    mkdir -p "$out/stub"
    gcc -shared -fPIC -O1 -o "$out/stub/libcuda.so.1" bench/gpu/stub/cuda_stub.c
    cp "$out/stub/libcuda.so.1" "$out/stub/libnvrtc.so"
    rc=$(LD_LIBRARY_PATH="$out/stub" smoke stub --require-cuda)
    table="$out/smoke/stub/odekernels.md"
    [[ "$rc" == 1 ]] || fail "smoke run 'stub' exited with $rc, expected 1 (its NVRTC fails every compile; see $out/smoke/stub.log)"
    grep -q '| device .*OdeKernels stub GPU.* | ok .*compute capability 9.0 (NVRTC target compute_90), driver for CUDA 13.0, NVRTC 13.0' "$table" \
        || fail "smoke run 'stub': the device row does not describe the stub device ($table)"
    [[ $(grep -c '| compile .* | FAIL .*NVRTC_ERROR_COMPILATION.*program odekernels.cu.*--gpu-architecture=compute_90 --fmad=false --std=c++17' "$table") == 5 ]] \
        || fail "smoke run 'stub': expected 5 compile rows failing with the stub's log of the options ($table)"
    [[ $(grep -c '| CPU .* | ok ' "$table") == 18 ]] || fail "smoke run 'stub': expected 18 CPU rows with status ok ($table)"
    echo "smoke run 'stub': the NativeAOT binary opened the stub driver and reached NVRTC with its options intact"
else
    echo "smoke run 'stub' left out: no gcc to build bench/gpu/stub/cuda_stub.c"
fi
echo "build.sh: ready; carry $out to the device (bench/gpu/README.md)"

#!/usr/bin/env bash
# Builds the GPU verification kit's binary HERE (the device machine has CUDA but no .NET): publishes
# OdeKernels.GpuCheck with NativeAOT for linux-x64 (net9.0: the .NET 10 AOT pack is not installed on this machine)
# into bench/gpu/out/bin (ignored by git, carried to the device with run(carry=["bench/gpu/out"])), checks that the
# publish gave no trimming or AOT warning, that the binary is under the carry limit's share (60 MiB), and that it runs
# here, on a machine without a GPU, taking the CPU path cleanly.
#   bench/gpu/build.sh            publish, check, smoke-run (--cpu-only and the automatic fallback)
#   bench/gpu/build.sh --no-run   publish and check only
set -euo pipefail
cd "$(dirname "$0")/../.."
out=bench/gpu/out
bin="$out/bin/OdeKernels.GpuCheck"
limit_mib=60

mkdir -p "$out"
log="$out/publish.log"
echo "publishing OdeKernels.GpuCheck (NativeAOT, net9.0, linux-x64) into $out/bin; log: $log"
if ! dotnet publish bench/gpu/OdeKernels.GpuCheck -c Release -f net9.0 -r linux-x64 -p:PublishAot=true \
        -o "$out/bin" >"$log" 2>&1; then
    grep -E "error" "$log" | sort -u | head -20 || true
    echo "build.sh: dotnet publish failed (see $log)" >&2
    exit 1
fi
# Trimming (IL2xxx) and AOT (IL3xxx) analysis warnings: the binary would behave differently from the JIT build.
if grep -E "warning IL[23][0-9]{3}" "$log" | sort -u | grep .; then
    echo "build.sh: the publish gave trimming or AOT warnings (above); fix them, do not suppress them" >&2
    exit 1
fi
rm -f "$out"/bin/*.dbg "$out"/bin/*.pdb
bytes=$(stat -c %s "$bin")
echo "binary: $bin, $((bytes / 1024 / 1024)) MiB ($bytes bytes); folder: $(du -sh "$out/bin" | cut -f1)"
if (( bytes > limit_mib * 1024 * 1024 )); then
    echo "build.sh: $bin is over $limit_mib MiB; the device call carries at most 64 MiB in all" >&2
    exit 1
fi

if [[ "${1:-}" != "--no-run" ]]; then
    # The published binary on this CPU-only machine: --cpu-only, then the automatic fallback (no libcuda.so.1 here).
    for mode in --cpu-only ""; do
        echo "smoke run: $bin $mode (tiny sizes)"
        "$bin" $mode --out "$out/smoke${mode:+-cpu-only}" --check-lanes 16 --lanes 8,64 --steps 5 --repeats 3 --budget 0.05 >"$out/smoke${mode:+-cpu-only}.log"
        grep -c "| ok " "$out/smoke${mode:+-cpu-only}/odekernels.md" >/dev/null
    done
    echo "smoke runs passed: $out/smoke/odekernels.md"
fi

#!/usr/bin/env bash
# The GPU verification kit's run ON THE DEVICE MACHINE (CUDA, no .NET), over a copy of the repository that carries the
# binary bench/gpu/build.sh published here:
#     run(command="bash bench/gpu/run.sh", carry=["bench/gpu/out"], timeout_s=540)
# It finds the driver and NVRTC, runs OdeKernels.GpuCheck (device, NVRTC compiles, CUDA against the CPU, throughput),
# then bench/gpu/peers.py with PyTorch + torchdiffeq and with JAX + diffrax, and merges the three tables into
# $OUT/gpu-report.md (and .csv). Each step has its own time limit, so the whole run ends within 8 minutes; a step that
# fails or runs out of time leaves its reason in run.log and the report, and the next step still runs.
# Files in $OUT (at most 8 come back): gpu-report.md, gpu-report.csv, odekernels.md, run.log.
# Without $OUT (a run by hand) it writes into bench/gpu/out/results. GPUCHECK_ARGS and PEERS_ARGS add options to the
# binary and to peers.py (a dry run on a machine without a GPU: GPUCHECK_ARGS="--lanes 8,64 --steps 5"
# PEERS_ARGS="--lanes 8,64 --steps 5 --device cpu").
set -uo pipefail
cd "$(dirname "$0")/../.."
out="${OUT:-bench/gpu/out/results}"
work="$(mktemp -d /tmp/odekernels-gpu.XXXXXX)"
mkdir -p "$out"
export PYTHONUNBUFFERED=1
exec > >(tee -a "$out/run.log") 2>&1
started=$SECONDS
say() { echo "[run.sh $(( SECONDS - started ))s] $*"; }

bin=bench/gpu/out/bin/OdeKernels.GpuCheck
if [[ ! -x "$bin" ]]; then
    say "$bin is missing: run bench/gpu/build.sh on the build machine and carry bench/gpu/out"
fi

say "machine: $(uname -srm); $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
nvidia-smi --query-gpu=name,driver_version,memory.total,memory.used,clocks.sm,clocks.max.sm,temperature.gpu --format=csv 2>&1 \
    || say "nvidia-smi failed (no driver?)"
command -v nvcc >/dev/null && nvcc --version | tail -2

# The runtime dlopens libcuda.so.1 and libnvrtc.so (or .so.13/.12/.11.2) by name. Where the loader does not find them,
# put their folder on LD_LIBRARY_PATH: NVRTC of the CUDA toolkit first (it matches nvcc, which matches the driver
# here; a newer NVRTC from a Python wheel can emit PTX the driver refuses), then any other.
find_library() {  # $1: file name pattern; prints the folder of the first match
    local pattern="$1" found
    for dir in /usr/local/cuda/lib64 /usr/local/cuda/targets/x86_64-linux/lib /usr/local/nvidia/lib64 /usr/lib/x86_64-linux-gnu; do
        found=$(ls "$dir"/$pattern 2>/dev/null | head -1) && [[ -n "$found" ]] && { dirname "$found"; return 0; }
    done
    found=$(find /usr /opt -name "$pattern" 2>/dev/null | head -1)
    [[ -n "$found" ]] && dirname "$found"
}
for pattern in 'libcuda.so.1' 'libnvrtc.so*'; do
    if ! ldconfig -p | grep -q "${pattern%\*}"; then
        dir=$(find_library "$pattern") && export LD_LIBRARY_PATH="$dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
            && say "$pattern: not in the loader cache; using $dir" || say "$pattern: not found anywhere"
    else
        say "$pattern: $(ldconfig -p | grep -m1 "${pattern%\*}" | awk '{print $NF}')"
    fi
done

say "OdeKernels.GpuCheck (limit 210 s)"
timeout -k 10 210 "$bin" --require-cuda --out "$work" ${GPUCHECK_ARGS:-}; rc_check=$?
say "OdeKernels.GpuCheck exit code $rc_check (0: every row ok or skipped; 1: a FAIL row; 124: out of time)"

say "peers.py torch (limit 90 s)"
timeout -k 10 90 python3 bench/gpu/peers.py torch --out "$work" ${PEERS_ARGS:-}; say "peers.py torch exit code $?"

say "peers.py diffrax (limit 150 s)"
XLA_PYTHON_CLIENT_PREALLOCATE=false timeout -k 10 150 python3 bench/gpu/peers.py diffrax --out "$work" ${PEERS_ARGS:-}; say "peers.py diffrax exit code $?"

python3 bench/gpu/peers.py merge --out "$out" "$work/odekernels.csv" "$work/peers-torch.csv" "$work/peers-diffrax.csv"
rc_merge=$?
cp "$work/odekernels.md" "$out/" 2>/dev/null
say "done in $(( SECONDS - started )) s: $out/gpu-report.md (merge exit code $rc_merge: 1 means a FAIL row)"
# The reply carries the end of the output: the summary and every row that did not pass, last.
sed -n '/^## Throughput/,/^## Every row/p' "$out/gpu-report.md" 2>/dev/null | head -40
grep -E '\| (FAIL|skipped) ' "$out/gpu-report.md" 2>/dev/null | cut -c1-400 | head -30
exit $(( rc_check != 0 || rc_merge != 0 ))

using System;
using System.Numerics;

namespace OdeKernels.Cuda;

/// <summary>What a <see cref="CudaJob{T}"/> launches.</summary>
internal enum CudaKernelKind
{
    /// <summary><c>ode_solve</c>: the forward solve.</summary>
    Solve,

    /// <summary><c>ode_backsolve</c>: the continuous adjoint.</summary>
    Backsolve,

    /// <summary><c>ode_checkpointed</c>: the discrete adjoint with checkpoints in device memory.</summary>
    Checkpointed,
}

/// <summary>
/// The host side of one kernel launch: the composed source, the launch shape and every buffer, laid out as the
/// kernels read and write them. An <see cref="ICudaRunner"/> copies the inputs to a device, launches and fills the
/// outputs; <see cref="CudaBackend"/> builds jobs and turns their outputs into results or exceptions, so that logic
/// is the same whether a GPU or the tests' CPU shim ran the kernel.
/// </summary>
internal sealed class CudaJob<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Threads per block: a power of two (the backward kernel's reduction halves it).</summary>
    public const int DefaultBlockSize = 128;

    /// <summary>Doubles per checkpoint beside its state and first stage (<c>ODE_CHECKPOINT_SCALARS</c>).</summary>
    public const int CheckpointScalars = 7;

    /// <summary>Doubles per replayed step beside its start state (<c>ODE_SEGMENT_SCALARS</c>).</summary>
    public const int SegmentScalars = 3;

    /// <summary>Shared memory a block may use without opting in to more (every CUDA device has at least this).</summary>
    public const int SharedMemoryLimit = 48 * 1024;

    public CudaJob(CudaKernelKind kind, string source, int lanes, int stateSize, T[] parameters, double[] save, double[] options, int blockSize)
    {
        if (blockSize <= 0 || (blockSize & (blockSize - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(blockSize), blockSize, "The block size must be a positive power of two.");
        }

        Kind = kind;
        Source = source;
        Lanes = lanes;
        StateSize = stateSize;
        Parameters = parameters;
        Save = save;
        Options = options;
        BlockSize = blockSize;
        int elementSize = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        int reduction = kind == CudaKernelKind.Solve ? 0 : blockSize * sizeof(double);
        int staged = ((parameters.Length * elementSize) + 7) / 8 * 8;
        UseSharedParameters = staged + reduction <= SharedMemoryLimit;
        SharedBytes = (UseSharedParameters ? staged : 0) + reduction;
        Stats = new long[3 * lanes];
        Status = new double[3 * lanes];
    }

    public CudaKernelKind Kind { get; }

    public string Source { get; }

    public string KernelName => Kind switch
    {
        CudaKernelKind.Solve => CudaKernelSource.SolveKernel,
        CudaKernelKind.Backsolve => CudaKernelSource.BacksolveKernel,
        _ => CudaKernelSource.CheckpointedKernel,
    };

    /// <summary>What the job computes, for messages.</summary>
    public string Description => Kind switch
    {
        CudaKernelKind.Solve => "solve",
        CudaKernelKind.Backsolve => "Backsolve gradient",
        _ => "Checkpointed gradient",
    };

    public int Lanes { get; }

    public int StateSize { get; }

    public int Saves => Save.Length;

    public int BlockSize { get; }

    public int Blocks => (Lanes + BlockSize - 1) / BlockSize;

    /// <summary>Whether the block stages the parameters in shared memory (they fit beside the reduction buffer).</summary>
    public bool UseSharedParameters { get; }

    /// <summary>Dynamic shared memory per block: the staged parameters, then (backward) one double per thread.</summary>
    public int SharedBytes { get; }

    public T[] Parameters { get; }

    /// <summary>The save times in double (as <c>BatchIntegrator</c> converts them).</summary>
    public double[] Save { get; }

    /// <summary>The options packed for <c>ode_options</c> (see <see cref="CudaBackend.PackOptions"/>).</summary>
    public double[] Options { get; }

    /// <summary>Solve and Checkpointed: the initial states, lane after lane.</summary>
    public T[] Y0 { get; init; } = Array.Empty<T>();

    /// <summary>Solve: receives every saved state (save-major); Backsolve: the forward solution it reads.</summary>
    public T[] States { get; init; } = Array.Empty<T>();

    /// <summary>Backsolve and Checkpointed: dL/dy at every saved state, laid out like <see cref="States"/>.</summary>
    public T[] LossGradient { get; init; } = Array.Empty<T>();

    /// <summary>Backsolve and Checkpointed: receives dL/dy₀, lane after lane.</summary>
    public T[] InitialStateGradient { get; init; } = Array.Empty<T>();

    /// <summary>Backsolve and Checkpointed: receives dL/dθ summed over lanes, in double.</summary>
    public double[] ParameterGradient { get; init; } = Array.Empty<double>();

    /// <summary>Checkpointed: where each lane keeps its checkpoints (<see cref="CudaCheckpointPlan"/>).</summary>
    public CudaCheckpointPlan? Checkpoints { get; init; }

    /// <summary>Receives per lane: evaluations, accepted steps, rejected steps.</summary>
    public long[] Stats { get; }

    /// <summary>Receives per lane: status code, time reached, a value for the message (see <see cref="CudaStatus"/>).</summary>
    public double[] Status { get; }

    /// <summary>The device memory the job's buffers take, in bytes.</summary>
    public long DeviceBytes
    {
        get
        {
            long element = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
            long bytes = (element * (Parameters.Length + Y0.Length + States.Length + LossGradient.Length + InitialStateGradient.Length))
                + (sizeof(double) * ((long)Save.Length + Options.Length + ParameterGradient.Length + Status.Length))
                + (sizeof(long) * (long)Stats.Length);
            if (Kind != CudaKernelKind.Solve)
            {
                bytes += sizeof(double) * (long)Parameters.Length * Lanes; // per-lane gradient columns
            }

            if (Checkpoints is { } plan)
            {
                long lanes = Lanes;
                bytes += sizeof(int) * lanes;
                bytes += lanes * plan.Capacity * ((element * 2 * StateSize) + (sizeof(double) * CheckpointScalars));
                bytes += lanes * plan.SegmentCapacity * ((element * StateSize) + (sizeof(double) * SegmentScalars));
            }

            return bytes;
        }
    }
}

/// <summary>Runs <see cref="CudaJob{T}"/>s: a CUDA device (<see cref="CudaContext"/>) or, in tests, a CPU emulation.</summary>
internal interface ICudaRunner
{
    /// <summary>Copies the job's inputs to the device, launches its kernel, waits and fills its outputs.</summary>
    void Run<T>(CudaJob<T> job) where T : unmanaged, IFloatingPointIeee754<T>;
}

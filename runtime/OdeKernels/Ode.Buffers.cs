using OdeKernels.Adjoints;
using OdeKernels.Solving;

namespace OdeKernels;

public static partial class Ode
{
    /// <summary>
    /// Drops the buffers the calling thread keeps between calls: the solver's workspaces and the Direct and
    /// Checkpointed adjoints' tapes and checkpoints, float and double. Each thread that solves keeps them so that a
    /// training loop's repeated solves and gradients allocate nothing after the first; they are freed with the
    /// thread, and trimmed on reuse (a call keeps the tapes of the lanes it uses, and a lane's tape grown by a much
    /// longer earlier call is given back), so this is for a long-lived thread that is done with a large batch and
    /// wants its memory back at once. The next call on the thread allocates its buffers again.
    /// </summary>
    /// <remarks>Only the calling thread's buffers: worker threads of a call with
    /// <see cref="SolverOptions.MaxDegreeOfParallelism"/> ≠ 1 keep their block-sized workspaces (and drop them with
    /// the thread pool's threads). Buffers out on loan to a call running on this thread (this called from inside a
    /// right-hand side) stay with that call and are kept when it ends.</remarks>
    public static void ReleaseThreadBuffers()
    {
        SolveWorkspace<float>.Release();
        SolveWorkspace<double>.Release();
        AdjointTapes<float>.Release();
        AdjointTapes<double>.Release();
    }
}

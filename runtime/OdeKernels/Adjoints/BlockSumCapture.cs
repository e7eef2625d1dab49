using System;
using System.Numerics;

namespace OdeKernels.Adjoints;

/// <summary>
/// Keeps the per-block parameter sums of the gradients computed on this thread while it is open, for the MPI package
/// (OdeKernels.Distributed): a rank sends its blocks' sums, not their total, so that the sums of all ranks are added
/// in block order by <see cref="BlockSums{TSum}.Total"/>, exactly as one process adds them. The last gradient on the
/// thread wins: a gradient nested inside another (a right-hand side that differentiates) finishes first.
/// </summary>
internal sealed class BlockSumCapture : IDisposable
{
    [ThreadStatic]
    private static BlockSumCapture? t_open;

    private BlockSumCapture()
    {
    }

    /// <summary>Each block's sums of the last gradient, converted exactly to double, or null when none was recorded.</summary>
    public double[][]? Blocks { get; private set; }

    /// <summary>Whether the adjoint summed in double (the batched adjoints) rather than in the solve's type.</summary>
    public bool SummedInDouble { get; private set; }

    /// <summary>Starts keeping the sums of gradients on this thread until disposed.</summary>
    public static BlockSumCapture Open() => t_open = new BlockSumCapture();

    /// <summary>Called by <see cref="BlockSums{TSum}.Parameters"/>: keeps a copy when a capture is open on this thread.</summary>
    public static void Record<TSum>(TSum[]?[] blocks)
        where TSum : unmanaged, INumberBase<TSum>
    {
        if (t_open is not { } capture)
        {
            return;
        }

        // float and double widen to double exactly; the reducer narrows back to TSum before adding.
        capture.Blocks = Array.ConvertAll(blocks, b => Array.ConvertAll(b!, double.CreateTruncating));
        capture.SummedInDouble = typeof(TSum) == typeof(double);
    }

    public void Dispose()
    {
        if (t_open == this)
        {
            t_open = null;
        }
    }
}

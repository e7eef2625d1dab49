using System;
using System.Buffers;
using System.Numerics;
using OdeKernels.Solving;

namespace OdeKernels.Networks;

/// <summary>
/// A network's <see cref="INetwork{T}.Forward"/> and <see cref="INetwork{T}.Vjp"/> over a batch, cut into the blocks
/// of the network's <see cref="ILaneBlockSize"/> and run on several threads, as the solver runs a system's lanes
/// (<see cref="LaneBlocks"/>). Samples are independent in both calls; the one sum across samples, dθ, is taken per
/// block and the blocks' sums added in block order, so the result is the same bits for every thread count. A network
/// that states no block size is called once, on this thread, exactly as before.
/// </summary>
internal static class NetworkBlocks
{
    /// <summary>The forward pass of <paramref name="count"/> samples, block by block on up to <paramref name="degree"/> threads (0: every core).</summary>
    public static unsafe void Forward<TNetwork, T>(TNetwork network, ReadOnlySpan<T> x, Span<T> y, int count, int degree)
        where TNetwork : INetwork<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int size = LaneBlocks.Size(network);
        if (network is not ILaneBlockSize || LaneBlocks.Count(count, size) <= 1)
        {
            network.Forward(x, y, count);
            return;
        }

        int n = network.Inputs, m = network.Outputs;
        if (x.Length < (long)count * n || y.Length < (long)count * m)
        {
            network.Forward(x, y, count); // let the network name the short span
            return;
        }

        fixed (T* px = x, py = y)
        {
            var work = new ForwardBlock<TNetwork, T>(network, px, py, n, m);
            LaneBlocks.Run(count, size, Threads(degree), work);
        }
    }

    /// <summary>The threads for <see cref="SolverOptions.MaxDegreeOfParallelism"/> = <paramref name="degree"/>: every core for 0.</summary>
    public static int Threads(int degree) => degree == 0 ? Environment.ProcessorCount : degree;

    /// <summary>
    /// The VJP of <paramref name="count"/> samples, block by block on up to <paramref name="degree"/> threads: dx per
    /// sample, and dθ += the blocks' sums added in block order.
    /// </summary>
    public static unsafe void Vjp<TNetwork, T>(TNetwork network, ReadOnlySpan<T> x, ReadOnlySpan<T> a, Span<T> dx, Span<T> dtheta, int count, int degree)
        where TNetwork : INetwork<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int size = LaneBlocks.Size(network);
        int blocks = LaneBlocks.Count(count, size);
        int n = network.Inputs, m = network.Outputs, p = network.ParameterCount;
        if (network is not ILaneBlockSize || blocks <= 1
            || x.Length < (long)count * n || a.Length < (long)count * m
            || (!dx.IsEmpty && dx.Length < (long)count * n) || (!dtheta.IsEmpty && dtheta.Length != p))
        {
            // One block (or malformed spans, which the network itself reports): the plain call.
            network.Vjp(x, a, dx, dtheta, count);
            return;
        }

        T[]? sums = dtheta.IsEmpty ? null : ArrayPool<T>.Shared.Rent(blocks * p);
        try
        {
            sums?.AsSpan(0, blocks * p).Clear();
            fixed (T* px = x, pa = a, pdx = dx, ps = sums)
            {
                var work = new VjpBlock<TNetwork, T>(network, px, pa, dx.IsEmpty ? null : pdx, ps, n, m, p);
                LaneBlocks.Run(count, size, Threads(degree), work);
            }

            if (sums is not null)
            {
                for (int b = 0; b < blocks; b++)
                {
                    ReadOnlySpan<T> block = sums.AsSpan(b * p, p);
                    for (int q = 0; q < p; q++)
                    {
                        dtheta[q] += block[q];
                    }
                }
            }
        }
        finally
        {
            if (sums is not null)
            {
                ArrayPool<T>.Shared.Return(sums);
            }
        }
    }

    private readonly unsafe struct ForwardBlock<TNetwork, T>(TNetwork network, T* x, T* y, int n, int m) : IBlockWork
        where TNetwork : INetwork<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int block, int first, int count) =>
            network.Forward(new ReadOnlySpan<T>(x + ((long)first * n), count * n), new Span<T>(y + ((long)first * m), count * m), count);
    }

    private readonly unsafe struct VjpBlock<TNetwork, T>(TNetwork network, T* x, T* a, T* dx, T* sums, int n, int m, int p) : IBlockWork
        where TNetwork : INetwork<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int block, int first, int count)
        {
            Span<T> blockDx = dx is null ? default : new Span<T>(dx + ((long)first * n), count * n);
            Span<T> blockTheta = sums is null ? default : new Span<T>(sums + ((long)block * p), p);
            network.Vjp(new ReadOnlySpan<T>(x + ((long)first * n), count * n), new ReadOnlySpan<T>(a + ((long)first * m), count * m), blockDx, blockTheta, count);
        }
    }
}

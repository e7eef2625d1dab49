using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Threading.Tasks;

namespace OdeKernels.Benchmarks.Report;

/// <summary>
/// This machine's measured float32 fused multiply-add peak, the ceiling any convolution reaches here: a loop of
/// <see cref="Accumulators"/> independent FMAs on the widest accelerated vector (Vector512 where the runtime
/// accelerates it, else Vector256). Independent accumulators, because one chain of FMAs runs at the instruction's
/// latency (4 cycles on Zen 3/4 and Skylake-X), not its throughput (2 per cycle): at least latency × throughput = 8
/// chains keep both FMA pipes busy; 12 leave a margin and still fit the 16 vector registers of AVX2 with the two
/// operands.
/// </summary>
internal static class FmaPeak
{
    /// <summary>Independent accumulator chains (see the class comment).</summary>
    public const int Accumulators = 12;

    /// <summary>Loop trips per timed call: 12 · 4·10⁶ FMAs, tens of milliseconds at the peaks of current cores.</summary>
    private const int Trips = 4_000_000;

    /// <summary>Timed calls per thread; the fastest counts (the peak is what the core can do, not what load leaves it).</summary>
    private const int Samples = 5;

    /// <summary>The vector the loop uses: "Vector512" or "Vector256" (float32 lanes: 16 or 8).</summary>
    public static string VectorName => Vector512.IsHardwareAccelerated ? "Vector512" : "Vector256";

    /// <summary>Float32 lanes of <see cref="VectorName"/>.</summary>
    public static int Lanes => Vector512.IsHardwareAccelerated ? Vector512<float>.Count : Vector256<float>.Count;

    /// <summary>Whether the FMA is a hardware instruction here (otherwise the figure is meaningless and the section says so).</summary>
    public static bool Hardware => Vector256.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Fma.IsSupported;

    /// <summary>
    /// The peak in GFLOP/s (an FMA counts 2 flops) on one thread and, summed, on <paramref name="threads"/> threads
    /// running the loop at once.
    /// </summary>
    public static (double OneThread, double AllThreads) Measure(int threads)
    {
        _ = Loop(1000); // compile the loop at full optimisation before timing it
        double one = Best();
        var each = new double[threads];
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, k => each[k] = Best());
        double all = 0;
        foreach (double g in each)
        {
            all += g;
        }

        return (one, all);
    }

    private static double Best()
    {
        double best = 0;
        for (int s = 0; s < Samples; s++)
        {
            long start = Stopwatch.GetTimestamp();
            float sink = Loop(Trips);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            GC.KeepAlive(sink);
            best = Math.Max(best, 2.0 * Lanes * Accumulators * Trips / seconds / 1e9);
        }

        return best;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Loop(int trips) => Vector512.IsHardwareAccelerated ? Loop512(trips) : Loop256(trips);

    // a·x + b with a slightly below 1 converges to b / (1 − a) = 1: no overflow, no denormals, however long it runs.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Loop256(int trips)
    {
        Vector256<float> a = Vector256.Create(0.999999f), b = Vector256.Create(1e-6f);
        Vector256<float> x0 = Vector256.Create(0.1f), x1 = Vector256.Create(0.2f), x2 = Vector256.Create(0.3f), x3 = Vector256.Create(0.4f);
        Vector256<float> x4 = Vector256.Create(0.5f), x5 = Vector256.Create(0.6f), x6 = Vector256.Create(0.7f), x7 = Vector256.Create(0.8f);
        Vector256<float> x8 = Vector256.Create(0.9f), x9 = Vector256.Create(1.1f), x10 = Vector256.Create(1.2f), x11 = Vector256.Create(1.3f);
        for (int i = 0; i < trips; i++)
        {
            x0 = Vector256.FusedMultiplyAdd(x0, a, b);
            x1 = Vector256.FusedMultiplyAdd(x1, a, b);
            x2 = Vector256.FusedMultiplyAdd(x2, a, b);
            x3 = Vector256.FusedMultiplyAdd(x3, a, b);
            x4 = Vector256.FusedMultiplyAdd(x4, a, b);
            x5 = Vector256.FusedMultiplyAdd(x5, a, b);
            x6 = Vector256.FusedMultiplyAdd(x6, a, b);
            x7 = Vector256.FusedMultiplyAdd(x7, a, b);
            x8 = Vector256.FusedMultiplyAdd(x8, a, b);
            x9 = Vector256.FusedMultiplyAdd(x9, a, b);
            x10 = Vector256.FusedMultiplyAdd(x10, a, b);
            x11 = Vector256.FusedMultiplyAdd(x11, a, b);
        }

        return Vector256.Sum(x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10 + x11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Loop512(int trips)
    {
        Vector512<float> a = Vector512.Create(0.999999f), b = Vector512.Create(1e-6f);
        Vector512<float> x0 = Vector512.Create(0.1f), x1 = Vector512.Create(0.2f), x2 = Vector512.Create(0.3f), x3 = Vector512.Create(0.4f);
        Vector512<float> x4 = Vector512.Create(0.5f), x5 = Vector512.Create(0.6f), x6 = Vector512.Create(0.7f), x7 = Vector512.Create(0.8f);
        Vector512<float> x8 = Vector512.Create(0.9f), x9 = Vector512.Create(1.1f), x10 = Vector512.Create(1.2f), x11 = Vector512.Create(1.3f);
        for (int i = 0; i < trips; i++)
        {
            x0 = Vector512.FusedMultiplyAdd(x0, a, b);
            x1 = Vector512.FusedMultiplyAdd(x1, a, b);
            x2 = Vector512.FusedMultiplyAdd(x2, a, b);
            x3 = Vector512.FusedMultiplyAdd(x3, a, b);
            x4 = Vector512.FusedMultiplyAdd(x4, a, b);
            x5 = Vector512.FusedMultiplyAdd(x5, a, b);
            x6 = Vector512.FusedMultiplyAdd(x6, a, b);
            x7 = Vector512.FusedMultiplyAdd(x7, a, b);
            x8 = Vector512.FusedMultiplyAdd(x8, a, b);
            x9 = Vector512.FusedMultiplyAdd(x9, a, b);
            x10 = Vector512.FusedMultiplyAdd(x10, a, b);
            x11 = Vector512.FusedMultiplyAdd(x11, a, b);
        }

        return Vector512.Sum(x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10 + x11);
    }
}

using System;
using System.Numerics;
using OdeKernels.Benchmarks.Networks;
using OdeKernels.Examples.Networks;

namespace OdeKernels.Benchmarks.Workloads;

/// <summary>
/// The inputs every spiral benchmark shares, chosen to do the same work as the C++ reference loop
/// (<c>bench/cpp/spiral_reference.cpp</c>): the same initial states, fixed steps of 0.01 from t = 0, and networks with
/// the same shapes and initialisation scales (PyTorch's ±1/√fan_in, which the C++ baseline uses too: ±0.71 and ±1/√H).
/// </summary>
internal static class SpiralWorkload
{
    /// <summary>The seed of every benchmark network.</summary>
    public const int Seed = 1;

    /// <summary>The fixed step: 100 steps over [0, 1], as the C++ reference.</summary>
    public const double FixedStep = 0.01;

    /// <summary>The hidden widths benchmarked.</summary>
    public static readonly int[] HiddenWidths = [16, 50, 256];

    /// <summary>A float32 spiral network with <paramref name="hidden"/> hidden units (16, 50 or 256).</summary>
    public static IBatchedDifferentiableSystem<float> Network(int hidden) => hidden switch
    {
        16 => new Spiral16(Seed),
        50 => new SpiralNet(Seed),
        256 => new Spiral256(Seed),
        _ => throw new ArgumentOutOfRangeException(nameof(hidden), hidden, "The benchmarks declare spiral networks with 16, 50 or 256 hidden units."),
    };

    /// <summary>The float64 spiral network with 50 hidden units, holding the float32 network's parameters.</summary>
    public static SpiralNet64 DoubleNetwork() =>
        new(Array.ConvertAll(new SpiralNet(Seed).Parameters.ToArray(), static p => (double)p));

    /// <summary>
    /// The reference loop's initial states, lane after lane: x = 2(l mod 97)/97 − 1, y = 1 − 2(l mod 89)/89, so lanes
    /// start spread over [−1, 1]² rather than all in one place.
    /// </summary>
    public static T[] InitialStates<T>(int lanes) where T : IFloatingPointIeee754<T>
    {
        var y0 = new T[lanes * 2];
        for (int l = 0; l < lanes; l++)
        {
            y0[2 * l] = T.CreateTruncating((2.0f * (l % 97) / 97) - 1);
            y0[(2 * l) + 1] = T.CreateTruncating(1.0f - (2.0f * (l % 89) / 89));
        }

        return y0;
    }

    /// <summary><paramref name="saves"/> evenly spaced save times from 0 to <paramref name="end"/>.</summary>
    public static T[] SaveTimes<T>(double end, int saves = 2) where T : IFloatingPointIeee754<T>
    {
        var times = new T[saves];
        for (int j = 0; j < saves; j++)
        {
            times[j] = T.CreateTruncating(end * j / (saves - 1));
        }

        return times;
    }

    /// <summary>
    /// dL/dy at every saved state for L = ½ Σ ‖y(tⱼ)‖² over the saves after the first, a stand-in for a fit's loss
    /// (its value does not change the work of any adjoint).
    /// </summary>
    public static T[] LossCotangent<T>(ReadOnlySpan<T> states, int lanes) where T : IFloatingPointIeee754<T>
    {
        var dLdY = states.ToArray();
        dLdY.AsSpan(0, lanes * 2).Clear();
        return dLdY;
    }

    /// <summary>
    /// Fixed steps of <paramref name="step"/>, with the step limit raised for the longest memory runs; on one thread,
    /// as every figure of the report but the thread-scaling section's is.
    /// </summary>
    public static SolverOptions Fixed(double step = FixedStep) => new() { FixedStep = step, MaxSteps = 10_000_000, MaxDegreeOfParallelism = 1 };

    /// <summary>Adaptive steps at the given tolerances, on one thread.</summary>
    public static SolverOptions Adaptive(double relative, double absolute) =>
        new() { RelativeTolerance = relative, AbsoluteTolerance = absolute, MaxSteps = 10_000_000, MaxDegreeOfParallelism = 1 };
}

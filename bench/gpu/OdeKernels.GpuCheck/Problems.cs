using System;
using System.Numerics;

namespace OdeKernels.GpuCheck;

/// <summary>
/// The problems the check solves, the same for the CPU and CUDA (and, for the throughput rows, for peers.py): initial
/// states, save times, loss weights and solver options. Everything is a closed-form function of the lane index, so
/// the two backends, and the test that recomputes the CPU figures, see the same numbers.
/// </summary>
internal static class Problems
{
    /// <summary>The throughput rows' fixed step: the benchmark report's and torchdiffeq_bench.py's Rk4 step.</summary>
    public const double FixedStep = 0.01;

    /// <summary>
    /// The spiral model's initial states, as in the benchmark report and bench/peers/torchdiffeq_bench.py
    /// (<c>initial_states</c>): x = 2(l mod 97)/97 − 1, y = 1 − 2(l mod 89)/89.
    /// </summary>
    public static T[] SpiralStates<T>(int lanes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y0 = new T[2 * lanes];
        for (int l = 0; l < lanes; l++)
        {
            y0[2 * l] = T.CreateTruncating((2.0 * (l % 97) / 97) - 1);
            y0[(2 * l) + 1] = T.CreateTruncating(1.0 - (2.0 * (l % 89) / 89));
        }

        return y0;
    }

    /// <summary>Predator-prey initial states spread over [0.5, 1.5]², around the example's (1, 1).</summary>
    public static T[] PredatorPreyStates<T>(int lanes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y0 = new T[2 * lanes];
        for (int l = 0; l < lanes; l++)
        {
            y0[2 * l] = T.CreateTruncating(0.5 + ((double)(l % 97) / 97));
            y0[(2 * l) + 1] = T.CreateTruncating(0.5 + ((double)(l % 89) / 89));
        }

        return y0;
    }

    /// <summary>Four save times on [0, end].</summary>
    public static T[] SaveTimes<T>(double end)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        [T.Zero, T.CreateTruncating(end / 3), T.CreateTruncating(2 * end / 3), T.CreateTruncating(end)];

    /// <summary>Loss weights dL/dy at every saved state: cos(0.3 + 1.1 i), as the CUDA shim tests use (every entry nonzero, signs mixed).</summary>
    public static T[] LossWeights<T>(int count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var weights = new T[count];
        for (int i = 0; i < count; i++)
        {
            weights[i] = T.CreateTruncating(Math.Cos(0.3 + (1.1 * i)));
        }

        return weights;
    }

    /// <summary>
    /// The comparisons' adaptive tolerances, as the CUDA shim tests choose them: well above the element type's
    /// rounding (in float, 1e-7 would be rounding noise and step control would chase it).
    /// </summary>
    public static SolverOptions Adaptive<T>(Backend backend)
        where T : unmanaged, IFloatingPointIeee754<T> => typeof(T) == typeof(double)
            ? new SolverOptions { RelativeTolerance = 1e-7, AbsoluteTolerance = 1e-9, Backend = backend }
            : new SolverOptions { RelativeTolerance = 1e-4, AbsoluteTolerance = 1e-6, Backend = backend };

    /// <summary>The throughput rows' options: fixed steps of <see cref="FixedStep"/>.</summary>
    public static SolverOptions Fixed(Backend backend) => new() { FixedStep = FixedStep, Backend = backend };

    /// <summary>The name of a floating-point type in the table.</summary>
    public static string Precision<T>() => typeof(T) == typeof(double) ? "double" : "float";
}

using System;
using System.Numerics;
using OdeKernels;
using Xunit.Abstractions;

namespace OdeKernels.Tests.Dynamics;

/// <summary>
/// Every activation and its derivative (as the VJP uses it) against <see cref="ActivationReference"/> on a dense grid:
/// magnitudes log-spaced from 1e-30 to 1e3 of both signs, a fine linear grid over [−40, 40] (saturation and the
/// switch between formulas), ±0, subnormals and huge values. Where the exact value is a normal number, errors are in
/// ulp of it (see <see cref="ActivationReference.ValueScale"/> and <see cref="ActivationReference.DerivativeScale"/>
/// for GELU's tail and the zeros of silu' and gelu'); below 2⁸ times the smallest normal number ("tiny": there an
/// exponential inside the formula, such as e^x in silu(x) = x·e^x/(1 + e^x), may be subnormal and short of digits),
/// the error must stay below 2⁻⁸ of the smallest normal number, so a tail is never replaced by a wrong constant (see
/// <see cref="ActivationErrors"/>). The CI runs these for each vector width (AVX-512, then without it, then without
/// hardware intrinsics), since each width has its own code.
/// </summary>
public sealed class ActivationAccuracyTests(ITestOutputHelper output)
{
    /// <summary>Every member of <see cref="Activation"/>: a new activation is tested here (and on the CUDA shim) without being listed.</summary>
    public static TheoryData<Activation> Activations => new(Enum.GetValues<Activation>());

    [Theory]
    [MemberData(nameof(Activations))]
    public void FloatActivationAndDerivativeAreAccurate(Activation activation) =>
        Check(ActivationProbes.Float(activation), activation, ActivationErrors.Grid<float>());

    [Theory]
    [MemberData(nameof(Activations))]
    public void DoubleActivationAndDerivativeAreAccurate(Activation activation) =>
        Check(ActivationProbes.Double(activation), activation, ActivationErrors.Grid<double>());

    private void Check<T>(IBatchedDifferentiableSystem<T> probe, Activation activation, T[] x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int count = x.Length;
        var t = new T[count];
        var y = new T[count];
        var ones = new T[count];
        Array.Fill(ones, T.One);
        var dy = new T[count];
        probe.EvaluateBatch(t, x, y, count, count);
        probe.VjpBatch(t, x, ones, dy, Span<T>.Empty, count, count);
        string report = ActivationErrors.Check(activation, typeof(T) == typeof(float), ActivationErrors.ToDouble(x), ActivationErrors.ToDouble(y), ActivationErrors.ToDouble(dy));
        output.WriteLine($"{typeof(T).Name} {activation}: {report}");
    }
}

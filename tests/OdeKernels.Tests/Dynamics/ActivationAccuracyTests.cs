using System;
using System.Collections.Generic;
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
/// the error must stay below 2⁻⁸ of the smallest normal number, so a tail is never replaced by a wrong constant. The CI runs these for each vector
/// width (AVX-512, then without it, then without hardware intrinsics), since each width has its own code.
/// </summary>
public sealed class ActivationAccuracyTests(ITestOutputHelper output)
{
    public static TheoryData<Activation> Activations => new()
    {
        Activation.Identity, Activation.Tanh, Activation.Relu, Activation.Softplus, Activation.Sigmoid,
        Activation.Silu, Activation.Gelu, Activation.Sin, Activation.Cube,
    };

    [Theory]
    [MemberData(nameof(Activations))]
    public void FloatActivationAndDerivativeAreAccurate(Activation activation) =>
        Check(ActivationProbes.Float(activation), activation, Grid<float>(), float.MaxValue);

    [Theory]
    [MemberData(nameof(Activations))]
    public void DoubleActivationAndDerivativeAreAccurate(Activation activation) =>
        Check(ActivationProbes.Double(activation), activation, Grid<double>(), double.MaxValue);

    private void Check<T>(IBatchedDifferentiableSystem<T> probe, Activation activation, T[] x, T max)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool isFloat = typeof(T) == typeof(float);
        int count = x.Length;
        var t = new T[count];
        var y = new T[count];
        var ones = new T[count];
        Array.Fill(ones, T.One);
        var dy = new T[count];
        probe.EvaluateBatch(t, x, y, count, count);
        probe.VjpBatch(t, x, ones, dy, Span<T>.Empty, count, count);

        double largest = double.CreateTruncating(max), smallest = double.CreateTruncating(T.CreateTruncating(isFloat ? 1.17549435E-38 : 2.2250738585072014E-308));
        var value = new Worst("value");
        var derivative = new Worst("derivative");
        for (int i = 0; i < count; i++)
        {
            double xi = double.CreateTruncating(x[i]);
            value.Add(xi, double.CreateTruncating(y[i]), ActivationReference.Value(activation, xi), ActivationReference.ValueScale(activation, xi), largest, 256 * smallest);
            derivative.Add(xi, double.CreateTruncating(dy[i]), ActivationReference.Derivative(activation, xi), ActivationReference.DerivativeScale(activation, xi), largest, 256 * smallest);
        }

        output.WriteLine($"{typeof(T).Name} {activation}: {value}; {derivative}");
        (double valueBound, double derivativeBound) = Bounds(isFloat);
        Assert.True(value.Ulps <= valueBound, $"{activation}: {value}, more than {valueBound} ulp.");
        Assert.True(derivative.Ulps <= derivativeBound, $"{activation}': {derivative}, more than {derivativeBound} ulp.");
        Assert.True(value.Tiny <= smallest / 256, $"{activation}: {value}, a tiny value off by more than 2^-8 of the smallest normal number.");
        Assert.True(derivative.Tiny <= smallest / 256, $"{activation}': {derivative}, a tiny value off by more than 2^-8 of the smallest normal number.");
        Assert.True(value.NonFinite is null, $"{activation}: {value.NonFinite}");
        Assert.True(derivative.NonFinite is null, $"{activation}': {derivative.NonFinite}");
    }

    /// <summary>
    /// The accepted worst errors, in ulp (README, "Activations", lists the measured ones: at most 2.7 and 3.8 in float).
    /// The float64 references are themselves within an ulp or two of the exact values, hence the double's wider bounds.
    /// </summary>
    private static (double Value, double Derivative) Bounds(bool isFloat) => isFloat ? (4, 5) : (6, 8);

    /// <summary>The grid, rounded to <typeparamref name="T"/> (duplicates are harmless).</summary>
    private static T[] Grid<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var points = new List<double> { 0.0, -0.0 };
        bool isFloat = typeof(T) == typeof(float);
        double[] subnormals = isFloat ? new[] { 1.401298464324817e-45, 1e-42, 1e-39, 1.1754942e-38 } : new[] { 4.9406564584124654e-324, 1e-320, 1e-310, 2.2250738585072e-308 };
        double[] huge = isFloat ? new[] { 1e4, 1e6, 1e10, 1e20, 1e30, 3.4028234663852886e38 } : new[] { 1e4, 1e10, 1e30, 1e100, 1e300, double.MaxValue };
        foreach (double v in subnormals)
        {
            points.Add(v);
            points.Add(-v);
        }

        foreach (double v in huge)
        {
            points.Add(v);
            points.Add(-v);
        }

        const int PerDecade = 200;
        for (int i = 0; i <= 33 * PerDecade; i++)
        {
            double v = Math.Pow(10, -30 + ((double)i / PerDecade));
            points.Add(v);
            points.Add(-v);
        }

        for (int i = -20_000; i <= 20_000; i++)
        {
            points.Add(i / 500.0);
        }

        return points.ConvertAll(T.CreateTruncating).ToArray();
    }

    /// <summary>The worst error seen, in ulp of the exact value (or of the scale of its terms).</summary>
    private sealed class Worst(string what)
    {
        public double Ulps { get; private set; }

        public string? NonFinite { get; private set; }

        /// <summary>The largest absolute error where the exact value is tiny.</summary>
        public double Tiny { get; private set; }

        private string _where = "nowhere";

        private string _tinyWhere = "nowhere";

        public void Add(double x, double actual, double exact, double scale, double max, double tiny)
        {
            // The scale can pass the largest number where the value does not (GELU's 1 + |s|): ulps are at most the largest's.
            double magnitude = Math.Min(Math.Max(Math.Abs(exact), scale), max);
            if (Math.Abs(exact) > max)
            {
                // The exact value overflows the type: the result must be the infinity of its sign.
                if (!(double.IsInfinity(actual) && Math.Sign(actual) == Math.Sign(exact)) && NonFinite is null)
                {
                    NonFinite = $"at x = {x:R}: {actual:R}, expected {exact:R} (overflow)";
                }

                return;
            }

            if (!double.IsFinite(actual))
            {
                NonFinite ??= $"at x = {x:R}: {actual:R}, expected {exact:R}";
                return;
            }

            if (magnitude < tiny)
            {
                if (Math.Abs(actual - exact) > Tiny)
                {
                    Tiny = Math.Abs(actual - exact);
                    _tinyWhere = $"x = {x:R}: {actual:R}, exact {exact:R}";
                }

                return;
            }

            double ulps = Math.Abs(actual - exact) / Ulp(magnitude, max);
            if (ulps > Ulps)
            {
                Ulps = ulps;
                _where = $"x = {x:R}: {actual:R}, exact {exact:R}";
            }
        }

        public override string ToString() => $"{what} {Ulps:F2} ulp (at {_where}), tiny {Tiny:E1} (at {_tinyWhere})";

        /// <summary>The spacing of the type's numbers at |v| (float when <paramref name="max"/> is float's).</summary>
        private static double Ulp(double v, double max)
        {
            if (max == float.MaxValue)
            {
                float f = Math.Min((float)v, float.MaxValue);
                return f == float.MaxValue ? f - float.BitDecrement(f) : float.BitIncrement(f) - f;
            }

            double d = Math.Min(v, double.MaxValue);
            return d == double.MaxValue ? d - double.BitDecrement(d) : double.BitIncrement(d) - d;
        }
    }
}

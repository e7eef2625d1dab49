using System;
using System.Collections.Generic;
using System.Numerics;
using OdeKernels;

namespace OdeKernels.Tests.Dynamics;

/// <summary>
/// The grid the activations are checked on and the check itself, shared by the C# kernels' tests and the CUDA C's
/// (through the CPU shim): worst errors in ulp where the exact value is not tiny, absolute errors where it is.
/// </summary>
internal static class ActivationErrors
{
    private const double FloatMinNormal = 1.17549435E-38;

    /// <summary>
    /// The accepted worst errors, in ulp (the README lists the measured ones: at most 2.9 and 3.8 in float).
    /// The float64 references are themselves within an ulp or two of the exact values, hence the double's wider bounds.
    /// </summary>
    public static (double Value, double Derivative) Bounds(bool isFloat) => isFloat ? (4, 5) : (6, 8);

    /// <summary>
    /// ±0, subnormals, magnitudes log-spaced from 1e-30 to 1e3 (200 a decade) of both signs, [−40, 40] in steps of
    /// 0.002, and huge values up to the largest finite number; rounded to <typeparamref name="T"/>.
    /// </summary>
    public static T[] Grid<T>()
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

    public static double[] ToDouble<T>(T[] values)
        where T : unmanaged, IFloatingPointIeee754<T> => Array.ConvertAll(values, double.CreateTruncating);

    /// <summary>
    /// Checks values <paramref name="y"/> and derivatives <paramref name="dy"/> at <paramref name="x"/> (all exactly
    /// representable in the element type) against <see cref="ActivationReference"/>; returns the worst errors.
    /// </summary>
    public static string Check(Activation activation, bool isFloat, double[] x, double[] y, double[] dy)
    {
        double largest = isFloat ? float.MaxValue : double.MaxValue;
        double smallest = isFloat ? FloatMinNormal : 2.2250738585072014E-308;
        var value = new Worst("value", isFloat);
        var derivative = new Worst("derivative", isFloat);
        for (int i = 0; i < x.Length; i++)
        {
            value.Add(x[i], y[i], ActivationReference.Value(activation, x[i]), ActivationReference.ValueScale(activation, x[i]), largest, 256 * smallest);
            derivative.Add(x[i], dy[i], ActivationReference.Derivative(activation, x[i]), ActivationReference.DerivativeScale(activation, x[i]), largest, 256 * smallest);
        }

        (double valueBound, double derivativeBound) = Bounds(isFloat);
        Assert.True(value.Ulps <= valueBound, $"{activation}: {value}, more than {valueBound} ulp.");
        Assert.True(derivative.Ulps <= derivativeBound, $"{activation}': {derivative}, more than {derivativeBound} ulp.");
        Assert.True(value.Tiny <= smallest / 256, $"{activation}: {value}, a tiny value off by more than 2^-8 of the smallest normal number.");
        Assert.True(derivative.Tiny <= smallest / 256, $"{activation}': {derivative}, a tiny value off by more than 2^-8 of the smallest normal number.");
        Assert.True(value.NonFinite is null, $"{activation}: {value.NonFinite}");
        Assert.True(derivative.NonFinite is null, $"{activation}': {derivative.NonFinite}");
        return $"{value}; {derivative}";
    }

    /// <summary>The worst error seen, in ulp of the exact value (or of the scale of its terms).</summary>
    private sealed class Worst(string what, bool isFloat)
    {
        private string _where = "nowhere";

        private string _tinyWhere = "nowhere";

        public double Ulps { get; private set; }

        /// <summary>The largest absolute error where the exact value is tiny.</summary>
        public double Tiny { get; private set; }

        public string? NonFinite { get; private set; }

        public void Add(double x, double actual, double exact, double scale, double max, double tiny)
        {
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

            // The scale can pass the largest number where the value does not (GELU's 1 + |s|): ulps are at most the largest's.
            double magnitude = Math.Min(Math.Max(Math.Abs(exact), scale), max);
            double error = Math.Abs(actual - exact);
            if (magnitude < tiny)
            {
                if (error > Tiny)
                {
                    Tiny = error;
                    _tinyWhere = $"x = {x:R}: {actual:R}, exact {exact:R}";
                }

                return;
            }

            double ulps = error / Ulp(magnitude);
            if (ulps > Ulps)
            {
                Ulps = ulps;
                _where = $"x = {x:R}: {actual:R}, exact {exact:R}";
            }
        }

        public override string ToString() => $"{what} {Ulps:F2} ulp (at {_where}), tiny {Tiny:E1} (at {_tinyWhere})";

        /// <summary>The spacing of the element type's numbers at |v|.</summary>
        private double Ulp(double v)
        {
            if (isFloat)
            {
                float f = Math.Min((float)v, float.MaxValue);
                return f == float.MaxValue ? f - float.BitDecrement(f) : float.BitIncrement(f) - f;
            }

            return v == double.MaxValue ? v - double.BitDecrement(v) : double.BitIncrement(v) - v;
        }
    }
}

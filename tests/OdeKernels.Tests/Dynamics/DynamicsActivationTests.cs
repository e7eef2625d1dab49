using System;
using System.Collections.Generic;
using OdeKernels;

namespace OdeKernels.Tests.Dynamics;

/// <summary>
/// Each activation on its own: the 1 → 3 → 1 networks get weights that make f(y) = act(y) exactly (the first hidden
/// unit passes y through, the output reads only that unit), so Evaluate gives act(y) and Vjp with a = 1 gives act'(y).
/// </summary>
public sealed class DynamicsActivationTests
{
    /// <summary>W1 = (1, 0.5, −1), b1 = (0, 0.25, 0), W2 = (1, 0, 0), b2 = 0.</summary>
    private static readonly double[] Isolating = { 1.0, 0.5, -1.0, 0.0, 0.25, 0.0, 1.0, 0.0, 0.0, 0.0 };

    public static TheoryData<Activation> Activations => new()
    {
        Activation.Identity, Activation.Tanh, Activation.Relu, Activation.Softplus, Activation.Sigmoid,
        Activation.Silu, Activation.Gelu, Activation.Sin, Activation.Cube,
    };

    [Theory]
    [MemberData(nameof(Activations))]
    public void ForwardMatchesMathFunctions(Activation activation)
    {
        IDifferentiableSystem<double> net = Create(activation);
        var f = new double[1];
        foreach (double x in Points(activation))
        {
            net.Evaluate(0, new[] { x }, f);
            double expected = ReferenceNetwork.Activate(activation, x);
            // Absolute error of a few ulp of 1 where the result is small (tanh and gelu near 0 or saturated), else relative.
            Assert.True(Math.Abs(f[0] - expected) <= 2e-15 + (1e-13 * Math.Abs(expected)), $"{activation}({x:R}) = {f[0]:R}, expected {expected:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void DerivativeMatchesAnalyticFormulaAndFiniteDifferences(Activation activation)
    {
        IDifferentiableSystem<double> net = Create(activation);
        foreach (double x in Points(activation))
        {
            var dy = new double[1];
            net.Vjp(0, new[] { x }, new[] { 1.0 }, dy, Span<double>.Empty);
            double analytic = ReferenceNetwork.Derivative(activation, x);
            // GELU's derivative cancels in its tails, where ulp(1) errors in tanh are amplified by about |x|³ / 2.
            double slack = activation == Activation.Gelu ? 2e-16 * Math.Pow(1 + Math.Abs(x), 3) : 4e-15;
            Assert.True(Math.Abs(dy[0] - analytic) <= slack + (1e-12 * Math.Abs(analytic)), $"{activation}'({x:R}) = {dy[0]:R}, expected {analytic:R}");

            double h = 1e-6 * Math.Max(1.0, Math.Abs(x));
            if (activation == Activation.Relu && Math.Abs(x) <= 2 * h)
            {
                continue; // The difference would straddle the kink.
            }

            double fd = (ReferenceNetwork.Activate(activation, x + h) - ReferenceNetwork.Activate(activation, x - h)) / (2 * h);
            Assert.True(Math.Abs(dy[0] - fd) <= 1e-7 * Math.Max(1.0, Math.Abs(fd)), $"{activation}'({x:R}) = {dy[0]:R}, finite differences {fd:R}");
        }
    }

    [Fact]
    public void TanhAndSigmoidSaturateExactly()
    {
        var tanh = Create(Activation.Tanh);
        var sigmoid = Create(Activation.Sigmoid);
        var f = new double[1];
        foreach (double x in new[] { 20.0, 50.0, 400.0, 1e6, double.MaxValue })
        {
            tanh.Evaluate(0, new[] { x }, f);
            Assert.Equal(1.0, f[0]);
            tanh.Evaluate(0, new[] { -x }, f);
            Assert.Equal(-1.0, f[0]);
        }

        // 1 − σ(x) ≈ e⁻ˣ drops below half an ulp of 1 from x ≈ 37.
        foreach (double x in new[] { 40.0, 50.0, 400.0, 1e6, double.MaxValue })
        {
            sigmoid.Evaluate(0, new[] { x }, f);
            Assert.Equal(1.0, f[0]);
            sigmoid.Evaluate(0, new[] { -x }, f);
            Assert.True(f[0] >= 0 && f[0] <= 5e-18, $"sigmoid({-x}) = {f[0]}");
        }
    }

    /// <summary>
    /// The exponential's clamps and its 2ⁿ scaling at the ends of the range: infinite inputs give tanh's and sigmoid's
    /// limits and zero slopes, NaN stays NaN in the value and the derivative of every activation that takes an
    /// exponential (a clamp that dropped NaN would turn it into a number). Softplus has no infinite case here: its
    /// unbounded hidden units meet the output's zero weights (0·∞).
    /// </summary>
    [Fact]
    public void InfiniteAndNaNInputsGiveLimitsAndNaN()
    {
        var f = new double[1];
        var dy = new double[1];
        (Activation Activation, double X, double Value)[] limits =
        {
            (Activation.Tanh, double.PositiveInfinity, 1), (Activation.Tanh, double.NegativeInfinity, -1),
            (Activation.Sigmoid, double.PositiveInfinity, 1), (Activation.Sigmoid, double.NegativeInfinity, 0),
        };
        foreach ((Activation activation, double x, double value) in limits)
        {
            IDifferentiableSystem<double> net = Create(activation);
            net.Evaluate(0, new[] { x }, f);
            Assert.Equal(value, f[0]);
            net.Vjp(0, new[] { x }, new[] { 1.0 }, dy, Span<double>.Empty);
            Assert.Equal(0.0, dy[0]);
        }

        foreach (Activation activation in new[] { Activation.Tanh, Activation.Sigmoid, Activation.Softplus, Activation.Silu, Activation.Gelu })
        {
            IDifferentiableSystem<double> net = Create(activation);
            net.Evaluate(0, new[] { double.NaN }, f);
            net.Vjp(0, new[] { double.NaN }, new[] { 1.0 }, dy, Span<double>.Empty);
            Assert.True(double.IsNaN(f[0]) && double.IsNaN(dy[0]), $"{activation}(NaN) = {f[0]}, derivative {dy[0]}");
        }
    }

    private static IDifferentiableSystem<double> Create(Activation activation) => activation switch
    {
        Activation.Identity => new IdentityNet64(Isolating),
        Activation.Tanh => new TanhNet64(Isolating),
        Activation.Relu => new ReluNet64(Isolating),
        Activation.Softplus => new SoftplusNet64(Isolating),
        Activation.Sigmoid => new SigmoidNet64(Isolating),
        Activation.Silu => new SiluNet64(Isolating),
        Activation.Gelu => new GeluNet64(Isolating),
        Activation.Sin => new SinNet64(Isolating),
        Activation.Cube => new CubeNet64(Isolating),
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };

    /// <summary>Fixed points from deep saturation to tiny arguments, then random ones in [−20, 20].</summary>
    private static IEnumerable<double> Points(Activation activation)
    {
        double[] fixedPoints = { -20, -15, -10, -5, -2, -1, -0.5, -1e-3, -1e-8, 1e-8, 1e-3, 0.5, 1, 2, 5, 10, 15, 20 };
        foreach (double x in fixedPoints)
        {
            yield return x;
        }

        var random = new Random(41 + (int)activation);
        for (int i = 0; i < 300; i++)
        {
            double x = 40 * (random.NextDouble() - 0.5);
            if (activation != Activation.Relu || Math.Abs(x) > 1e-3)
            {
                yield return x;
            }
        }
    }
}

using System;

namespace OdeKernels.Tests.Dynamics;

[Dynamics(StateSize = 1)]
[Dense(1)]
[Pointwise(Activation.Tanh)]
public partial class TanhProbe
{
}

[Dynamics(StateSize = 1)]
[Dense(1)]
[Pointwise(Activation.Sigmoid)]
public partial class SigmoidProbe
{
}

[Dynamics(StateSize = 1)]
[Dense(1)]
[Pointwise(Activation.Softplus)]
public partial class SoftplusProbe
{
}

[Dynamics(StateSize = 1)]
[Dense(1)]
[Pointwise(Activation.Silu)]
public partial class SiluProbe
{
}

[Dynamics(StateSize = 1)]
[Dense(1)]
[Pointwise(Activation.Gelu)]
public partial class GeluProbe
{
}

/// <summary>
/// The float32 activations (built on the generated fast exponential) against float64 math, on a dense grid that
/// covers saturation: each probe network is Dense(1) with weight 1 and bias 0, then the activation.
/// </summary>
public sealed class FloatActivationAccuracyTests
{
    private static void Check(IBatchedOdeSystem<float> probe, Span<float> parameters, Func<double, double> exact, double absolute, double relative)
    {
        parameters[0] = 1f;
        parameters[1] = 0f;
        const int count = 40_001;
        var x = new float[count];
        var y = new float[count];
        var t = new float[count];
        for (int i = 0; i < count; i++)
        {
            x[i] = (float)(-40.0 + (80.0 * i / (count - 1)));
        }

        probe.EvaluateBatch(t, x, y, count, count);
        for (int i = 0; i < count; i++)
        {
            double expected = exact(x[i]);
            double error = Math.Abs(y[i] - expected);
            Assert.True(error <= absolute + (relative * Math.Abs(expected)), $"f({x[i]:R}) = {y[i]:R}, expected {expected:R} (error {error:E2})");
        }
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    [Fact]
    public void TanhIsAccurate() { var p = new TanhProbe(seed: 0); Check(p, p.Parameters, Math.Tanh, 3e-7, 2e-6); }

    [Fact]
    public void SigmoidIsAccurate() { var p = new SigmoidProbe(seed: 0); Check(p, p.Parameters, Sigmoid, 1e-9, 1e-6); }

    [Fact]
    public void SoftplusIsAccurate() { var p = new SoftplusProbe(seed: 0); Check(p, p.Parameters, x => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x))), 1e-9, 1e-6); }

    [Fact]
    public void SiluIsAccurate() { var p = new SiluProbe(seed: 0); Check(p, p.Parameters, x => x * Sigmoid(x), 1e-9, 1e-6); }

    /// <summary>For large negative x, 1 + tanh(u) cancels to 0 in float, as in every float tanh-form GELU: hence the absolute bound.</summary>
    [Fact]
    public void GeluIsAccurate() { var p = new GeluProbe(seed: 0); Check(p, p.Parameters, x => 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + (0.044715 * x * x * x)))), 1e-6, 1e-6); }
}

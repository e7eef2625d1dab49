using System;
using OdeKernels.Latent;
using OdeKernels.Tests.Dynamics;
using OdeKernels.Tests.Flows;
using OdeKernels.Tests.Networks;

namespace OdeKernels.Tests.Latent;

/// <summary>
/// The Poisson-process log-likelihood with the rate's integral carried as an augmented state: against the closed form
/// k log λ − λ T of a constant rate (value and the bias gradient), and its gradients with respect to z0, the dynamics
/// and the rate network against float64 central differences, with Direct and Backsolve.
/// </summary>
public sealed class PoissonProcessTests
{
    // Three sequences: 3 events in [0, 2], none in [0, 1.5], 2 events in [0, 0.9].
    private static readonly int[] Offsets = [0, 3, 3, 5];
    private static readonly double[] Events = [0.2, 0.75, 1.6, 0.05, 0.6];
    private static readonly double[] Ends = [2.0, 1.5, 0.9];
    private static readonly int[] Counts = [3, 0, 2];

    private static readonly SolverOptions Fixed = new() { FixedStep = 0.01 };

    private static double[] Z0() => NetworkTestData.Uniform(new Random(51), 3 * 2, 1.0);

    [Theory]
    [InlineData(AdjointMethod.Direct)]
    [InlineData(AdjointMethod.Backsolve)]
    public void ConstantRateMatchesTheClosedForm(AdjointMethod method)
    {
        // Zero weights: λ = softplus(b) whatever z does.
        var rate = new EventRate64([0.0, 0.0, 0.4]);
        var field = new LatentField64(52);
        var likelihood = new PoissonProcessLikelihood<LatentField64, Tsit5, double>(field, rate, new SolverOptions { RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-12 }, method);
        double[] z0 = Z0();
        var dz0 = new double[6];
        var dField = new double[field.ParameterCount];
        var dRate = new double[3];
        double value = likelihood.Evaluate(z0, 0.0, Offsets, Events, Ends, dz0, dField, dRate);

        double lambda = Math.Log(1 + Math.Exp(0.4)), sigmoid = 1 / (1 + Math.Exp(-0.4));
        double expected = 0, dBias = 0;
        for (int i = 0; i < 3; i++)
        {
            expected += (Counts[i] * Math.Log(lambda)) - (lambda * Ends[i]);
            dBias += ((Counts[i] / lambda) - Ends[i]) * sigmoid;
        }

        Assert.True(Math.Abs(expected - value) <= 1e-9 * Math.Abs(expected), $"{method}: closed form {expected:R}, got {value:R}");
        Assert.True(Math.Abs(dBias - dRate[2]) <= 1e-8 * Math.Max(1, Math.Abs(dBias)), $"{method}: d/db closed form {dBias:R}, got {dRate[2]:R}");

        // λ does not see z: nothing depends on z0 or on the dynamics.
        Assert.All(dz0, g => Assert.True(Math.Abs(g) <= 1e-12, $"dz0 = {g:R}"));
        Assert.All(dField, g => Assert.True(Math.Abs(g) <= 1e-12, $"dθ_f = {g:R}"));
    }

    [Theory]
    [InlineData(AdjointMethod.Direct)]
    [InlineData(AdjointMethod.Backsolve)]
    public void GradientMatchesFiniteDifferences(AdjointMethod method)
    {
        var rate = new EventRate64([0.8, -0.6, 0.1]);
        var field = new LatentField64(53);
        var likelihood = new PoissonProcessLikelihood<LatentField64, Tsit5, double>(field, rate, Fixed, method);
        double[] z0 = Z0();
        var dz0 = new double[6];
        var dField = new double[field.ParameterCount];
        var dRate = new double[3];
        likelihood.Evaluate(z0, 0.0, Offsets, Events, Ends, dz0, dField, dRate);

        double Value(double[] z) => likelihood.Evaluate(z, 0.0, Offsets, Events, Ends, Span<double>.Empty, Span<double>.Empty, Span<double>.Empty);
        double[] expectedZ0 = FiniteDifferences.StateGradient(z0, Value);
        FiniteDifference.AssertClose(expectedZ0, dz0, 1e-6, $"{method}: dz0");
        FiniteDifference.AssertClose(LatentOdeObjectiveTests.Perturbed(field.Parameters, () => Value(z0)), dField, 1e-6, $"{method}: dynamics");
        FiniteDifference.AssertClose(LatentOdeObjectiveTests.Perturbed(rate.Parameters, () => Value(z0)), dRate, 1e-6, $"{method}: rate");
    }

    [Fact]
    public void BadWindowsAreRefused()
    {
        var likelihood = new PoissonProcessLikelihood<LatentField64, Tsit5, double>(new LatentField64(1), new EventRate64(2));
        var e = Assert.Throws<ArgumentException>(() => likelihood.Evaluate(Z0(), 0.0, Offsets, Events, [1.6, 1.5, 0.9], Span<double>.Empty, Span<double>.Empty, Span<double>.Empty));
        Assert.Equal("ends", e.ParamName);
        Assert.Contains("ends[0]", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => new PoissonProcessLikelihood<LatentField64, Tsit5, double>(new LatentField64(1), new LatentDecoder64(2)));
        Assert.Equal("rate", e.ParamName);
    }
}

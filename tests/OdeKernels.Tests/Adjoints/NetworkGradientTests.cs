using System;
using OdeKernels.Tests.Dynamics;

namespace OdeKernels.Tests.Adjoints;

/// <summary>
/// Gradients through solves of generated networks (the fused batched kernels), in float64, against central finite
/// differences of the same solve: the spiral network and a time-dependent network, every adjoint method.
/// </summary>
public sealed class NetworkGradientTests
{
    private static double[] Weights(int length)
    {
        var w = new double[length];
        for (int i = 0; i < length; i++)
        {
            w[i] = Math.Cos(0.3 + (1.1 * i));
        }

        return w;
    }

    private static double Loss(IBatchedDifferentiableSystem<double> f, double[] y0, double[] saveAt, SolverOptions options)
    {
        Solution<double> sol = Ode.Solve(f, new Tsit5(), y0, saveAt, options);
        double[] w = Weights(sol.States.Length);
        double loss = 0;
        for (int i = 0; i < w.Length; i++)
        {
            loss += w[i] * sol.States[i];
        }

        return loss;
    }

    /// <summary>Checks dL/dθ at a spread of parameters and dL/dy0 everywhere against central differences.</summary>
    private static void CheckAgainstFiniteDifferences(IBatchedDifferentiableSystem<double> f, double[] y0, double[] saveAt, SolverOptions options, AdjointMethod method, double tolerance)
    {
        Gradient<double> g = Ode.Gradient(f, new Tsit5(), y0, saveAt, Weights(saveAt.Length * y0.Length), options, method);
        const double eps = 1e-6;
        double scale = 0;
        var expected = new double[f.ParameterCount];
        for (int k = 0; k < f.ParameterCount; k += Math.Max(1, f.ParameterCount / 23))
        {
            double keep = f.Parameters[k];
            f.Parameters[k] = keep + eps;
            double plus = Loss(f, y0, saveAt, options);
            f.Parameters[k] = keep - eps;
            double minus = Loss(f, y0, saveAt, options);
            f.Parameters[k] = keep;
            expected[k] = (plus - minus) / (2 * eps);
            scale = Math.Max(scale, Math.Abs(expected[k]));
        }

        for (int k = 0; k < f.ParameterCount; k += Math.Max(1, f.ParameterCount / 23))
        {
            Assert.True(Math.Abs(expected[k] - g.Parameters[k]) <= tolerance * scale, $"{method} dL/dθ[{k}]: FD {expected[k]:R}, adjoint {g.Parameters[k]:R}");
        }

        for (int i = 0; i < y0.Length; i++)
        {
            double[] up = (double[])y0.Clone(), down = (double[])y0.Clone();
            up[i] += eps;
            down[i] -= eps;
            double fd = (Loss(f, up, saveAt, options) - Loss(f, down, saveAt, options)) / (2 * eps);
            Assert.True(Math.Abs(fd - g.InitialState[i]) <= tolerance * Math.Max(1, Math.Abs(fd)), $"{method} dL/dy0[{i}]: FD {fd:R}, adjoint {g.InitialState[i]:R}");
        }
    }

    [Theory]
    [InlineData(AdjointMethod.Direct)]
    [InlineData(AdjointMethod.Checkpointed)]
    public void DiscreteAdjointsOfTheSpiralNetworkEqualFiniteDifferences(AdjointMethod method) =>
        CheckAgainstFiniteDifferences(new SpiralNet64(seed: 3), [2.0, 0.0, 1.0, -0.5, 0.3, 0.9], [0.0, 0.5, 1.0, 1.5], new SolverOptions { FixedStep = 0.05 }, method, 1e-6);

    [Theory]
    [InlineData(AdjointMethod.Direct)]
    [InlineData(AdjointMethod.Checkpointed)]
    public void DiscreteAdjointsOfATimeDependentNetworkEqualFiniteDifferences(AdjointMethod method) =>
        CheckAgainstFiniteDifferences(new TimeNet64(seed: 5), [0.5, -0.2, 0.1, 1.0, 0.0, -1.0], [0.0, 0.7, 2.0], new SolverOptions { FixedStep = 0.1 }, method, 1e-6);

    [Fact]
    public void BacksolveOfTheSpiralNetworkMatchesFiniteDifferencesOfATightSolve() =>
        CheckAgainstFiniteDifferences(new SpiralNet64(seed: 3), [2.0, 0.0, 1.0, -0.5], [0.0, 0.5, 1.5], new SolverOptions { RelativeTolerance = 1e-11, AbsoluteTolerance = 1e-11 }, AdjointMethod.Backsolve, 1e-5);

    [Fact]
    public void BacksolveOfATimeDependentNetworkMatchesFiniteDifferencesOfATightSolve() =>
        CheckAgainstFiniteDifferences(new TimeNet64(seed: 5), [0.5, -0.2, 0.1], [0.0, 0.7, 2.0], new SolverOptions { RelativeTolerance = 1e-11, AbsoluteTolerance = 1e-11 }, AdjointMethod.Backsolve, 1e-5);

    [Fact]
    public void Float32GradientTracksTheFloat64One()
    {
        var f32 = new SpiralNet(seed: 1);
        var f64 = new SpiralNet64(f32.Parameters.ToArray() is float[] p ? Array.ConvertAll(p, x => (double)x) : []);
        float[] y0 = [2f, 0f, 1.5f, 0.5f];
        float[] saveAt = [0f, 0.5f, 1f];
        float[] dLdY = Array.ConvertAll(Weights(12), x => (float)x);
        var options = new SolverOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-6 };
        Gradient<float> g32 = Ode.Gradient(f32, new Tsit5(), y0, saveAt, dLdY, options);
        Gradient<double> g64 = Ode.Gradient(f64, new Tsit5(), Array.ConvertAll(y0, x => (double)x), Array.ConvertAll(saveAt, x => (double)x), Array.ConvertAll(dLdY, x => (double)x), options with { RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-10 });
        double scale = 0;
        foreach (double v in g64.Parameters)
        {
            scale = Math.Max(scale, Math.Abs(v));
        }

        for (int k = 0; k < g64.Parameters.Length; k++)
        {
            Assert.True(Math.Abs(g64.Parameters[k] - g32.Parameters[k]) <= 1e-3 * scale, $"dL/dθ[{k}]: float {g32.Parameters[k]}, double {g64.Parameters[k]}");
        }
    }
}

using System;

namespace OdeKernels.Tests.Adjoints;

/// <summary>Gradients of L = Σ wᵢ·y(tᵢ) through a solve, against central finite differences in float64.</summary>
public sealed class AdjointGradientTests
{
    private static readonly double[] Y0 = [1.0, 1.0, 0.5, 2.0];
    private static readonly double[] SaveAt = [0.0, 0.7, 1.3, 2.0];

    /// <summary>A fixed cotangent, so L is linear in the saved states and its FD gradient is easy to form.</summary>
    private static double[] Weights(int length)
    {
        var w = new double[length];
        for (int i = 0; i < length; i++)
        {
            w[i] = Math.Sin(1.0 + (0.7 * i));
        }

        return w;
    }

    private static double Loss(PredatorPrey f, double[] y0, SolverOptions options)
    {
        Solution<double> sol = Ode.Solve(f, new Tsit5(), y0, SaveAt, options);
        double[] w = Weights(sol.States.Length);
        double loss = 0;
        for (int i = 0; i < w.Length; i++)
        {
            loss += w[i] * sol.States[i];
        }

        return loss;
    }

    private static (double[] Parameters, double[] Initial) FiniteDifferences(SolverOptions options, double eps)
    {
        var theta = new double[4];
        for (int k = 0; k < 4; k++)
        {
            var plus = new PredatorPrey();
            var minus = new PredatorPrey();
            plus.Parameters[k] += eps;
            minus.Parameters[k] -= eps;
            theta[k] = (Loss(plus, Y0, options) - Loss(minus, Y0, options)) / (2 * eps);
        }

        var initial = new double[Y0.Length];
        for (int i = 0; i < Y0.Length; i++)
        {
            double[] up = (double[])Y0.Clone(), down = (double[])Y0.Clone();
            up[i] += eps;
            down[i] -= eps;
            initial[i] = (Loss(new PredatorPrey(), up, options) - Loss(new PredatorPrey(), down, options)) / (2 * eps);
        }

        return (theta, initial);
    }

    private static Gradient<double> Gradient(AdjointMethod method, SolverOptions options, int checkpoints = 0) =>
        Ode.Gradient(new PredatorPrey(), new Tsit5(), Y0, SaveAt, Weights(SaveAt.Length * Y0.Length), options, method, checkpoints);

    /// <summary>Asserts |expected − actual| ≤ relative · max |expected| element by element (a reference that is all zero is refused: it would compare nothing).</summary>
    internal static void AssertClose(double[] expected, double[] actual, double relative, string what)
    {
        double scale = 0;
        foreach (double e in expected)
        {
            scale = Math.Max(scale, Math.Abs(e));
        }

        Assert.True(scale > 0, $"{what}: the reference is all zero");
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= relative * scale, $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (relative tolerance {relative:E0})");
        }
    }

    [Theory]
    [InlineData(AdjointMethod.Direct, 0)]
    [InlineData(AdjointMethod.Checkpointed, 0)]
    [InlineData(AdjointMethod.Checkpointed, 3)]
    public void DiscreteAdjointsEqualFiniteDifferencesOfTheFixedStepSolve(AdjointMethod method, int checkpoints)
    {
        var options = new SolverOptions { FixedStep = 0.01 };
        (double[] theta, double[] initial) = FiniteDifferences(options, 1e-6);
        Gradient<double> g = Gradient(method, options, checkpoints);
        AssertClose(theta, g.Parameters, 1e-6, "dL/dθ");
        AssertClose(initial, g.InitialState, 1e-6, "dL/dy0");
    }

    [Fact]
    public void CheckpointedEqualsDirectForAdaptiveSolves()
    {
        var options = new SolverOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };
        Gradient<double> direct = Gradient(AdjointMethod.Direct, options);
        Gradient<double> checkpointed = Gradient(AdjointMethod.Checkpointed, options);
        Assert.Equal(direct.Parameters, checkpointed.Parameters);
        Assert.Equal(direct.InitialState, checkpointed.InitialState);
    }

    [Fact]
    public void BacksolveConvergesToTheTrueGradientAsTolerancesTighten()
    {
        var reference = new SolverOptions { RelativeTolerance = 1e-12, AbsoluteTolerance = 1e-12 };
        (double[] theta, double[] initial) = FiniteDifferences(reference, 1e-5);
        double previous = double.PositiveInfinity;
        foreach (double tol in new[] { 1e-4, 1e-6, 1e-8, 1e-10 })
        {
            Gradient<double> g = Gradient(AdjointMethod.Backsolve, new SolverOptions { RelativeTolerance = tol, AbsoluteTolerance = tol });
            double error = 0;
            for (int k = 0; k < 4; k++)
            {
                error = Math.Max(error, Math.Abs(g.Parameters[k] - theta[k]) / Math.Abs(theta[k]));
            }

            for (int i = 0; i < initial.Length; i++)
            {
                error = Math.Max(error, Math.Abs(g.InitialState[i] - initial[i]) / (Math.Abs(initial[i]) + 1e-3));
            }

            Assert.True(error < previous * 1.5, $"tol {tol:E0}: relative error {error:E2} did not fall (previous {previous:E2})");
            previous = Math.Min(previous, error);
        }

        Assert.True(previous < 1e-6, $"Backsolve at tol 1e-10 is still {previous:E2} off");
    }

    [Theory]
    [InlineData(AdjointMethod.Direct, 0)]
    [InlineData(AdjointMethod.Checkpointed, 0)]
    [InlineData(AdjointMethod.Checkpointed, 2)]
    public void BatchedDiscreteAdjointsMatchLaneByLaneAndFiniteDifferences(AdjointMethod method, int checkpoints)
    {
        // Adaptive steps: the two lanes take different numbers of steps, so the lockstep reversal has ragged lanes.
        var options = new SolverOptions { RelativeTolerance = 1e-7, AbsoluteTolerance = 1e-9 };
        double[] dLdY = Weights(SaveAt.Length * Y0.Length);
        Gradient<double> lanes = Ode.Gradient(new PredatorPrey(), new Tsit5(), Y0, SaveAt, dLdY, options, method, checkpoints);
        Gradient<double> batched = Ode.Gradient(new BatchedLotkaVolterra(), new Tsit5(), Y0, SaveAt, dLdY, options, method, checkpoints);
        Assert.NotEqual(lanes.Solution.LaneStats(0).AcceptedSteps, lanes.Solution.LaneStats(1).AcceptedSteps);
        AssertClose(lanes.Parameters, batched.Parameters, 1e-10, "dL/dθ");
        AssertClose(lanes.InitialState, batched.InitialState, 1e-10, "dL/dy0");

        var fixedStep = new SolverOptions { FixedStep = 0.01 };
        (double[] theta, double[] initial) = FiniteDifferences(fixedStep, 1e-6);
        Gradient<double> g = Ode.Gradient(new BatchedLotkaVolterra(), new Tsit5(), Y0, SaveAt, dLdY, fixedStep, method, checkpoints);
        AssertClose(theta, g.Parameters, 1e-6, "dL/dθ against FD");
        AssertClose(initial, g.InitialState, 1e-6, "dL/dy0 against FD");
    }

    [Fact]
    public void BatchedBacksolveMatchesTheLaneByLaneBacksolve()
    {
        var options = new SolverOptions { RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-10 };
        double[] dLdY = Weights(SaveAt.Length * Y0.Length);
        Gradient<double> lanes = Ode.Gradient(new PredatorPrey(), new Tsit5(), Y0, SaveAt, dLdY, options);
        Gradient<double> batched = Ode.Gradient(new BatchedLotkaVolterra(), new Tsit5(), Y0, SaveAt, dLdY, options);
        AssertClose(lanes.Parameters, batched.Parameters, 1e-7, "dL/dθ");
        AssertClose(lanes.InitialState, batched.InitialState, 1e-7, "dL/dy0");
        (double[] theta, double[] initial) = FiniteDifferences(new SolverOptions { RelativeTolerance = 1e-12, AbsoluteTolerance = 1e-12 }, 1e-5);
        AssertClose(theta, batched.Parameters, 1e-6, "dL/dθ against FD");
        AssertClose(initial, batched.InitialState, 1e-6, "dL/dy0 against FD");
    }

    [Fact]
    public void AllThreeMethodsAgreeOnTightSolves()
    {
        var options = new SolverOptions { RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-10 };
        Gradient<double> direct = Gradient(AdjointMethod.Direct, options);
        Gradient<double> backsolve = Gradient(AdjointMethod.Backsolve, options);
        AssertClose(direct.Parameters, backsolve.Parameters, 1e-6, "dL/dθ");
        AssertClose(direct.InitialState, backsolve.InitialState, 1e-6, "dL/dy0");
    }

    [Fact]
    public void BadGradientInputsNameTheParameter()
    {
        double[] dLdY = Weights(SaveAt.Length * Y0.Length);
        var ex = Assert.ThrowsAny<ArgumentException>(() => Ode.Gradient(new PredatorPrey(), new Tsit5(), Y0, SaveAt, dLdY.AsSpan(1).ToArray()));
        Assert.Equal("dLdY", ex.ParamName);
        dLdY[3] = double.NaN;
        ex = Assert.ThrowsAny<ArgumentException>(() => Ode.Gradient(new PredatorPrey(), new Tsit5(), Y0, SaveAt, dLdY));
        Assert.Equal("dLdY", ex.ParamName);
        Assert.Contains("NaN", ex.Message);
        ex = Assert.ThrowsAny<ArgumentException>(() => Ode.Gradient(new PredatorPrey(), new Tsit5(), Y0, [0.0], new double[4]));
        Assert.Equal("saveAt", ex.ParamName);
        var f = new PredatorPrey(alpha: double.PositiveInfinity);
        ex = Assert.ThrowsAny<ArgumentException>(() => Ode.Gradient(f, new Tsit5(), Y0, SaveAt, Weights(16)));
        Assert.Equal("system.Parameters", ex.ParamName);
    }
}

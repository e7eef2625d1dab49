using System;

namespace OdeKernels.Tests.Adjoints;

/// <summary>The loss-function overload of Ode.Gradient: one forward solve, the same gradient as given cotangents.</summary>
public sealed class LossFunctionGradientTests
{
    private static readonly double[] Y0 = [1.0, 1.0, 0.5, 2.0];
    private static readonly double[] SaveAt = [0.0, 0.7, 1.3, 2.0];

    private static double Loss(Solution<double> sol, Span<double> dLdY)
    {
        double loss = 0;
        for (int i = 0; i < sol.States.Length; i++)
        {
            double r = sol.States[i] - 1.0;
            loss += r * r;
            dLdY[i] = 2 * r;
        }

        return loss;
    }

    [Theory]
    [InlineData(AdjointMethod.Backsolve, false)]
    [InlineData(AdjointMethod.Backsolve, true)]
    [InlineData(AdjointMethod.Direct, true)]
    [InlineData(AdjointMethod.Checkpointed, false)]
    public void MatchesTheOverloadWithGivenCotangents(AdjointMethod method, bool batched)
    {
        var options = new SolverOptions { RelativeTolerance = 1e-8, AbsoluteTolerance = 1e-10 };
        IDifferentiableSystem<double> f = batched ? new BatchedLotkaVolterra() : new PredatorPrey();
        Solution<double> forward = Ode.Solve(f, new Tsit5(), Y0, SaveAt, options);
        var dLdY = new double[forward.States.Length];
        double expectedLoss = Loss(forward, dLdY);

        Gradient<double> viaLoss = Ode.Gradient(f, new Tsit5(), Y0, SaveAt, Loss, options, method);
        Gradient<double> viaSpan = Ode.Gradient(f, new Tsit5(), Y0, SaveAt, dLdY, options, method);
        Assert.Equal(expectedLoss, viaLoss.Loss);
        Assert.True(double.IsNaN(viaSpan.Loss));
        Assert.Equal(viaSpan.Parameters, viaLoss.Parameters);
        Assert.Equal(viaSpan.InitialState, viaLoss.InitialState);
        Assert.Equal(forward.Stats, viaLoss.Solution.Stats);
    }

    [Fact]
    public void NonFiniteCotangentsFromTheLossAreRefused()
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => Ode.Gradient(new PredatorPrey(), new Tsit5(), Y0, SaveAt, (sol, dLdY) =>
        {
            dLdY[5] = double.NaN;
            return 0.0;
        }));
        Assert.Equal("loss", ex.ParamName);
        Assert.Contains("dLdY[5]", ex.Message);
    }
}

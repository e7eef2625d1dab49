using System;
using OdeKernels.Tests.Dynamics;

namespace OdeKernels.Tests.Adjoints;

/// <summary>
/// <c>Ode.BacksolveAfter</c>, the Backsolve gradient from a forward solution the caller already holds (what
/// <c>OdeModel.Vjp</c> uses after its forward pass): the same bits as <see cref="Ode.Gradient{TSystem, TTableau, T}(TSystem, TTableau, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, SolverOptions?, AdjointMethod, int)"/>
/// with its own forward solve, for a generated batched network on few lanes and on many, and for a hand-written
/// lane-by-lane system; and the same work counters.
/// </summary>
public sealed class BacksolveAfterTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(37)]
    public void GeneratedNetwork_GivesTheGradientOfItsOwnForwardSolve(int lanes)
    {
        var f = new TimeNet64(seed: 5);
        double[] y0 = Values(lanes * f.StateSize, seed: lanes);
        double[] saveAt = [0.0, 0.4, 1.3];
        double[] dLdY = Values(saveAt.Length * y0.Length, seed: 100 + lanes);
        var options = new SolverOptions { RelativeTolerance = 1e-7, AbsoluteTolerance = 1e-9 };

        Gradient<double> expected = Ode.Gradient(f, new Dopri5(), y0, saveAt, dLdY, options, AdjointMethod.Backsolve);
        Solution<double> forward = Ode.Solve(f, new Dopri5(), y0, saveAt, options);
        Gradient<double> actual = Ode.BacksolveAfter<TimeNet64, Dopri5, double>(f, y0, saveAt, dLdY, options, forward);

        AssertSame(expected, actual);
        Assert.Same(forward, actual.Solution);
    }

    [Fact]
    public void HandWrittenSystem_GivesTheGradientOfItsOwnForwardSolve()
    {
        var f = new PredatorPrey();
        double[] y0 = [1.0, 1.0, 0.8, 1.3];
        double[] saveAt = [0.0, 2.0, 5.0];
        double[] dLdY = Values(saveAt.Length * y0.Length, seed: 7);
        var options = new SolverOptions { RelativeTolerance = 1e-8, AbsoluteTolerance = 1e-10 };

        Gradient<double> expected = Ode.Gradient(f, new Tsit5(), y0, saveAt, dLdY, options, AdjointMethod.Backsolve);
        Solution<double> forward = Ode.Solve(f, new Tsit5(), y0, saveAt, options);
        AssertSame(expected, Ode.BacksolveAfter<PredatorPrey, Tsit5, double>(f, y0, saveAt, dLdY, options, forward));
    }

    [Fact]
    public void BadCotangentsAreRejectedAsByTheGradient()
    {
        var f = new TimeNet64(seed: 5);
        double[] y0 = [0.5, -0.2, 0.1];
        double[] saveAt = [0.0, 1.0];
        Solution<double> forward = Ode.Solve(f, new Dopri5(), y0, saveAt);
        var e = Assert.Throws<ArgumentException>(() => Ode.BacksolveAfter<TimeNet64, Dopri5, double>(f, y0, saveAt, new double[5], SolverOptions.Default, forward));
        Assert.Equal("dLdY", e.ParamName);
    }

    private static void AssertSame(Gradient<double> expected, Gradient<double> actual)
    {
        Assert.Equal(expected.Parameters, actual.Parameters);
        Assert.Equal(expected.InitialState, actual.InitialState);
        Assert.True(expected.Solution.States.SequenceEqual(actual.Solution.States), "forward states");
        Assert.Equal(expected.Solution.Stats, actual.Solution.Stats);
        Assert.Equal(expected.BackwardStats, actual.BackwardStats);
    }

    private static double[] Values(int count, int seed)
    {
        var random = new Random(seed);
        var v = new double[count];
        for (int i = 0; i < count; i++)
        {
            v[i] = (2 * random.NextDouble()) - 1;
        }

        return v;
    }
}

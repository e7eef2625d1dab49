using System;
using OdeKernels.Solving;
using OdeKernels.Tests.Solving;

namespace OdeKernels.Tests.SingleLane;

/// <summary>
/// The single-lane path fails as the batched one does, allocates nothing per solve through <see cref="Ode.SolveInto"/>,
/// and is re-entrant (a right-hand side may call the solver).
/// </summary>
public sealed class SingleLaneBehaviourTests
{
    public enum Failure
    {
        StepUnderflow,
        NonFiniteAdaptive,
        NonFiniteFixedStep,
        MaxSteps,
        MinStep,
        NonFiniteInitialState,
    }

    [Theory]
    [InlineData(Failure.StepUnderflow)]
    [InlineData(Failure.NonFiniteAdaptive)]
    [InlineData(Failure.NonFiniteFixedStep)]
    [InlineData(Failure.MaxSteps)]
    [InlineData(Failure.MinStep)]
    [InlineData(Failure.NonFiniteInitialState)]
    public void FailsWithTheBatchedPathsLaneTimeAndMessage(Failure failure)
    {
        (OdeSolveException lane, OdeSolveException batched) = failure switch
        {
            Failure.StepUnderflow => Both(new BlowUp(), [1.0], [0.0, 2.0], new SolverOptions()),
            Failure.NonFiniteAdaptive => Both(new NaNAfter(0.5), [0.0], [0.0, 1.0], new SolverOptions()),
            Failure.NonFiniteFixedStep => Both(new NaNAfter(0.5), [0.0], [0.0, 1.0], new SolverOptions { FixedStep = 0.1 }),
            Failure.MaxSteps => Both(new Decay<double>(), [1.0], [0.0, 100.0], new SolverOptions { MaxSteps = 10, RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-12 }),
            Failure.MinStep => Both(new BlowUp(), [1.0], [0.0, 2.0], new SolverOptions { MinStep = 1e-3 }),
            _ => Both(new NaNAfter(-1.0), [0.0], [0.0, 1.0], new SolverOptions()),
        };
        Assert.Equal(batched.Message, lane.Message);
        Assert.Equal(batched.Lane, lane.Lane);
        Assert.Equal(batched.Time, lane.Time);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(80)]
    public void SolveIntoAllocatesNothingAfterWarmUp(int size)
    {
        // 2 components: buffers on the stack; 80: more than FewLanes.StackBytes, rented and returned.
        Assert.Equal(size > 20, SingleLaneIntegrator.BufferLength(size, Dopri5.Info) * sizeof(double) > FewLanes.StackBytes);
        double[] y0 = Ring<double>.Start(1, size), saveAt = [0.0, 0.5, 2.0];
        double[] states = new double[saveAt.Length * size];
        float[] y0f = Ring<float>.Start(1, size), saveAtf = [0f, 0.5f, 2f], statesf = new float[saveAtf.Length * size];
        var options = new SolverOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };
        var fixedStep = new SolverOptions { FixedStep = 0.01 };
        void Calls()
        {
            Ode.SolveInto(new Ring<double>(size), new Dopri5(), y0, saveAt, states, options);
            Ode.SolveInto(new Ring<double>(size), new Rk4(), y0, saveAt, states, fixedStep);
            Ode.SolveInto(new Ring<float>(size), new Tsit5(), y0f, saveAtf, statesf, options);
        }

        Calls();
        Calls();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            Calls();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void SolveAllocatesOnlyItsResultWhateverTheSteps()
    {
        double[] y0 = Ring<double>.Start(1, 3), saveAt = [0.0, 0.5, 2.0];
        long Bytes(double tol)
        {
            var options = new SolverOptions { RelativeTolerance = tol, AbsoluteTolerance = tol };
            Ode.Solve(new Ring<double>(3), new Tsit5(), y0, saveAt, options);
            long before = GC.GetAllocatedBytesForCurrentThread();
            Solution<double> sol = Ode.Solve(new Ring<double>(3), new Tsit5(), y0, saveAt, options);
            long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(sol.Stats.AcceptedSteps > 0);
            return bytes;
        }

        long few = Bytes(1e-3), many = Bytes(1e-11);
        Assert.Equal(few, many);
        // The result: states (9 doubles), times (3), one lane's stats, the Solution object; a few hundred bytes.
        Assert.True(few < 400, $"a one-lane solve allocated {few} bytes");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(40)]
    public void ARightHandSideMaySolveInsideEvaluate(int size)
    {
        // The outer solve's buffers must survive inner solves of the same size (which rent the same sizes): the inner
        // solves on the single-lane path must give the outer solve exactly what batched inner solves give it.
        double[] y0 = Ring<double>.Start(1, size), saveAt = [0.0, 0.4, 1.0];
        var options = new SolverOptions { RelativeTolerance = 1e-7, AbsoluteTolerance = 1e-9 };
        Solution<double> nested = Ode.Solve(new SolvesInside(size, innerBatched: false), new Tsit5(), y0, saveAt, options);
        Solution<double> reference = Ode.Solve(new SolvesInside(size, innerBatched: true), new Tsit5(), y0, saveAt, options);
        Assert.Equal(reference.Stats, nested.Stats);
        Assert.True(reference.States.SequenceEqual(nested.States), "inner single-lane solves disturbed the outer solve");
    }

    [Fact]
    public void SolveIntoChecksItsOutput()
    {
        double[] y0 = [1.0, 2.0], saveAt = [0.0, 1.0];
        var ex = Assert.Throws<ArgumentException>(() => Ode.SolveInto(new Ring<double>(2), new Tsit5(), y0, saveAt, new double[3]));
        Assert.Equal("states", ex.ParamName);
        Assert.Contains("4", ex.Message);
        double[] shared = new double[4];
        ex = Assert.Throws<ArgumentException>(() => Ode.SolveInto(new Ring<double>(2), new Tsit5(), shared.AsSpan(0, 2), saveAt, shared));
        Assert.Equal("states", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Ode.SolveInto(new Ring<double>(2), new Tsit5(), y0, [1.0, 0.0], new double[4]));
        Assert.Equal("saveAt", ex.ParamName);
    }

    private static (OdeSolveException Lane, OdeSolveException Batched) Both<TSystem>(TSystem system, double[] y0, double[] saveAt, SolverOptions options)
        where TSystem : IOdeSystem<double>
    {
        var lane = Assert.Throws<OdeSolveException>(() => Ode.Solve(system, new Tsit5(), y0, saveAt, options));
        var batched = Assert.Throws<OdeSolveException>(() => BatchedPath.Solve<TSystem, Tsit5, double>(system, y0, saveAt, options));
        return (lane, batched);
    }

    /// <summary>y' = z(1 + t) − y, where z is a ring solved from y's own start inside every evaluation.</summary>
    private sealed class SolvesInside(int size, bool innerBatched) : IOdeSystem<double>
    {
        private readonly double[] _start = Ring<double>.Start(1, size);

        public int StateSize => size;

        public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt)
        {
            double[] saveAt = [0.0, 1.0 + t];
            var options = new SolverOptions { RelativeTolerance = 1e-5, AbsoluteTolerance = 1e-7 };
            ReadOnlySpan<double> z;
            if (innerBatched)
            {
                z = BatchedPath.Solve<Ring<double>, Dopri5, double>(new Ring<double>(size), _start, saveAt, options).State(1, 0);
            }
            else
            {
                double[] states = new double[2 * size];
                Ode.SolveInto(new Ring<double>(size), new Dopri5(), _start, saveAt, states, options);
                z = states.AsSpan(size, size);
            }

            for (int c = 0; c < size; c++)
            {
                dydt[c] = z[c] - y[c];
            }
        }
    }
}

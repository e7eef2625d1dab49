using System;
using System.Collections.Generic;
using System.Numerics;
using OdeKernels.Solving;

namespace OdeKernels.Tests.SingleLane;

/// <summary>
/// One lane (and a few lanes) solved by the single-lane path gives, bit for bit, what the batched path gives: the
/// same states, the same step counts, for every built-in tableau, float and double, small systems (stack buffers)
/// and large ones (rented buffers), adaptive and fixed steps, saving by landing steps or by dense output.
/// </summary>
public sealed class SingleLaneEquivalenceTests
{
    public static IEnumerable<object[]> Cases()
    {
        foreach (string method in Tableaux.All)
        {
            // 80 components need more than FewLanes.StackBytes for every tableau, in float too: the rented buffer.
            foreach (int size in new[] { 1, 2, 7, 80 })
            {
                yield return [method, size];
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void OneLaneEqualsTheBatchedPathBitwise(string method, int size)
    {
        Tableaux.Visit(method, new OneLane<double>(size, 1));
        Tableaux.Visit(method, new OneLane<float>(size, 1));
    }

    [Theory]
    [InlineData(nameof(Dopri5))]
    [InlineData(nameof(Tsit5))]
    [InlineData(nameof(Vern7))]
    [InlineData(nameof(Rk4))]
    public void FewLanesEqualTheBatchedPathBitwise(string method)
    {
        // Every lane count up to past two of the widest vectors: below one vector the few-lane path runs, from there
        // on the batch, whose vector code each lane solved alone must match.
        for (int lanes = 2; lanes <= (2 * FewLanes.VectorWidth<float>()) + 1; lanes++)
        {
            Tableaux.Visit(method, new OneLane<double>(3, lanes));
            Tableaux.Visit(method, new OneLane<float>(3, lanes));
        }
    }

    [Fact]
    public void OneLaneTakesTheSingleLanePathAndItsStepCounts()
    {
        Assert.True(FewLanes.Applies<Dopri5, double>(1));
        Assert.True(FewLanes.Applies<Rk4, float>(1));
        Assert.False(FewLanes.Applies<Dopri5, double>(Math.Max(2, FewLanes.VectorWidth<double>())));

        // Dopri5 is FSAL: one evaluation at the start, one for Hairer's starting step, six per attempted step after.
        Solution<double> sol = Ode.Solve(new Ring<double>(2), new Dopri5(), Ring<double>.Start(1, 2), [0.0, 10.0], new SolverOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 });
        SolverStats s = sol.Stats;
        Assert.Equal(2 + (6 * (s.AcceptedSteps + s.RejectedSteps)), s.Evaluations);
    }

    /// <summary>Solves <c>lanes</c> lanes of a ring of <c>size</c> through both paths, in several settings, and compares.</summary>
    private sealed class OneLane<T>(int size, int lanes) : ITableauAction where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run<TTableau>() where TTableau : struct, IRungeKuttaTableau
        {
            T[] y0 = Ring<T>.Start(lanes, size);
            T[] saveAt = [T.Zero, T.CreateTruncating(0.25), T.CreateTruncating(1.0), T.CreateTruncating(2.5)];
            bool adaptive = TTableau.Info.HasEmbedded;
            double tol = typeof(T) == typeof(float) ? 1e-5 : 1e-8;
            var settings = new List<SolverOptions> { new() { FixedStep = 0.03 }, new() { FixedStep = 0.07, SaveMode = SaveMode.Interpolate } };
            if (adaptive)
            {
                settings.Add(new() { RelativeTolerance = tol, AbsoluteTolerance = tol / 10 });
                settings.Add(new() { RelativeTolerance = tol * 100, AbsoluteTolerance = tol, InitialStep = 0.5, MaxStep = 0.2, ControllerBeta = 0 });
                settings.Add(new() { RelativeTolerance = tol, AbsoluteTolerance = tol / 10, SaveMode = SaveMode.Interpolate });
                // Boost.Odeint's controller: its maximum norm in every generated step, its rules in every integrator.
                settings.Add(new() { RelativeTolerance = tol, AbsoluteTolerance = tol / 10, StepSizeControl = StepSizeControl.Odeint });
                settings.Add(new() { RelativeTolerance = tol * 100, AbsoluteTolerance = tol, InitialStep = 0.5, MaxStep = 0.2, StepSizeControl = StepSizeControl.Odeint, SaveMode = SaveMode.Interpolate });
            }

            foreach (SolverOptions options in settings)
            {
                Solution<T> lane = Ode.Solve(new Ring<T>(size), default(TTableau), y0, saveAt, options);
                Solution<T> batched = BatchedPath.Solve<Ring<T>, TTableau, T>(new Ring<T>(size), y0, saveAt, options);
                Compare(lane, batched, $"{TTableau.Info.Name} {typeof(T).Name} size {size}, {lanes} lanes, {options}");

                // A batched system goes through the lane adapter (one lane per batch call) and must agree as well.
                Solution<T> adapted = Ode.Solve(new BatchedRing<T>(size), default(TTableau), y0, saveAt, options);
                Compare(adapted, batched, $"batched system, {TTableau.Info.Name} {typeof(T).Name} size {size}, {lanes} lanes");

                // Each lane alone (always the single-lane path) against its slot in the batch (vector code from a
                // vector's width of lanes on).
                for (int i = 0; i < lanes; i++)
                {
                    Solution<T> alone = Ode.Solve(new Ring<T>(size), default(TTableau), y0.AsSpan(i * size, size), saveAt, options);
                    Assert.Equal(batched.LaneStats(i), alone.LaneStats(0));
                    for (int save = 0; save < saveAt.Length; save++)
                    {
                        Assert.True(batched.State(save, i).SequenceEqual(alone.State(save, 0)), $"{TTableau.Info.Name} {typeof(T).Name} size {size}: lane {i} of {lanes} alone differs at save {save}");
                    }
                }

                T[] into = new T[saveAt.Length * y0.Length];
                SolverStats stats = Ode.SolveInto(new Ring<T>(size), default(TTableau), y0, saveAt, into, options);
                Assert.Equal(batched.Stats, stats);
                Assert.True(batched.States.SequenceEqual(into), $"SolveInto differs: {TTableau.Info.Name} {typeof(T).Name} size {size}");
            }
        }

        private static void Compare(Solution<T> lane, Solution<T> batched, string what)
        {
            Assert.True(batched.Stats.AcceptedSteps > 2, $"{what}: the case should take several steps");
            for (int i = 0; i < batched.Lanes; i++)
            {
                Assert.Equal(batched.LaneStats(i), lane.LaneStats(i));
            }

            for (int k = 0; k < batched.States.Length; k++)
            {
                T expected = batched.States[k], actual = lane.States[k];
                Assert.True(expected.Equals(actual), $"{what}: state value {k} is {actual} on the single-lane path and {expected} on the batched path");
            }
        }
    }
}

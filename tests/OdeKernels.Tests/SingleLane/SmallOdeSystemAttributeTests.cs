using System;
using System.Linq;
using System.Numerics;
using OdeKernels.Generated;
using OdeKernels.Solving;

namespace OdeKernels.Tests.SingleLane;

/// <summary>
/// <see cref="SmallOdeSystemAttribute"/>: the generated state form of a span system, reached by the span solves of one
/// trajectory. Each marked system is solved against the same system unmarked (the span path, a second
/// implementation): the same bits and statistics for every built-in tableau with both controllers and both save
/// modes; the flag <see cref="SolverOptions.FusedMultiplyAdd"/>, which the span path ignores and the state path
/// honours, shows that the solve took the state path; several lanes, the batched path and the allocations as before.
/// </summary>
public sealed class SmallOdeSystemAttributeTests
{
    private static readonly SolverOptions[] Settings =
    [
        new() { RelativeTolerance = 1e-7, AbsoluteTolerance = 1e-9 },
        new() { RelativeTolerance = 1e-7, AbsoluteTolerance = 1e-9, SaveMode = SaveMode.Interpolate },
        new() { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8, StepSizeControl = StepSizeControl.Odeint, InitialStep = 0.01 },
        new() { FixedStep = 0.01 },
        new() { FixedStep = 0.03, SaveMode = SaveMode.Interpolate },
    ];

    [Fact]
    public void TheGeneratorWritesTheStateFormsAndRegistersThem()
    {
        Assert.True(typeof(ISmallOdeSystem<double, State2<double>>).IsAssignableFrom(typeof(MarkedLotkaVolterra)));
        Assert.True(typeof(ISmallOdeSystem<float, State3<float>>).IsAssignableFrom(typeof(MarkedPendulum)));
        Assert.True(typeof(ISmallOdeSystem<double, State4<double>>).IsAssignableFrom(typeof(MarkedOscillators)));
        Assert.NotNull(SmallSystemForm<MarkedLotkaVolterra, double>.Registered);
        Assert.NotNull(SmallSystemForm<MarkedPendulum, float>.Registered);
        Assert.NotNull(SmallSystemForm<MarkedOscillators, double>.Registered);
        Assert.Null(SmallSystemForm<PlainLotkaVolterra, double>.Registered);
        Assert.NotNull(ContractedStateForm<MarkedLotkaVolterra, double, State2<double>>.Registered);
        Assert.NotNull(ContractedStateForm<MarkedPendulum, float, State3<float>>.Registered);
        Assert.Null(ContractedStateForm<ContractedLotkaVolterra, double, State2<double>>.Registered);
    }

    [Fact]
    public void TheStateFormComputesWhatTheSpanFormComputes()
    {
        var random = new Random(5);
        ISmallOdeSystem<float, State3<float>> pendulum = new MarkedPendulum();
        IOdeSystem<float> plain = new PlainPendulum();
        for (int i = 0; i < 200; i++)
        {
            float[] y = [(float)random.NextDouble() * 6 - 3, (float)random.NextDouble() * 4 - 2, (float)random.NextDouble() * 10];
            float t = (float)random.NextDouble();
            float[] expected = new float[3], actual = new float[3];
            plain.Evaluate(t, y, expected);
            pendulum.Evaluate(t, State3<float>.Load(y)).CopyTo(actual);
            Assert.Equal(expected, actual);
        }
    }

    [Theory]
    [MemberData(nameof(StatePathTests.Methods), MemberType = typeof(StatePathTests))]
    public void OneTrajectoryGivesTheSpanPathsBitsAndSteps(string method)
    {
        double[] saveAt = [0.0, 0.5, 2.0, 5.0];
        foreach (SolverOptions options in Settings)
        {
            if (options.FixedStep is null && !Tableaux.Info(method).HasEmbedded)
            {
                continue;
            }

            AssertSame(Tableaux.Solve(method, new PlainLotkaVolterra(1.5, 3), [1.0, 1.0], saveAt, options), Tableaux.Solve(method, new MarkedLotkaVolterra(1.5, 3), [1.0, 1.0], saveAt, options), method, options);
            AssertSame(Tableaux.Solve(method, new PlainOscillators(), [1.0, 0.0, 0.5, 0.0], saveAt, options), Tableaux.Solve(method, new MarkedOscillators(), [1.0, 0.0, 0.5, 0.0], saveAt, options), method, options);
            float[] saveAtF = [0f, 0.5f, 2f, 5f];
            var loose = options.FixedStep is null ? options with { RelativeTolerance = 1e-4, AbsoluteTolerance = 1e-6 } : options;
            AssertSame(Tableaux.Solve(method, new PlainPendulum(), [1f, 0f, 0f], saveAtF, loose), Tableaux.Solve(method, new MarkedPendulum(), [1f, 0f, 0f], saveAtF, loose), method, loose);
        }
    }

    [Fact]
    public void SolveIntoTakesTheStatePath()
    {
        // The span path ignores FusedMultiplyAdd and the state path honours it, in the stage combinations and, for a
        // marked system, in its right-hand side (the contracted form): with the flag, a marked system's span solve and
        // its explicit state solve must both give the bits of the state solve of the same system contracted by hand,
        // which differ both from the span path's and from the state solve of the right-hand side as written (fused
        // combinations only).
        double[] saveAt = [0.0, 2.5, 5.0, 10.0];
        var fused = new SolverOptions { FixedStep = 0.01, FusedMultiplyAdd = true };
        var marked = new MarkedLotkaVolterra(1.5, 3);
        double[] viaSpan = new double[8];
        SolverStats stats = Ode.SolveInto(marked, new Rk4(), [1.0, 1.0], saveAt, viaSpan, fused);
        Solution<double> byHand = Ode.Solve(new ContractedLotkaVolterra(1.5, 3), new Rk4(), new State2<double>(1, 1), saveAt, fused);
        Solution<double> asWritten = Ode.Solve(new ByValueLotkaVolterra(1.5, 3), new Rk4(), new State2<double>(1, 1), saveAt, fused);
        Solution<double> plain = Ode.Solve(new PlainLotkaVolterra(1.5, 3), new Rk4(), [1.0, 1.0], saveAt, fused);
        Assert.Equal(byHand.States, viaSpan);
        Assert.Equal(byHand.Stats, stats);
        Assert.False(plain.States.SequenceEqual(viaSpan), "the span path would have ignored FusedMultiplyAdd");
        Assert.False(asWritten.States.SequenceEqual(viaSpan), "the right-hand side was not contracted");
        Assert.Equal(byHand.States, Ode.Solve(marked, new Rk4(), [1.0, 1.0], saveAt, fused).States);
        Solution<double> explicitState = Ode.Solve(marked, new Rk4(), new State2<double>(1, 1), saveAt, fused);
        Assert.Equal(byHand.States, explicitState.States);
        Assert.Equal(byHand.Stats, explicitState.Stats);
        double[] states = new double[8];
        Ode.SolveInto(marked, new Rk4(), new State2<double>(1, 1), saveAt, states, fused);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Ode.SolveInto(marked, new Rk4(), new State2<double>(1, 1), saveAt, states, fused);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(nameof(Rk4), 4)]
    [InlineData(nameof(Dopri5), 5)]
    [InlineData(nameof(Tsit5), 5)]
    [InlineData(nameof(Bosh3), 3)]
    public void TheContractedSolveConvergesAtTheDeclaredOrder(string method, int order)
    {
        // The span solve of a marked system with and without FusedMultiplyAdd (with it, the contracted right-hand side
        // and fused combinations): the error against the exact solution falls at the method's order as h halves.
        foreach (bool fma in new[] { false, true })
        {
            var slope = new DampedSlope(fma);
            Tableaux.Visit(method, slope);
            Assert.InRange(slope.Result, order - 0.3, order + 0.3);
            Assert.True(slope.Error < 1e-3, $"{method}: error {slope.Error} at h = 0.05");
        }
    }

    /// <summary>The log-log slope of the damped oscillator's error at t = 2 against the fixed step (h = 0.1, 0.05).</summary>
    private sealed class DampedSlope(bool fma) : ITableauAction
    {
        public double Result { get; private set; }

        public double Error { get; private set; }

        public void Run<TTableau>() where TTableau : struct, IRungeKuttaTableau
        {
            var system = new MarkedDampedOscillator(2.0, 0.1);
            (double x, double v) = system.Exact(2.0);
            double ErrorAt(double h)
            {
                Solution<double> s = Ode.Solve(system, default(TTableau), [1.0, 0.0], [0.0, 2.0], new SolverOptions { FixedStep = h, FusedMultiplyAdd = fma });
                return Math.Abs(s.State(1, 0)[0] - x) + Math.Abs(s.State(1, 0)[1] - v);
            }

            Error = ErrorAt(0.05);
            Result = Math.Log(ErrorAt(0.1) / Error) / Math.Log(2);
        }
    }

    [Fact]
    public void TheContractedFormFusesInSourceOrder()
    {
        // Operands with side effects are called in C#'s left-to-right order, though fma(a, b, c) takes c last; the
        // values are the fused multiply-adds (which differ from the exact form's here, so the contraction is seen).
        var system = new MarkedCallOrder();
        var y = new State2<double>(0.1, 1.0 / 3);
        const double t = 0.7;
        MarkedCallOrder.Calls.Clear();
        State2<double> contracted = Contracted<MarkedCallOrder>(ref system, t, y);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], MarkedCallOrder.Calls);
        double f1 = Math.FusedMultiplyAdd(-0.1, 3.0, 1.0 / 3);
        Assert.Equal(Math.FusedMultiplyAdd(1.0 / 3, t, 0.1), contracted.X);
        Assert.Equal(Math.FusedMultiplyAdd(-0.7, 1.0 / 3, f1), contracted.Y);

        MarkedCallOrder.Calls.Clear();
        State2<double> exact = ((ISmallOdeSystem<double, State2<double>>)system).Evaluate(t, y);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], MarkedCallOrder.Calls);
        Assert.Equal(0.1 + ((1.0 / 3) * t), exact.X);
        Assert.Equal((1.0 / 3) - (0.1 * 3.0) - (0.7 * (1.0 / 3)), exact.Y);
        Assert.NotEqual(exact, contracted);
    }

    private static State2<double> Contracted<TSystem>(ref TSystem system, double t, State2<double> y)
        where TSystem : IContractedSmallOdeSystem<double, State2<double>> => system.EvaluateContracted(t, y);

    [Fact]
    public void FewLanesTakeTheStatePathLaneByLane()
    {
        // Three lanes (below the vector width of any machine with hardware vectors) with FusedMultiplyAdd: each lane
        // must be its own fused state solve of the contracted right-hand side, in the save-major layout, with its own
        // statistics.
        double[] saveAt = [0.0, 1.0, 4.0, 9.0];
        double[] y0 = [1.0, 1.0, 0.5, 2.0, 3.0, 0.25];
        var fused = new SolverOptions { RelativeTolerance = 1e-7, AbsoluteTolerance = 1e-9, FusedMultiplyAdd = true };
        var marked = new MarkedLotkaVolterra(1.5, 3);
        Solution<double> lanes = Ode.Solve(marked, new Dopri5(), y0, saveAt, fused);
        if (!FewLanes.Applies<Dopri5, double>(3))
        {
            // Without hardware vectors (DOTNET_EnableHWIntrinsic=0) three lanes are a batch: the batched path, which
            // ignores the flag, as for the unmarked struct.
            Assert.Equal(Ode.Solve(new PlainLotkaVolterra(1.5, 3), new Dopri5(), y0, saveAt, fused).States, lanes.States);
            return;
        }

        for (int lane = 0; lane < 3; lane++)
        {
            Solution<double> alone = Ode.Solve(new ContractedLotkaVolterra(1.5, 3), new Dopri5(), new State2<double>(y0[2 * lane], y0[(2 * lane) + 1]), saveAt, fused);
            Assert.Equal(alone.Stats, lanes.LaneStats(lane));
            for (int save = 0; save < saveAt.Length; save++)
            {
                Assert.Equal(alone.State(save, 0).ToArray(), lanes.State(save, lane).ToArray());
            }
        }

        double[] states = new double[saveAt.Length * y0.Length];
        Ode.SolveInto(marked, new Dopri5(), y0, saveAt, states, fused);
        Assert.Equal(lanes.States, states);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            Ode.SolveInto(marked, new Dopri5(), y0, saveAt, states, fused);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void AFailingLaneIsNamedAsOnTheSpanPath()
    {
        // Lanes 0 and 1 need about a hundred steps, lane 2 far more than 200.
        double[] y0 = [1.0, 1.0, 0.5, 2.0, 1e3, 1e-3];
        var options = new SolverOptions { MaxSteps = 200 };
        var fromMarked = Assert.Throws<OdeSolveException>(() => Ode.Solve(new MarkedLotkaVolterra(1.5, 3), new Dopri5(), y0, [0.0, 10.0], options));
        var fromPlain = Assert.Throws<OdeSolveException>(() => Ode.Solve(new PlainLotkaVolterra(1.5, 3), new Dopri5(), y0, [0.0, 10.0], options));
        Assert.Equal(fromPlain.Message, fromMarked.Message);
        Assert.Equal(2, fromMarked.Lane);
    }

    [Fact]
    public void SeveralLanesAndTheBatchedPathGiveTheSameBitsAsBefore()
    {
        double[] saveAt = [0.0, 1.0, 4.0];
        double[] y0 = Enumerable.Range(0, 2 * 20).Select(i => 0.5 + (0.05 * i)).ToArray();
        var options = new SolverOptions { RelativeTolerance = 1e-7, AbsoluteTolerance = 1e-9 };
        foreach (int lanes in new[] { 1, 2, 20 })
        {
            Solution<double> plain = Ode.Solve(new PlainLotkaVolterra(1.5, 3), new Dopri5(), y0.AsSpan(0, 2 * lanes), saveAt, options);
            Solution<double> marked = Ode.Solve(new MarkedLotkaVolterra(1.5, 3), new Dopri5(), y0.AsSpan(0, 2 * lanes), saveAt, options);
            Assert.Equal(plain.States, marked.States);
            for (int lane = 0; lane < lanes; lane++)
            {
                Assert.Equal(plain.LaneStats(lane), marked.LaneStats(lane));
            }
        }
    }

    [Fact]
    public void BadInputIsReportedAsOnTheSpanPath()
    {
        var marked = new MarkedLotkaVolterra(1.5, 3);
        Assert.Equal("states", Assert.Throws<ArgumentException>(() => Ode.SolveInto(marked, new Dopri5(), [1.0, 1.0], [0.0, 1.0], new double[3])).ParamName);
        Assert.Equal("saveAt", Assert.Throws<ArgumentException>(() => Ode.Solve(marked, new Dopri5(), [1.0, 1.0], [1.0, 0.0])).ParamName);
        Assert.Equal("y0", Assert.Throws<ArgumentException>(() => Ode.Solve(marked, new Dopri5(), [double.NaN, 1.0], [0.0, 1.0])).ParamName);
        var options = new SolverOptions { MaxSteps = 50 };
        var fromMarked = Assert.Throws<OdeSolveException>(() => Ode.Solve(marked, new Dopri5(), [1e3, 1e-3], [0.0, 10.0], options));
        var fromPlain = Assert.Throws<OdeSolveException>(() => Ode.Solve(new PlainLotkaVolterra(1.5, 3), new Dopri5(), [1e3, 1e-3], [0.0, 10.0], options));
        Assert.Equal(fromPlain.Message, fromMarked.Message);
    }

    [Fact]
    public void SolveIntoAllocatesNothingAfterTheFirstCall()
    {
        double[] saveAt = [0.0, 5.0, 10.0];
        double[] y0 = [1.0, 1.0], states = new double[6];
        var marked = new MarkedLotkaVolterra(1.5, 3);
        Ode.SolveInto(marked, new Dopri5(), y0, saveAt, states);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            Ode.SolveInto(marked, new Dopri5(), y0, saveAt, states);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void TheFormsStateSolveChecksWhatItDoesNotTrust()
    {
        // SolveState is reachable from any class derived from SmallSystemForm; the span solve validated the rest.
        var form = new ExposedForm();
        double[] saveAt = [0.0, 1.0];
        Assert.Throws<ArgumentException>(() => form.Solve([1.0, 1.0, 1.0], saveAt, new double[4], SolverOptions.Default));
        Assert.Throws<ArgumentException>(() => form.Solve([1.0, 1.0], saveAt, new double[3], SolverOptions.Default));
        Assert.Throws<NotSupportedException>(() => form.Solve([1.0, 1.0], saveAt, new double[4], new SolverOptions { Backend = Backend.Cuda }));
        double[] states = new double[4];
        Assert.True(form.Solve([1.0, 1.0], saveAt, states, SolverOptions.Default).AcceptedSteps > 0);
        Assert.Equal(Ode.Solve(new PlainLotkaVolterra(1.5, 3), new Dopri5(), [1.0, 1.0], saveAt).States, states);
    }

    private static void AssertSame<T>(Solution<T> expected, Solution<T> actual, string method, SolverOptions options)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.True(expected.States.SequenceEqual(actual.States), $"{method}, {options}: states differ");
        Assert.Equal(expected.Stats, actual.Stats);
    }

    /// <summary>A form outside the generator, to reach <c>SolveState</c> with inputs no span solve validated.</summary>
    private sealed class ExposedForm : SmallSystemForm<MarkedLotkaVolterra, double>
    {
        public override SolverStats SolveInto<TTableau>(MarkedLotkaVolterra system, ReadOnlySpan<double> y0, ReadOnlySpan<double> saveAt, Span<double> states, SolverOptions options, int lane) =>
            throw new NotSupportedException();

        public SolverStats Solve(double[] y0, double[] saveAt, double[] states, SolverOptions options)
        {
            var system = new MarkedLotkaVolterra(1.5, 3);
            return SolveState<State2<double>, MarkedLotkaVolterra, Dopri5>(ref system, y0, saveAt, states, options, 0);
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;

namespace OdeKernels.Tests.SingleLane;

/// <summary>
/// The state path (<see cref="ISmallOdeSystem{T, TState}"/>, the generated <c>StepState</c>) against the span path
/// for the same arithmetic: the same bits and step counts for every built-in tableau, both save modes, adaptive and
/// fixed steps; with <see cref="SolverOptions.FusedMultiplyAdd"/> other bits that agree to rounding; the order of
/// accuracy against an exact solution; failures and bad input as on the span path; no allocation after warm-up.
/// </summary>
public sealed class StatePathTests
{
    public static IEnumerable<object[]> Methods() => Tableaux.All.Select(m => new object[] { m });

    [Theory]
    [MemberData(nameof(Methods))]
    public void OneLaneGivesTheSameBitsThroughBothPaths(string method)
    {
        Tableaux.Visit(method, new BothPaths<double>());
        Tableaux.Visit(method, new BothPaths<float>());
    }

    [Theory]
    [InlineData(nameof(Rk4), 4)]
    [InlineData(nameof(Dopri5), 5)]
    [InlineData(nameof(Tsit5), 5)]
    [InlineData(nameof(Bosh3), 3)]
    public void ConvergesAtTheDeclaredOrderWithAndWithoutFma(string method, int order)
    {
        foreach (bool fma in new[] { false, true })
        {
            var slope = new Slope(fma);
            Tableaux.Visit(method, slope);
            Assert.InRange(slope.Result, order - 0.3, order + 0.3);
        }
    }

    [Fact]
    public void FusedMultiplyAddChangesTheBitsButAgreesToRounding()
    {
        double[] saveAt = [0.0, 2.5, 5.0, 10.0];
        var plain = new SolverOptions { FixedStep = 0.01 };
        var fused = plain with { FusedMultiplyAdd = true };
        Solution<double> a = Ode.Solve(new LotkaVolterra<double>(), new Rk4(), new State2<double>(1, 1), saveAt, plain);
        Solution<double> b = Ode.Solve(new LotkaVolterra<double>(), new Rk4(), new State2<double>(1, 1), saveAt, fused);
        Assert.False(a.States.SequenceEqual(b.States), "FMA should change some bits");
        for (int i = 0; i < a.States.Length; i++)
        {
            Assert.True(Math.Abs(a.States[i] - b.States[i]) <= 1e-11 * Math.Max(1, Math.Abs(a.States[i])), $"value {i}: {a.States[i]} vs {b.States[i]}");
        }

        // Adaptive: the step sequences may part by a step, the solutions agree far inside the tolerance.
        var adaptive = new SolverOptions { RelativeTolerance = 1e-8, AbsoluteTolerance = 1e-10 };
        Solution<double> c = Ode.Solve(new Lorenz<double>(), new Dopri5(), new State3<double>(1, 1, 1), [0.0, 1.0], adaptive);
        Solution<double> d = Ode.Solve(new Lorenz<double>(), new Dopri5(), new State3<double>(1, 1, 1), [0.0, 1.0], adaptive with { FusedMultiplyAdd = true });
        Assert.False(c.States.SequenceEqual(d.States));
        for (int i = 0; i < c.States.Length; i++)
        {
            Assert.True(Math.Abs(c.States[i] - d.States[i]) <= 1e-6 * Math.Max(1, Math.Abs(c.States[i])), $"Lorenz value {i}: {c.States[i]} vs {d.States[i]}");
        }

        // The span path ignores the flag (documented).
        Solution<double> e = Ode.Solve(new LotkaVolterra<double>(), new Rk4(), [1.0, 1.0], saveAt, fused);
        Assert.True(a.States.SequenceEqual(e.States));
    }

    [Fact]
    public void BuiltInMultiplyAddGivesTheOperatorsBits()
    {
        // The generated default step adds each term with MultiplyAdd; its bits must be addend + scale * state's.
        var random = new Random(17);
        double Next() => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 8));
        for (int i = 0; i < 1000; i++)
        {
            double scale = Next();
            var a2 = new State2<double>(Next(), Next());
            var b2 = new State2<double>(Next(), Next());
            Assert.Equal(Bits<State2<double>, double>(b2 + (scale * a2)), Bits<State2<double>, double>(State2<double>.MultiplyAdd(scale, a2, b2)));
            var a3 = new State3<double>(Next(), Next(), Next());
            var b3 = new State3<double>(Next(), Next(), Next());
            Assert.Equal(Bits<State3<double>, double>(b3 + (scale * a3)), Bits<State3<double>, double>(State3<double>.MultiplyAdd(scale, a3, b3)));
            var a4 = new State4<float>((float)Next(), (float)Next(), (float)Next(), (float)Next());
            var b4 = new State4<float>((float)Next(), (float)Next(), (float)Next(), (float)Next());
            Assert.Equal(Bits<State4<float>, float>(b4 + ((float)scale * a4)), Bits<State4<float>, float>(State4<float>.MultiplyAdd((float)scale, a4, b4)));
        }

        // A pair where the fused multiply-add rounds once and the unfused twice: MultiplyAdd is not fused.
        double x = 1 + Math.Pow(2, -30);
        var s = new State2<double>(x, x);
        var minusOne = new State2<double>(-1, -1);
        Assert.Equal(0.0, State2<double>.MultiplyAdd(x, s, minusOne).X - ((x * x) - 1));
        Assert.NotEqual(State2<double>.MultiplyAdd(x, s, minusOne).X, State2<double>.FusedMultiplyAdd(x, s, minusOne).X);
    }

    [Fact]
    public void AUserStateWithTheDefaultMembersMatchesTheSpanPath()
    {
        double[] saveAt = [0.0, 1.0, 3.0, 7.0];
        foreach (SaveMode mode in new[] { SaveMode.Step, SaveMode.Interpolate })
        {
            var options = new SolverOptions { RelativeTolerance = 1e-7, AbsoluteTolerance = 1e-9, SaveMode = mode };
            Solution<double> state = Ode.Solve(new Harmonic(), new Dopri5(), new Oscillator(1, 0), saveAt, options);
            Solution<double> span = Ode.Solve(new Harmonic(), new Dopri5(), [1.0, 0.0], saveAt, options);
            Assert.Equal(span.Stats, state.Stats);
            Assert.True(span.States.SequenceEqual(state.States), $"{mode}");
            Assert.Equal(Math.Cos(7.0), state.State(3, 0)[0], 1e-6);

            Solution<double> fused = Ode.Solve(new Harmonic(), new Dopri5(), new Oscillator(1, 0), saveAt, options with { FusedMultiplyAdd = true });
            Assert.Equal(Math.Cos(7.0), fused.State(3, 0)[0], 1e-6);
        }
    }

    [Fact]
    public void BadInputAndFailuresAreReportedAsOnTheSpanPath()
    {
        var y0 = new State2<double>(1, 1);
        var ex = Assert.Throws<ArgumentException>(() => Ode.SolveInto(new LotkaVolterra<double>(), new Dopri5(), y0, [0.0, 1.0], new double[3]));
        Assert.Equal("states", ex.ParamName);
        Assert.Contains("3", ex.Message);
        Assert.Equal("saveAt", Assert.Throws<ArgumentException>(() => Ode.Solve(new LotkaVolterra<double>(), new Dopri5(), y0, [1.0, 0.0])).ParamName);
        Assert.Equal("y0", Assert.Throws<ArgumentException>(() => Ode.Solve(new LotkaVolterra<double>(), new Dopri5(), new State2<double>(double.NaN, 1), [0.0, 1.0])).ParamName);
        Assert.Throws<NotSupportedException>(() => Ode.Solve(new LotkaVolterra<double>(), new Dopri5(), y0, [0.0, 1.0], new SolverOptions { Backend = Backend.Cuda }));

        // Too few steps, and a fixed step that blows up: the same failures, messages and all, on both paths.
        var options = new SolverOptions { MaxSteps = 50 };
        var fromState = Assert.Throws<OdeSolveException>(() => Ode.Solve(new LotkaVolterra<double>(), new Dopri5(), new State2<double>(1e3, 1e-3), [0.0, 10.0], options));
        var fromSpan = Assert.Throws<OdeSolveException>(() => Ode.Solve(new LotkaVolterra<double>(), new Dopri5(), [1e3, 1e-3], [0.0, 10.0], options));
        Assert.Equal(fromSpan.Message, fromState.Message);
        var fixedState = Assert.Throws<OdeSolveException>(() => Ode.Solve(new Lorenz<double>(), new Rk4(), new State3<double>(1, 1, 1), [0.0, 10.0], new SolverOptions { FixedStep = 1.0 }));
        var fixedSpan = Assert.Throws<OdeSolveException>(() => Ode.Solve(new Lorenz<double>(), new Rk4(), [1.0, 1.0, 1.0], [0.0, 10.0], new SolverOptions { FixedStep = 1.0 }));
        Assert.Equal(fixedSpan.Message, fixedState.Message);
    }

    [Fact]
    public void SolveIntoAllocatesNothingAfterWarmUp()
    {
        double[] saveAt = [0.0, 5.0, 10.0];
        double[] states = new double[6];
        var options = new SolverOptions { SaveMode = SaveMode.Interpolate };
        for (int i = 0; i < 3; i++)
        {
            Ode.SolveInto(new LotkaVolterra<double>(), new Dopri5(), new State2<double>(1, 1), saveAt, states, options);
            Ode.SolveInto(new LotkaVolterra<double>(), new Dopri5(), new State2<double>(1, 1), saveAt, states);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            Ode.SolveInto(new LotkaVolterra<double>(), new Dopri5(), new State2<double>(1, 1), saveAt, states, options);
            Ode.SolveInto(new LotkaVolterra<double>(), new Dopri5(), new State2<double>(1, 1), saveAt, states);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>The components' bit patterns (a float widens to double exactly).</summary>
    private static long[] Bits<TState, T>(TState state)
        where TState : struct, IStateVector<TState, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = new T[TState.Size];
        state.CopyTo(values);
        return [.. values.Select(v => BitConverter.DoubleToInt64Bits(double.CreateTruncating(v)))];
    }

    private sealed class BothPaths<T> : ITableauAction where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run<TTableau>() where TTableau : struct, IRungeKuttaTableau
        {
            T[] saveAt = [T.Zero, T.CreateTruncating(0.25), T.CreateTruncating(1.0), T.CreateTruncating(2.5)];
            double tol = typeof(T) == typeof(float) ? 1e-5 : 1e-8;
            var settings = new List<SolverOptions> { new() { FixedStep = 0.01 }, new() { FixedStep = 0.03, SaveMode = SaveMode.Interpolate } };
            if (TTableau.Info.HasEmbedded)
            {
                settings.Add(new() { RelativeTolerance = tol, AbsoluteTolerance = tol / 10 });
                settings.Add(new() { RelativeTolerance = tol * 100, AbsoluteTolerance = tol, InitialStep = 0.5, MaxStep = 0.2, ControllerBeta = 0 });
                settings.Add(new() { RelativeTolerance = tol, AbsoluteTolerance = tol / 10, SaveMode = SaveMode.Interpolate });
                // Boost.Odeint's controller: its maximum norm in every generated step, its rules in every integrator.
                settings.Add(new() { RelativeTolerance = tol, AbsoluteTolerance = tol / 10, StepSizeControl = StepSizeControl.Odeint });
                settings.Add(new() { RelativeTolerance = tol * 100, AbsoluteTolerance = tol, InitialStep = 0.5, MaxStep = 0.2, StepSizeControl = StepSizeControl.Odeint, SaveMode = SaveMode.Interpolate });
            }

            T one = T.One;
            foreach (SolverOptions options in settings)
            {
                string what = $"{TTableau.Info.Name} {typeof(T).Name} {options}";
                Compare<TTableau, LotkaVolterra<T>, State2<T>>(new(), new State2<T>(one, one), saveAt, options, "Lotka-Volterra " + what);
                Compare<TTableau, VanDerPol<T>, State2<T>>(new(), new State2<T>(T.CreateTruncating(2.0), T.Zero), saveAt, options, "van der Pol " + what);
                // Lorenz over a fifth of the span: Euler's fixed step and HeunEuler's float tolerances hold there.
                T[] shorter = [.. saveAt.Select(t => T.CreateTruncating(0.2) * t)];
                Compare<TTableau, Lorenz<T>, State3<T>>(new(), new State3<T>(one, one, one), shorter, options with { FixedStep = options.FixedStep / 5 }, "Lorenz " + what);
                Compare<TTableau, DrivenRing4<T>, State4<T>>(new(), new State4<T>(one, T.CreateTruncating(0.5), -one, T.CreateTruncating(0.25)), saveAt, options, "ring " + what);
            }
        }

        private static void Compare<TTableau, TSystem, TState>(TSystem system, TState y0, T[] saveAt, SolverOptions options, string what)
            where TTableau : struct, IRungeKuttaTableau
            where TSystem : ISmallOdeSystem<T, TState>, IOdeSystem<T>
            where TState : unmanaged, IStateVector<TState, T>
        {
            T[] start = new T[TState.Size];
            y0.CopyTo(start);
            Solution<T> span = Ode.Solve(system, default(TTableau), start, saveAt, options);
            Solution<T> state = Ode.Solve(system, default(TTableau), y0, saveAt, options);
            Assert.True(span.Stats.AcceptedSteps > 2, $"{what}: should take several steps");
            Assert.Equal(span.Stats, state.Stats);
            for (int k = 0; k < span.States.Length; k++)
            {
                Assert.True(span.States[k].Equals(state.States[k]), $"{what}: value {k} is {state.States[k]} on the state path and {span.States[k]} on the span path");
            }
        }
    }

    /// <summary>The log-log slope of the error at t = 2 of the harmonic oscillator against the fixed step (h = 0.1, 0.05).</summary>
    private sealed class Slope(bool fma) : ITableauAction
    {
        public double Result { get; private set; }

        public void Run<TTableau>() where TTableau : struct, IRungeKuttaTableau
        {
            double Error(double h)
            {
                var options = new SolverOptions { FixedStep = h, FusedMultiplyAdd = fma };
                Solution<double> s = Ode.Solve(new Harmonic(), default(TTableau), new Oscillator(1, 0), [0.0, 2.0], options);
                return Math.Abs(s.State(1, 0)[0] - Math.Cos(2.0)) + Math.Abs(s.State(1, 0)[1] + Math.Sin(2.0));
            }

            Result = Math.Log(Error(0.1) / Error(0.05)) / Math.Log(2);
        }
    }
}

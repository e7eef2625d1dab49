using System;
using OdeKernels.Benchmarks.Workloads;

namespace OdeKernels.Benchmarks.Tests;

/// <summary>
/// The one-trajectory section's systems with their right-hand sides fused as GCC fuses Boost's
/// (<see cref="LotkaVolterraFusedSystem"/>, <see cref="VanDerPolFusedSystem"/>, <see cref="LorenzFusedSystem"/>) must
/// be the same systems: their two forms (span and state) agree bit for bit, each value is the plain system's to within
/// the roundings the fusion removes, and a solve with Boost's controller takes the plain system's steps.
/// </summary>
public sealed class SmallSystemsTests
{
    [Theory]
    [InlineData(2.0, 0.0)]
    [InlineData(-1.3, 0.7)]
    [InlineData(0.25, -3.5)]
    [InlineData(1.0, 1.0)]
    public void Fused_van_der_Pol_is_van_der_Pol_to_rounding_in_both_forms(double x, double y)
    {
        var fused = default(VanDerPolFusedSystem);
        var plain = default(VanDerPolSystem);
        var span = new double[2];
        fused.Evaluate(0.0, [x, y], span);
        State2<double> state = fused.Evaluate(0.0, new State2<double>(x, y));
        State2<double> reference = plain.Evaluate(0.0, new State2<double>(x, y));

        Assert.Equal(BitConverter.DoubleToInt64Bits(span[0]), BitConverter.DoubleToInt64Bits(state.X));
        Assert.Equal(BitConverter.DoubleToInt64Bits(span[1]), BitConverter.DoubleToInt64Bits(state.Y));
        Assert.Equal(y, state.X);
        double exact = ((1.0 - (x * x)) * y) - x;
        double scale = (Math.Abs(x * x * y) + Math.Abs(y) + Math.Abs(x)) * 4 * Math.Pow(2, -52);
        Assert.InRange(state.Y - reference.Y, -scale, scale);
        Assert.InRange(state.Y - exact, -scale, scale);
    }

    [Fact]
    public void Fused_van_der_Pol_takes_the_plain_systems_steps_with_Boosts_controller()
    {
        var options = new SolverOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8, InitialStep = 0.01, StepSizeControl = StepSizeControl.Odeint, FusedMultiplyAdd = true };
        double[] fused = new double[4], plain = new double[4];
        SolverStats fusedStats = Ode.SolveInto(default(VanDerPolFusedSystem), default(Dopri5), new State2<double>(2.0, 0.0), [0.0, 20.0], fused, options);
        SolverStats plainStats = Ode.SolveInto(default(VanDerPolSystem), default(Dopri5), new State2<double>(2.0, 0.0), [0.0, 20.0], plain, options);

        Assert.Equal(plainStats, fusedStats);
        Assert.Equal(plain[2], fused[2], 1e-10);
        Assert.Equal(plain[3], fused[3], 1e-10);
    }

    [Fact]
    public void Marked_systems_solve_as_the_plain_systems_bit_for_bit()
    {
        // The report times the [SmallOdeSystem] twins beside the plain systems' span solves; they must be the same solves.
        var adaptive = new SolverOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };
        var fixedStep = new SolverOptions { FixedStep = 0.01 };
        foreach (SolverOptions options in new[] { adaptive, fixedStep, adaptive with { InitialStep = 0.01, StepSizeControl = StepSizeControl.Odeint } })
        {
            AssertSameSolve(Solve(default(LotkaVolterraSystem), [1.0, 1.0], 10.0, options), Solve(default(MarkedLotkaVolterraSystem), [1.0, 1.0], 10.0, options));
            AssertSameSolve(Solve(default(VanDerPolSystem), [2.0, 0.0], 20.0, options), Solve(default(MarkedVanDerPolSystem), [2.0, 0.0], 20.0, options));
            AssertSameSolve(Solve(default(LorenzSystem), [1.0, 1.0, 1.0], 10.0, options), Solve(default(MarkedLorenzSystem), [1.0, 1.0, 1.0], 10.0, options));
        }

        Assert.True(typeof(ISmallOdeSystem<double, State3<double>>).IsAssignableFrom(typeof(MarkedLorenzSystem)), "the generator wrote no state form");
    }

    [Fact]
    public void Marked_systems_with_FusedMultiplyAdd_solve_as_the_systems_fused_by_hand()
    {
        // The report times the [SmallOdeSystem] twins with FusedMultiplyAdd against Boost's FMA build: their contracted
        // right-hand sides must be the by-value systems fused by hand where GCC fuses Boost's (read from g++ -S), so the
        // same solves bit for bit (van der Pol's 1.0·z is z exactly).
        var adaptive = new SolverOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8, FusedMultiplyAdd = true };
        foreach (SolverOptions options in new[] { adaptive, new SolverOptions { FixedStep = 0.01, FusedMultiplyAdd = true }, adaptive with { InitialStep = 0.01, StepSizeControl = StepSizeControl.Odeint } })
        {
            AssertSameSolve(SolveState<LotkaVolterraFusedSystem, State2<double>>(default, [1.0, 1.0], 10.0, options), Solve(default(MarkedLotkaVolterraSystem), [1.0, 1.0], 10.0, options));
            AssertSameSolve(SolveState<VanDerPolFusedSystem, State2<double>>(default, [2.0, 0.0], 20.0, options), Solve(default(MarkedVanDerPolSystem), [2.0, 0.0], 20.0, options));
            AssertSameSolve(SolveState<LorenzFusedSystem, State3<double>>(default, [1.0, 1.0, 1.0], 10.0, options), Solve(default(MarkedLorenzSystem), [1.0, 1.0, 1.0], 10.0, options));
        }
    }

    private static (double[] States, SolverStats Stats) SolveState<TSystem, TState>(TSystem system, double[] y0, double end, SolverOptions options)
        where TSystem : struct, ISmallOdeSystem<double, TState>
        where TState : unmanaged, IStateVector<TState, double>
    {
        double[] states = new double[2 * y0.Length];
        SolverStats stats = options.FixedStep is null
            ? Ode.SolveInto(system, default(Dopri5), TState.Load(y0), [0.0, end], states, options)
            : Ode.SolveInto(system, default(Rk4), TState.Load(y0), [0.0, end], states, options);
        return (states, stats);
    }

    private static void AssertSameSolve((double[] States, SolverStats Stats) expected, (double[] States, SolverStats Stats) actual)
    {
        Assert.Equal(expected.States, actual.States);
        Assert.Equal(expected.Stats, actual.Stats);
    }

    private static (double[] States, SolverStats Stats) Solve<TSystem>(TSystem system, double[] y0, double end, SolverOptions options)
        where TSystem : struct, IOdeSystem<double>
    {
        double[] states = new double[2 * y0.Length];
        SolverStats stats = options.FixedStep is null
            ? Ode.SolveInto(system, default(Dopri5), y0, [0.0, end], states, options)
            : Ode.SolveInto(system, default(Rk4), y0, [0.0, end], states, options);
        return (states, stats);
    }

    [Theory]
    [InlineData(1.0, 1.0, 0.5)]
    [InlineData(-1.3, 0.7, 30.0)]
    [InlineData(0.25, -3.5, 12.0)]
    [InlineData(17.0, -9.0, 41.0)]
    public void Fused_Lotka_Volterra_and_Lorenz_are_the_plain_systems_to_rounding_in_both_forms(double x, double y, double z)
    {
        AssertSame(default(LotkaVolterraFusedSystem), default(LotkaVolterraSystem), new State2<double>(x, y), [x, y], 1.5 + 3.0);
        AssertSame(default(LorenzFusedSystem), default(LorenzSystem), new State3<double>(x, y, z), [x, y, z], 28.0 + 10.0);
    }

    [Fact]
    public void Fused_Lotka_Volterra_and_Lorenz_take_the_plain_systems_steps_with_Boosts_controller()
    {
        var options = new SolverOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8, InitialStep = 0.01, StepSizeControl = StepSizeControl.Odeint, FusedMultiplyAdd = true };
        double[] fused = new double[4], plain = new double[4];
        Assert.Equal(
            Ode.SolveInto(default(LotkaVolterraSystem), default(Dopri5), new State2<double>(1.0, 1.0), [0.0, 10.0], plain, options),
            Ode.SolveInto(default(LotkaVolterraFusedSystem), default(Dopri5), new State2<double>(1.0, 1.0), [0.0, 10.0], fused, options));
        Assert.Equal(plain[2], fused[2], 1e-10);
        Assert.Equal(plain[3], fused[3], 1e-10);

        // Lorenz is chaotic: over [0, 1] the two stay within rounding's growth and take the same steps.
        double[] fused3 = new double[6], plain3 = new double[6];
        Assert.Equal(
            Ode.SolveInto(default(LorenzSystem), default(Dopri5), new State3<double>(1.0, 1.0, 1.0), [0.0, 1.0], plain3, options),
            Ode.SolveInto(default(LorenzFusedSystem), default(Dopri5), new State3<double>(1.0, 1.0, 1.0), [0.0, 1.0], fused3, options));
        for (int c = 3; c < 6; c++)
        {
            Assert.Equal(plain3[c], fused3[c], 1e-8);
        }
    }

    /// <summary>
    /// The fused system's span and state forms give the same bits, and each component is the plain system's within a
    /// few roundings of the terms' size (<paramref name="coefficients"/> bounds the constants multiplied in).
    /// </summary>
    private static void AssertSame<TFused, TPlain, TState>(TFused fused, TPlain plain, TState state, double[] values, double coefficients)
        where TFused : IOdeSystem<double>, ISmallOdeSystem<double, TState>
        where TPlain : ISmallOdeSystem<double, TState>
        where TState : unmanaged, IStateVector<TState, double>
    {
        int n = values.Length;
        var span = new double[n];
        var fromState = new double[n];
        var reference = new double[n];
        fused.Evaluate(0.0, values, span);
        fused.Evaluate(0.0, state).CopyTo(fromState);
        plain.Evaluate(0.0, state).CopyTo(reference);
        double magnitude = 0;
        foreach (double v in values)
        {
            magnitude = Math.Max(magnitude, Math.Abs(v));
        }

        double scale = ((magnitude * magnitude) + (coefficients * magnitude)) * 4 * Math.Pow(2, -52);
        for (int c = 0; c < n; c++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(span[c]), BitConverter.DoubleToInt64Bits(fromState[c]));
            Assert.InRange(fromState[c] - reference[c], -scale, scale);
        }
    }
}

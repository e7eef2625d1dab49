using System;
using OdeKernels.Benchmarks.Workloads;

namespace OdeKernels.Benchmarks.Tests;

/// <summary>
/// The one-trajectory section's van der Pol with its right-hand side fused (<see cref="VanDerPolFusedSystem"/>) must be
/// van der Pol: its two forms (span and state) agree bit for bit, each value is the plain system's to within the
/// roundings the fusion removes, and a solve with Boost's controller takes the plain system's steps.
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
}

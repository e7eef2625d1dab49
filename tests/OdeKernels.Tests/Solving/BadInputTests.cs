using System;

namespace OdeKernels.Tests.Solving;

/// <summary>Malformed inputs fail up front with the parameter and the value; failing lanes name lane and time.</summary>
public sealed class BadInputTests
{
    private static readonly SolverOptions Tight = new() { RelativeTolerance = 1e-8, AbsoluteTolerance = 1e-10 };

    [Theory]
    [InlineData(double.NaN, "y0", "NaN")]
    [InlineData(double.PositiveInfinity, "y0", "Infinity")]
    public void NonFiniteInitialStateIsRejected(double bad, string name, string shown)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => Ode.Solve(new Decay<double>(), new Tsit5(), [1.0, bad], [0.0, 1.0]));
        Assert.Equal(name, ex.ParamName);
        Assert.Contains(shown, ex.Message);
        Assert.Contains("lane 1", ex.Message);
    }

    [Fact]
    public void InitialStateLengthMustBeAMultipleOfStateSize()
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => Ode.Solve(new Rotation<double>(), new Tsit5(), [1.0, 0.0, 1.0, 2.0], [0.0, 1.0]));
        Assert.Equal("y0", ex.ParamName);
        Assert.Contains("4", ex.Message);
        Assert.Contains("StateSize = 3", ex.Message);
    }

    [Fact]
    public void EmptySaveTimesAreRejected()
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => Ode.Solve(new Decay<double>(), new Tsit5(), [1.0], Array.Empty<double>()));
        Assert.Equal("saveAt", ex.ParamName);
    }

    [Theory]
    [InlineData(0.5, 0.5)]
    [InlineData(0.5, 0.2)]
    public void SaveTimesMustBeStrictlyIncreasing(double second, double third)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => Ode.Solve(new Decay<double>(), new Tsit5(), [1.0], [0.0, second, third]));
        Assert.Equal("saveAt", ex.ParamName);
        Assert.Contains($"saveAt[2] = {third}", ex.Message);
    }

    public static TheoryData<SolverOptions, string, string> BadOptions() => new()
    {
        { new SolverOptions { RelativeTolerance = 0 }, "options.RelativeTolerance", "0" },
        { new SolverOptions { AbsoluteTolerance = -1e-6 }, "options.AbsoluteTolerance", "-1E-06" },
        { new SolverOptions { FixedStep = 0 }, "options.FixedStep", "0" },
        { new SolverOptions { FixedStep = double.NaN }, "options.FixedStep", "NaN" },
        { new SolverOptions { InitialStep = -0.1 }, "options.InitialStep", "-0.1" },
        { new SolverOptions { MaxStep = 0 }, "options.MaxStep", "0" },
        { new SolverOptions { MinStep = -1 }, "options.MinStep", "-1" },
        { new SolverOptions { MaxSteps = 0 }, "options.MaxSteps", "0" },
        { new SolverOptions { Safety = 1.5 }, "options.Safety", "1.5" },
        { new SolverOptions { MinFactor = 1 }, "options.MinFactor", "1" },
        { new SolverOptions { MaxFactor = 0.5 }, "options.MaxFactor", "0.5" },
        { new SolverOptions { ControllerBeta = -0.1 }, "options.ControllerBeta", "-0.1" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void BadOptionsNameTheOptionAndTheValue(SolverOptions options, string name, string value)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => Ode.Solve(new Decay<double>(), new Tsit5(), [1.0], [0.0, 1.0], options));
        Assert.Equal(name, ex.ParamName);
        Assert.Contains(value, ex.Message);
    }

    [Fact]
    public void AdaptiveSteppingNeedsEmbeddedWeights()
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => Ode.Solve(new Decay<double>(), new Rk4(), [1.0], [0.0, 1.0]));
        Assert.Equal("options.FixedStep", ex.ParamName);
        Assert.Contains("Rk4", ex.Message);
    }

    [Fact]
    public void BlowUpUnderflowsTheStepAndNamesLaneAndTime()
    {
        // Lane 1 blows up at t = 1/2; lane 0 (at t = 1/0.1) would be fine on [0, 1].
        var ex = Assert.Throws<OdeSolveException>(() => Ode.Solve(new BlowUp(), new Tsit5(), [0.1, 2.0], [0.0, 1.0], Tight));
        Assert.Equal(1, ex.Lane);
        Assert.InRange(ex.Time, 0.45, 0.51);
        Assert.Contains("Lane 1", ex.Message);
    }

    [Fact]
    public void MinStepFailureNamesTheLimit()
    {
        var options = Tight with { MinStep = 1e-4 };
        var ex = Assert.Throws<OdeSolveException>(() => Ode.Solve(new BlowUp(), new Tsit5(), [2.0], [0.0, 1.0], options));
        Assert.Equal(0, ex.Lane);
        Assert.Contains("MinStep", ex.Message);
        Assert.InRange(ex.Time, 0.4, 0.5);
    }

    [Fact]
    public void ExceedingMaxStepsNamesTheLimit()
    {
        var options = new SolverOptions { FixedStep = 0.001, MaxSteps = 100 };
        var ex = Assert.Throws<OdeSolveException>(() => Ode.Solve(new Decay<double>(), new Rk4(), [1.0], [0.0, 1.0], options));
        Assert.Equal(0, ex.Lane);
        Assert.Contains("MaxSteps = 100", ex.Message);
        Assert.Equal(0.1, ex.Time, 1e-9);
    }

    [Fact]
    public void NonFiniteDerivativeFailsTheLane()
    {
        var ex = Assert.Throws<OdeSolveException>(() => Ode.Solve(new NaNAfter(0.25), new Tsit5(), [0.0], [0.0, 1.0]));
        Assert.Equal(0, ex.Lane);
        Assert.Contains("non-finite", ex.Message);
        Assert.InRange(ex.Time, 0.0, 0.3);
    }

    [Fact]
    public void NonFiniteStateInAFixedStepFailsTheLane()
    {
        var ex = Assert.Throws<OdeSolveException>(() => Ode.Solve(new BlowUp(), new Euler(), [1.0, 1e300], [0.0, 1.0], new SolverOptions { FixedStep = 0.5 }));
        Assert.Equal(1, ex.Lane);
        Assert.Contains("non-finite", ex.Message);
    }
}

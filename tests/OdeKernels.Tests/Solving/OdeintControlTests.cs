using System;
using OdeKernels.Solving;
using OdeKernels.Tests.SingleLane;

namespace OdeKernels.Tests.Solving;

/// <summary>
/// <see cref="StepSizeControl.Odeint"/> takes Boost.Odeint's steps: checked against a second implementation of Boost's
/// controlled stepper written here from its rules (a plain explicit Runge–Kutta loop over the tableau's coefficients,
/// Boost's error checker and step adjuster, its integrate_times landing), which shares nothing with the generated steps
/// or the integrators but the coefficients; and against the counts Boost 1.74 itself reports for the one-trajectory
/// benchmark (bench/boost/odeint_reference.cpp: Lotka–Volterra, Dopri5 from dt = 0.01, 92 steps and 661 evaluations).
/// </summary>
public sealed class OdeintControlTests
{
    private const double Rtol = 1e-6, Atol = 1e-8;

    [Fact]
    public void LotkaVolterraTakesBoostsStepsAndCounts()
    {
        var options = new SolverOptions { RelativeTolerance = Rtol, AbsoluteTolerance = Atol, InitialStep = 0.01, StepSizeControl = StepSizeControl.Odeint };
        Solution<double> ours = Ode.Solve(new LotkaVolterra<double>(), new Dopri5(), [1.0, 1.0], [0.0, 10.0], options);
        Reference reference = Reference.Solve(new LotkaVolterra<double>(), Dopri5.Info, [1.0, 1.0], 10.0, 0.01);

        // Boost 1.74's own figures for this solve (the report's one-trajectory table): 92 steps, 661 evaluations.
        Assert.Equal(92, reference.Accepted);
        Assert.Equal(661, reference.Evaluations);
        Assert.Equal(reference.Accepted, ours.Stats.AcceptedSteps);
        Assert.Equal(reference.Rejected, ours.Stats.RejectedSteps);
        Assert.Equal(reference.Evaluations, ours.Stats.Evaluations);
        AssertClose(reference.State, ours.State(1, 0), 1e-12);

        // The default controller takes other steps: the option is not ignored.
        Solution<double> pi = Ode.Solve(new LotkaVolterra<double>(), new Dopri5(), [1.0, 1.0], [0.0, 10.0], options with { StepSizeControl = StepSizeControl.ProportionalIntegral });
        Assert.NotEqual(ours.Stats, pi.Stats);
    }

    [Theory]
    [InlineData(nameof(Dopri5))]
    [InlineData(nameof(Tsit5))]
    [InlineData(nameof(Bosh3))]
    [InlineData(nameof(Vern7))]
    public void EveryPathAgreesWithTheReference(string method)
    {
        var action = new AgainstReference();
        Tableaux.Visit(method, action);
        Assert.True(action.Checked, method);
    }

    [Fact]
    public void ControllerFollowsBoostsRules()
    {
        var options = new SolverOptions { StepSizeControl = StepSizeControl.Odeint };
        var controller = StepController.For(Dopri5.Info, options);
        double memory = 1.0;

        // 0.5 ≤ err ≤ 1 keeps the step; below 0.5 it grows by 0.9·err^(−1/5), at most 0.9·5 (error floored at 5⁻⁵).
        Assert.Equal(0.1, controller.AfterAccept(0.1, 0.1, clipped: false, 0.7, ref memory));
        Assert.Equal(0.1 * (0.9 * Math.Pow(0.1, -0.2)), controller.AfterAccept(0.1, 0.1, clipped: false, 0.1, ref memory));
        Assert.Equal(0.1 * (0.9 * Math.Pow(Math.Pow(5.0, -5), -0.2)), controller.AfterAccept(0.1, 0.1, clipped: false, 1e-12, ref memory), 15);
        Assert.Equal(0.45, controller.AfterAccept(0.1, 0.1, clipped: false, 0.0, ref memory), 12);
        Assert.Equal(1.0, memory);

        // A step cut short to land goes on with the larger of its proposal and its growth; a successor never shrinks.
        Assert.Equal(0.3, controller.AfterAccept(0.01, 0.3, clipped: true, 0.1, ref memory));
        var vern7 = StepController.For(Vern7.Info, options);
        Assert.True(0.9 * Math.Pow(0.49, -1.0 / 7) < 1);
        Assert.Equal(0.1, vern7.AfterAccept(0.1, 0.1, clipped: false, 0.49, ref memory));

        // A rejection shrinks by max(0.9·err^(−1/(4 − 1)), 0.2); a non-finite error by 0.2.
        Assert.Equal(0.9 * Math.Pow(8.0, -1.0 / 3.0), controller.RejectFactor(8.0));
        Assert.Equal(0.2, controller.RejectFactor(1e6));
        Assert.Equal(0.2, controller.RejectFactor(double.PositiveInfinity));

        // The norm is the step's measure itself (a maximum), not a root mean square.
        Assert.Equal(0.25, controller.ErrorNorm(0.25, 4));
        Assert.Equal(0.25, StepController.For(Dopri5.Info, SolverOptions.Default).ErrorNorm(0.25, 4));
    }

    [Fact]
    public void ErrorFloorIsBoostsPower()
    {
        // Boost floors the error at pow(5.0, −p); the controller divides 1 by the exact 5^p instead.
        for (int p = 0; p <= 16; p++)
        {
            Assert.Equal(Math.Pow(5.0, -p), StepController.ErrorFloor(p));
        }
    }

    [Theory]
    [InlineData("Safety", 0.8)]
    [InlineData("MinFactor", 0.1)]
    [InlineData("MaxFactor", 5.0)]
    [InlineData("ControllerBeta", 0.0)]
    public void OdeintRefusesTheOtherControllersSettings(string name, double value)
    {
        var options = new SolverOptions { StepSizeControl = StepSizeControl.Odeint };
        options = name switch
        {
            "Safety" => options with { Safety = value },
            "MinFactor" => options with { MinFactor = value },
            "MaxFactor" => options with { MaxFactor = value },
            _ => options with { ControllerBeta = value },
        };
        var e = Assert.Throws<ArgumentException>(() => Ode.Solve(new LotkaVolterra<double>(), new Dopri5(), [1.0, 1.0], [0.0, 1.0], options));
        Assert.Equal("options." + name, e.ParamName);
        Assert.Contains("Odeint", e.Message);

        // The same values are the PI controller's to take.
        Ode.Solve(new LotkaVolterra<double>(), new Dopri5(), [1.0, 1.0], [0.0, 1.0], options with { StepSizeControl = StepSizeControl.ProportionalIntegral });
    }

    [Fact]
    public void CudaRefusesOdeintAndAutoSolvesOnTheCpu()
    {
        // The device controller is Hairer's: Cuda names the option, Auto takes the CPU's Boost steps.
        var net = new TimeNet64(seed: 5);
        double[] y0 = [0.1, 0.2, 0.3];
        double[] saveAt = [0.0, 0.5, 1.0];
        var cpu = new SolverOptions { StepSizeControl = StepSizeControl.Odeint, InitialStep = 0.01 };
        var e = Assert.Throws<NotSupportedException>(() => Ode.Solve(net, new Dopri5(), y0, saveAt, cpu with { Backend = Backend.Cuda }));
        Assert.Contains("StepSizeControl", e.Message);
        Assert.Equal(Ode.Solve(net, new Dopri5(), y0, saveAt, cpu).States, Ode.Solve(net, new Dopri5(), y0, saveAt, cpu with { Backend = Backend.Auto }).States);

        // Fixed steps have no controller, so the option does not keep them off the device.
        Assert.DoesNotContain("StepSizeControl", Record.Exception(() => Ode.Solve(net, new Rk4(), y0, saveAt, cpu with { Backend = Backend.Cuda, FixedStep = 0.1, InitialStep = null }))?.Message ?? string.Empty);
    }

    [Fact]
    public void AnUndefinedControlIsRefusedByName()
    {
        var options = new SolverOptions { StepSizeControl = (StepSizeControl)7 };
        var e = Assert.Throws<ArgumentException>(() => Ode.Solve(new LotkaVolterra<double>(), new Dopri5(), [1.0, 1.0], [0.0, 1.0], options));
        Assert.Equal("options.StepSizeControl", e.ParamName);
        Assert.Contains("7", e.Message);
    }

    private static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int c = 0; c < expected.Length; c++)
        {
            Assert.True(Math.Abs(expected[c] - actual[c]) <= tolerance * Math.Max(1, Math.Abs(expected[c])), $"component {c}: {actual[c]:R}, reference {expected[c]:R}");
        }
    }

    /// <summary>Three systems through the span path, the state path and a batch of 19 lanes, each against the reference.</summary>
    private sealed class AgainstReference : ITableauAction
    {
        public bool Checked { get; private set; }

        public void Run<TTableau>() where TTableau : struct, IRungeKuttaTableau
        {
            var options = new SolverOptions { RelativeTolerance = Rtol, AbsoluteTolerance = Atol, InitialStep = 0.01, StepSizeControl = StepSizeControl.Odeint };
            Check<TTableau, LotkaVolterra<double>, State2<double>>(new State2<double>(1.0, 1.0), 10.0, options);
            Check<TTableau, VanDerPol<double>, State2<double>>(new State2<double>(2.0, 0.0), 20.0, options);
            Check<TTableau, Lorenz<double>, State3<double>>(new State3<double>(10.0, 1.0, 1.0), 10.0, options);
            Checked = true;
        }

        private static void Check<TTableau, TSystem, TState>(TState start, double end, SolverOptions options)
            where TTableau : struct, IRungeKuttaTableau
            where TSystem : struct, ISmallOdeSystem<double, TState>, IOdeSystem<double>
            where TState : unmanaged, IStateVector<TState, double>
        {
            double[] y0 = new double[TState.Size];
            start.CopyTo(y0);
            string what = $"{TTableau.Info.Name} {typeof(TSystem).Name}";
            Reference reference = Reference.Solve(default(TSystem), TTableau.Info, y0, end, 0.01);
            Assert.True(reference.Accepted > 20, what);
            Assert.True(reference.Rejected > 0, $"{what}: the case should exercise rejections");

            Solution<double> span = Ode.Solve(default(TSystem), default(TTableau), y0, [0.0, end], options);
            Solution<double> state = Ode.Solve(default(TSystem), default(TTableau), start, [0.0, end], options);
            foreach ((string path, Solution<double> solution) in new[] { ("span", span), ("state", state) })
            {
                Assert.True(reference.Accepted == solution.Stats.AcceptedSteps && reference.Rejected == solution.Stats.RejectedSteps,
                    $"{what} ({path} path): {solution.Stats.AcceptedSteps} + {solution.Stats.RejectedSteps} steps, reference {reference.Accepted} + {reference.Rejected}");
                AssertClose(reference.State, solution.State(1, 0), 1e-9);
            }

            // 19 lanes (the batched path's vector code and tail), each starting from the same state.
            int lanes = 19;
            double[] many = new double[lanes * y0.Length];
            for (int i = 0; i < lanes; i++)
            {
                y0.CopyTo(many, i * y0.Length);
            }

            Solution<double> batch = BatchedPath.Solve<TSystem, TTableau, double>(default, many, [0.0, end], options);
            for (int i = 0; i < lanes; i++)
            {
                Assert.Equal(span.LaneStats(0), batch.LaneStats(i));
                Assert.True(span.State(1, 0).SequenceEqual(batch.State(1, i)), $"{what}: lane {i} of the batch differs from the span path");
            }
        }
    }

    /// <summary>
    /// Boost.Odeint's <c>integrate_times</c> with <c>controlled_runge_kutta</c> over an explicit method, written
    /// plainly: stage inputs y + h·Σ aᵢⱼkⱼ, the error h·Σ (bⱼ − b̂ⱼ)kⱼ, Boost's default_error_checker (maximum over
    /// components of |e| / (atol + rtol·(|y| + |h|·|f(y)|))) and default_step_adjuster (shrink by
    /// max(0.9·err^(−1/(p̂−1)), 0.2); grow by 0.9·max(err, 5^−p)^(−1/p) when err &lt; 0.5), the last step cut to
    /// the end and the step size going on as the larger of the proposal and the cut step's successor.
    /// </summary>
    private readonly record struct Reference(double[] State, long Accepted, long Rejected, long Evaluations)
    {
        public static Reference Solve<TSystem>(TSystem system, TableauInfo tableau, double[] y0, double end, double dt)
            where TSystem : IOdeSystem<double>
        {
            int n = y0.Length, s = tableau.Stages;
            double[] y = (double[])y0.Clone(), z = new double[n], next = new double[n], e = new double[n];
            double[][] k = new double[s][];
            for (int j = 0; j < s; j++)
            {
                k[j] = new double[n];
            }

            double time = 0;
            long accepted = 0, rejected = 0, evaluations = 1;
            system.Evaluate(0, y, k[0]);
            while (end - time > 2.220446049250313e-16)
            {
                double h = Math.Min(dt, end - time);
                for (int i = 1; i < s; i++)
                {
                    for (int c = 0; c < n; c++)
                    {
                        double sum = 0;
                        for (int j = 0; j < i; j++)
                        {
                            sum += tableau.GetA(i, j) * k[j][c];
                        }

                        z[c] = y[c] + (h * sum);
                    }

                    system.Evaluate(time + (tableau.C[i] * h), z, k[i]);
                    evaluations++;
                }

                double err = 0;
                for (int c = 0; c < n; c++)
                {
                    double sum = 0, diff = 0;
                    for (int j = 0; j < s; j++)
                    {
                        sum += tableau.B[j] * k[j][c];
                        diff += (tableau.B[j] - tableau.BHat![j]) * k[j][c];
                    }

                    next[c] = y[c] + (h * sum);
                    e[c] = h * diff;
                    err = Math.Max(err, Math.Abs(e[c]) / (Atol + (Rtol * (Math.Abs(y[c]) + (Math.Abs(h) * Math.Abs(k[0][c]))))));
                }

                if (err > 1)
                {
                    rejected++;
                    dt = h * Math.Max(0.9 * Math.Pow(err, -1.0 / (tableau.EmbeddedOrder - 1)), 0.2);
                    continue;
                }

                accepted++;
                time += h;
                (y, next) = (next, y);
                double grown = err < 0.5 ? h * (0.9 * Math.Pow(Math.Max(err, Math.Pow(5.0, -tableau.Order)), -1.0 / tableau.Order)) : h;
                dt = Math.Max(dt, grown);
                if (tableau.IsFsal)
                {
                    (k[0], k[s - 1]) = (k[s - 1], k[0]);
                }
                else
                {
                    system.Evaluate(time, y, k[0]);
                    evaluations++;
                }
            }

            return new Reference(y, accepted, rejected, evaluations);
        }
    }
}

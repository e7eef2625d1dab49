using System;
using System.Collections.Generic;
using System.IO;
using OdeKernels.Examples.Datasets;
using OdeKernels.Examples.Fitting;
using OdeKernels.Terminal;

namespace OdeKernels.Examples.Tests;

/// <summary>
/// The trajectory-fit host's own logic, below the process-level tests: the <c>--solver</c> names reach the methods
/// they name, the loss figure reads the metrics CSV, and the spiral truth samples what the examples train on.
/// </summary>
public sealed class TrajectoryFitTests
{
    [Fact]
    public void EverySolverNameTrainsWithTheMethodItNames()
    {
        var seen = new HashSet<string>();
        foreach (string name in TrainingCommandLine.Solvers)
        {
            var fit = new RecordingFit();
            Assert.Equal(7, TrajectoryFitProgram.TrainWith(name, fit));
            Assert.Equal(name, fit.Tableau!.ToLowerInvariant());
            Assert.True(seen.Add(fit.Tableau), $"--solver {name} trains with {fit.Tableau}, as another name does");
        }
    }

    [Fact]
    public void AnUnknownSolverNameIsRefused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => TrajectoryFitProgram.TrainWith("rk4", new RecordingFit()));
        Assert.Equal("solver", e.ParamName);
    }

    [Fact]
    public void TheLossFigureIsDrawnFromTheMetricsRowsAndOnlyWhenThereAreAny()
    {
        using var dir = new TempDirectory();
        var settings = new FitSettings(10, 0.1, 0, AdjointMethod.Backsolve, dir.Path, null, 0, default);
        File.WriteAllText(settings.MetricsPath, "iteration,loss,learning_rate\n");
        FitPlots.Loss(settings, "empty");
        Assert.False(File.Exists(dir.File(FitPlots.LossFile)));

        File.WriteAllText(settings.MetricsPath, "iteration,loss,learning_rate\n1,0.5,0.1\n2,0.25,0.1\n3,not-a-number,0.1\n");
        FitPlots.Loss(settings, "Fit: training loss");
        string svg = File.ReadAllText(dir.File(FitPlots.LossFile));
        Assert.Contains("Fit: training loss", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void ComponentReadsOneComponentOfTimeMajorStates()
    {
        float[] states = [1, 10, 100, 2, 20, 200];
        Assert.Equal([10.0, 20.0], FitPlots.Component(states, 3, 1));
        Assert.Equal([1.0, 2.0], FitPlots.Component(states, 3, 0));
    }

    [Fact]
    public void TheSpiralTruthIsTheCubicSpiralOfChenEtAl()
    {
        // du/dt = (u³)ᵀA, A = [[−0.1, 2], [−2, −0.1]]: the unit vectors pick out A's rows.
        Span<double> dydt = stackalloc double[2];
        new SpiralTruth().Evaluate(0, [2.0, 0.0], dydt);
        Assert.Equal([-0.8, 16.0], dydt.ToArray());
        new SpiralTruth().Evaluate(0, [0.0, 1.0], dydt);
        Assert.Equal([-2.0, -0.1], dydt.ToArray());
    }

    [Fact]
    public void TheSpiralSamplesStartAtEveryLanesStateAndDecay()
    {
        (float[] times, float[] states) = SpiralTruth.Sample([2.0, 0.0, 1.0, -0.5], [0.0, 0.5, 1.5]);
        Assert.Equal([0f, 0.5f, 1.5f], times);
        Assert.Equal(12, states.Length);
        Assert.Equal([2f, 0f, 1f, -0.5f], states[..4]);

        // d/dt (u₁⁴ + u₂⁴)/4 = u³·(u³)ᵀA = −0.1 (u₁⁶ + u₂⁶) < 0: every lane's quartic norm falls from save to save.
        for (int lane = 0; lane < 2; lane++)
        {
            double previous = double.PositiveInfinity;
            for (int save = 0; save < 3; save++)
            {
                double u1 = states[(4 * save) + (2 * lane)], u2 = states[(4 * save) + (2 * lane) + 1];
                double quartic = (u1 * u1 * u1 * u1) + (u2 * u2 * u2 * u2);
                Assert.True(quartic < previous, $"lane {lane}: u₁⁴ + u₂⁴ rose to {quartic} at save {save}");
                previous = quartic;
            }
        }
    }

    private sealed class RecordingFit : IFitExample
    {
        public string? Tableau { get; private set; }

        public int Train<TTableau>()
            where TTableau : struct, IRungeKuttaTableau
        {
            Tableau = TTableau.Info.Name;
            return 7;
        }
    }
}

using System;
using System.Globalization;
using OdeKernels.Examples.Networks;
using OdeKernels.Examples.Fitting;
using OdeKernels.Training;

namespace OdeKernels.Examples.Spiral;

/// <summary>The spiral fit: its data, curriculum, stopping rule and report.</summary>
internal sealed class SpiralRun(FitSettings settings, int points) : IFitExample
{
    public const int DefaultIterations = 300;

    /// <summary>Stop early once the mean squared error over all points is 0.05% of the data's mean square (the fit must reach 1%).</summary>
    public const double TargetFraction = 5e-4;

    public int Train<TTableau>()
        where TTableau : struct, IRungeKuttaTableau
    {
        (float[] times, float[] data) = SpiralData.Generate(points);
        double dataSquares = 0;
        foreach (float y in data)
        {
            dataSquares += (double)y * y;
        }

        var network = new SpiralNet(unchecked((int)settings.Seed));
        int first = Math.Min(4, points);
        long growUntil = Math.Max(1, settings.Iterations / 2);
        var objective = new TrajectoryObjective<float>(times, [2f, 0f], data, stateSize: 2,
            window: i => first + (int)((points - first) * Math.Min(1.0, (double)(i + 1) / growUntil)));
        var options = settings.ToTrainerOptions(TrajectoryFitProgram.Solver) with
        {
            LossTarget = TargetFraction * dataSquares / data.Length,
        };
        FitRun run = TrajectoryFitProgram.Train<SpiralNet, TTableau>(network, objective, options, settings, every: 25);
        if (!settings.WritesOutput)
        {
            return 0; // a rank of a --distributed run other than 0: rank 0 evaluates, plots and prints
        }

        // The fit at all points, whatever window the run ended on.
        Solution<float> fit = Ode.Solve(network, default(TTableau), [2f, 0f], times, TrajectoryFitProgram.Solver);
        double squaredError = 0;
        for (int i = 0; i < data.Length; i++)
        {
            double e = (double)fit.States[i] - data[i];
            squaredError += e * e;
        }

        SpiralPlots.Write(settings, times, data, network, default(TTableau));
        run.Print(
            "loss (MSE)",
            [string.Create(CultureInfo.InvariantCulture, $"sum of squared errors at the {points} points: {squaredError:G4}; data sum of squares: {dataSquares:G4}; ratio {100 * squaredError / dataSquares:F3}% (fit threshold 1%)")],
            "spiral.svg", "phase.svg", FitPlots.LossFile);
        return 0;
    }
}

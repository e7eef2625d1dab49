using System;
using System.Globalization;
using OdeKernels.Examples.Fitting;
using OdeKernels.Training;

namespace OdeKernels.Examples.LotkaVolterra;

/// <summary>The Lotka-Volterra fit: noisy samples, multiple-shooting segments, and the report against the truth.</summary>
internal sealed class LotkaVolterraRun(FitSettings settings, double noise) : IFitExample
{
    public const int DefaultIterations = 600;

    /// <summary>Samples on [0, TrainEnd], every Spacing.</summary>
    public const double TrainEnd = 5.0, Extrapolate = 10.0, Spacing = 0.1;

    /// <summary>Samples per segment (the first is its initial state) and segments per minibatch.</summary>
    public const int SegmentLength = 11, BatchSize = 16;

    public int Train<TTableau>()
        where TTableau : struct, IRungeKuttaTableau
    {
        int samples = (int)Math.Round(TrainEnd / Spacing) + 1;
        double[] sampleTimes = new double[samples];
        for (int i = 0; i < samples; i++)
        {
            sampleTimes[i] = i * Spacing;
        }

        double[] truth = LotkaVolterraData.Truth(sampleTimes);

        // The noise has its own stream, so the data depend on the seed alone and not on the training's draws.
        float[] observed = LotkaVolterraData.Noisy(truth, noise, new TrainingRandom(settings.Seed ^ 0xD1B54A32D192ED03UL));
        TrajectoryObjective<float> objective = Segments(observed, samples);
        var network = new LotkaVolterraNet(unchecked((int)settings.Seed));
        var options = settings.ToTrainerOptions(TrajectoryFitProgram.Solver) with
        {
            ClipNorm = 10,
        };
        FitRun run = TrajectoryFitProgram.Train<LotkaVolterraNet, TTableau>(network, objective, options, settings, every: 50, sameSeed: true);
        if (!settings.WritesOutput)
        {
            return 0; // a rank of a --distributed run other than 0: rank 0 evaluates, plots and prints
        }

        (double inside, double outside) = LotkaVolterraPlots.Write(settings, network, default(TTableau), sampleTimes, observed);
        run.Print(
            "minibatch loss (MSE)",
            [string.Create(CultureInfo.InvariantCulture, $"relative L2 error against the truth from (1, 1): {100 * inside:F2}% on [0, {TrainEnd}] (training window), {100 * outside:F2}% on ({TrainEnd}, {Extrapolate}] (extrapolation)")],
            "lotka-volterra.svg", FitPlots.LossFile);
        return 0;
    }

    /// <summary>Every run of <see cref="SegmentLength"/> consecutive samples, started at its first (the first segment at the known (1, 1)).</summary>
    private static TrajectoryObjective<float> Segments(float[] observed, int samples)
    {
        int segments = samples - SegmentLength + 1;
        float[] times = new float[SegmentLength];
        for (int s = 0; s < SegmentLength; s++)
        {
            times[s] = (float)(s * Spacing);
        }

        float[] starts = new float[segments * 2];
        float[] targets = new float[SegmentLength * segments * 2];
        for (int k = 0; k < segments; k++)
        {
            starts[2 * k] = k == 0 ? 1f : observed[2 * k];
            starts[(2 * k) + 1] = k == 0 ? 1f : observed[(2 * k) + 1];
            for (int s = 0; s < SegmentLength; s++)
            {
                targets[(((s * segments) + k) * 2) + 0] = observed[2 * (k + s)];
                targets[(((s * segments) + k) * 2) + 1] = observed[(2 * (k + s)) + 1];
            }
        }

        return new TrajectoryObjective<float>(times, starts, targets, stateSize: 2, batchSize: BatchSize);
    }
}

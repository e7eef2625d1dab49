using System;
using System.IO;
using System.Numerics;
using OdeKernels.Checkpoints;
using OdeKernels.Examples.Datasets;
using OdeKernels.Examples.LatentOde;
using OdeKernels.Training;

namespace OdeKernels.Examples.Tests.LatentOde;

/// <summary>
/// The example's objectives under the one <see cref="Trainer{T}"/>: a few iterations lower the −ELBO of the latent
/// ODE and of the RNN baseline and the Poisson variant's −log-likelihood (each measured at one fixed ε), and a run
/// stopped at a checkpoint and resumed ends with the uninterrupted run's parameters, bit for bit.
/// </summary>
public sealed class LatentOdeTrainingTests
{
    private static readonly SolverOptions Loose = new() { RelativeTolerance = 1e-3, AbsoluteTolerance = 1e-3 };

    private static ObservedSeries Spirals(int count) =>
        ObservedSeries.Subsampled(ChenSpirals.Generate(count, seed: 21), [10, 20], seed: 22);

    private static EventSequences Events(int count) => new RateDrivenEvents().Sample(count, 4.0, seed: 23);

    public static TheoryData<string> Models => new() { "latent", "rnn", "poisson" };

    private static IGradientObjective<float> Spiral(string model, ObservedSeries data, int batch) => model switch
    {
        "latent" => new LatentSpiralModel(seed: 5, Loose).Fit(data, batch, AdjointMethod.Direct),
        _ => new RnnSpiralModel(seed: 5).Fit(data, batch),
    };

    private static EventRateFit Poisson(EventSequences data, int batch) => new(new EventRateModel(seed: 5, Loose), data, batch);

    [Theory]
    [MemberData(nameof(Models))]
    public void ATinyTrainingRunLowersTheLoss(string model)
    {
        if (model == "poisson")
        {
            AssertLowered(Poisson(Events(12), 12), iterations: 20);
        }
        else
        {
            AssertLowered(Spiral(model, Spirals(16), 16), iterations: 20);
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void AResumedRunEndsWithTheUninterruptedRunsParametersBitForBit(string model)
    {
        if (model == "poisson")
        {
            EventSequences data = Events(12);
            AssertResumeIsExact(() => Poisson(data, 4));
        }
        else
        {
            ObservedSeries data = Spirals(12);
            AssertResumeIsExact(() => Spiral(model, data, 4));
        }
    }

    /// <summary>The loss at one fixed draw of the batch and ε (the stream of seed 99), before and after training.</summary>
    private static void AssertLowered<T>(IGradientObjective<T> fit, int iterations)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var gradient = new T[fit.ParameterCount];
        double before = fit.Gradient(0, new TrainingRandom(99), gradient).Loss;
        var trainer = new Trainer<T>(fit, new Adam<T>(fit.ParameterCount), new ConstantSchedule(0.02), new TrainerOptions { Seed = 1 });
        trainer.Run(iterations);
        double after = fit.Gradient(0, new TrainingRandom(99), gradient).Loss;
        Assert.True(double.IsFinite(before) && after < 0.9 * before, $"{fit.ModelName}: loss {before:R} before, {after:R} after {iterations} iterations");
    }

    /// <summary>Six iterations in one run against three, a checkpoint, a fresh objective resumed from it, and three more.</summary>
    private static void AssertResumeIsExact<T>(Func<IGradientObjective<T>> create)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var dir = new TempDirectory();
        IGradientObjective<T> straight = create();
        Trainer<T> Trainer(IGradientObjective<T> fit, string? directory) =>
            new(fit, new Adam<T>(fit.ParameterCount), new CosineSchedule(0.02, 0.001, 6), new TrainerOptions { Seed = 7, CheckpointDirectory = directory });
        Trainer(straight, null).Run(6);

        IGradientObjective<T> first = create();
        Trainer(first, dir.Path).Run(3);
        string checkpoint = new CheckpointRotation(dir.Path, 3).Latest!;
        IGradientObjective<T> resumed = create();
        Trainer<T> second = Trainer(resumed, Path.Combine(dir.Path, "resumed"));
        second.Resume(checkpoint);
        Assert.Equal(3, second.Iteration);
        second.Run(6);

        Assert.Equal(straight.Parameters.ToArray(), resumed.Parameters.ToArray());
        Assert.NotEqual(create().Parameters.ToArray(), resumed.Parameters.ToArray());
    }
}

using System.Threading;

namespace OdeKernels.Examples.ImageOdeNet;

/// <summary>The run's settings from the command line.</summary>
internal sealed record ImageSettings
{
    /// <summary>The folder of the four IDX files.</summary>
    public required string Data { get; init; }

    /// <summary>Whether files whose digests match no known release only warn.</summary>
    public bool AllowUnknownDigests { get; init; }

    /// <summary>The models to train, in order.</summary>
    public required string[] Models { get; init; }

    /// <summary>The width C of the conv models' feature maps: 16 (the default) or Chen et al.'s 64.</summary>
    public int Channels { get; init; } = 16;

    public int Epochs { get; init; }

    public int BatchSize { get; init; }

    /// <summary>SGD with momentum 0.9 (Chen et al.) instead of Adam.</summary>
    public bool Sgd { get; init; }

    public double LearningRate { get; init; }

    /// <summary>
    /// Cosine annealing over the whole run from <see cref="LearningRate"/> to a hundredth of it, instead of the step
    /// decay of <see cref="DecayEpochs"/>.
    /// </summary>
    public bool Cosine { get; init; }

    /// <summary>Epochs at which the rate is divided by 10 (Chen et al.: 60, 100, 140); empty for a constant rate.</summary>
    public int[] DecayEpochs { get; init; } = [];

    public ulong Seed { get; init; }

    /// <summary>The most threads a batch uses (solver and conv networks); 0 for every core. Results do not depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>The ODE-Net's Dopri5 tolerance (rtol = atol) in training.</summary>
    public double Tolerance { get; init; }

    /// <summary>The RK-Net's fixed Rk4 step on [0, 1].</summary>
    public double RkStep { get; init; }

    /// <summary>At most this many training samples (the first); null for all.</summary>
    public int? TrainLimit { get; init; }

    /// <summary>At most this many test samples (the first); null for all.</summary>
    public int? TestLimit { get; init; }

    /// <summary>Iterations between checkpoints; 0 for one a epoch.</summary>
    public int CheckpointEvery { get; init; }

    public bool Resume { get; init; }

    /// <summary>Whether the ODE-Net is evaluated with every solver of <see cref="TestSolver.Sweep"/>.</summary>
    public bool TestSolvers { get; init; } = true;

    public required string Output { get; init; }

    public CancellationToken Cancellation { get; init; }
}

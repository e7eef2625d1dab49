using System;
using System.Threading;

namespace OdeKernels.Examples.LatentOde;

/// <summary>The run's settings from the command line.</summary>
internal sealed record LatentOdeSettings(
    int Epochs,
    int BatchSize,
    int TrainSeries,
    int TestSeries,
    int[] Observations,
    double LearningRate,
    ulong Seed,
    AdjointMethod Adjoint,
    double Tolerance,
    int PoissonSequences,
    int PoissonEpochs,
    double PoissonLearningRate,
    string[] Parts,
    int CheckpointEvery,
    bool Resume,
    string Output,
    CancellationToken Cancellation)
{
    /// <summary>Chen et al.'s Table 2, predictive RMSE: (observations, RNN, latent ODE).</summary>
    public static readonly (int Observations, double Rnn, double LatentOde)[] ChenTable2 =
        [(30, 0.3937, 0.1642), (50, 0.3202, 0.1502), (100, 0.1813, 0.1346)];

    /// <summary>The Poisson variant's window [0, T].</summary>
    public const double PoissonEnd = 10.0;

    /// <summary>The solver of training and evaluation (Dopri5, torchdiffeq's default), at rtol = atol = <see cref="Tolerance"/>.</summary>
    public SolverOptions Solver => new() { RelativeTolerance = Tolerance, AbsoluteTolerance = Tolerance };

    /// <summary>Optimizer steps of a spiral model: <see cref="Epochs"/> passes of <see cref="TrainSeries"/> in batches.</summary>
    public int SpiralIterations => Epochs * (int)Math.Ceiling(TrainSeries / (double)BatchSize);

    /// <summary>Optimizer steps of the Poisson variant (full batch: one step an epoch).</summary>
    public int PoissonIterations => PoissonEpochs;
}

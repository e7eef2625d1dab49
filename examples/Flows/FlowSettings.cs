using System.Threading;
using OdeKernels.Examples.Fitting;

namespace OdeKernels.Examples.Flows;

/// <summary>The run's settings from the command line.</summary>
internal sealed record FlowSettings(
    string[] Densities,
    int Iterations,
    int BatchSize,
    int TrainPoints,
    int TestPoints,
    double LearningRate,
    ulong Seed,
    AdjointMethod Adjoint,
    double Tolerance,
    double RegularizerWeight,
    int Grid,
    int CheckpointEvery,
    bool Resume,
    bool Compare,
    string Output,
    CancellationToken Cancellation)
{
    /// <summary>The flow's end time t₁ (FFJORD's toy experiments use 0.5).</summary>
    public const double EndTime = FlowTraining.EndTime;

    /// <summary>The density the comparison tables train on.</summary>
    public const string ComparisonDensity = FlowTraining.ComparisonDensity;

    /// <summary>The solver of training and evaluation (Dopri5, as torchdiffeq's default), at rtol = atol = <see cref="Tolerance"/>.</summary>
    public SolverOptions Solver => new() { RelativeTolerance = Tolerance, AbsoluteTolerance = Tolerance };
}

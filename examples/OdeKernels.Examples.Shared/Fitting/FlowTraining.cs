using OdeKernels.Examples.Networks;
using OdeKernels.Flows;
using OdeKernels.Training;

namespace OdeKernels.Examples.Fitting;

/// <summary>
/// How the Flows example trains a <see cref="FlowNet"/> flow, written once for the example and for the benchmark
/// report's comparison with PyTorch + torchdiffeq (bench/peers/cnf_torchdiffeq.py mirrors these choices): t₁, the
/// solver's tolerance, the data sizes, and Adam on a cosine schedule to a twentieth of the peak rate.
/// </summary>
/// <remarks>Thread safety: stateless; each trainer it makes is used by one thread at a time.</remarks>
public static class FlowTraining
{
    /// <summary>The flow's end time t₁ (FFJORD's toy experiments use 0.5).</summary>
    public const double EndTime = 0.5;

    /// <summary>Dopri5's rtol = atol by default.</summary>
    public const double Tolerance = 1e-5;

    /// <summary>Points per iteration by default.</summary>
    public const int BatchSize = 256;

    /// <summary>Training points per density by default.</summary>
    public const int TrainPoints = 10_000;

    /// <summary>Held-out points per density by default.</summary>
    public const int TestPoints = 2_000;

    /// <summary>Adam's peak learning rate by default.</summary>
    public const double LearningRate = 0.01;

    /// <summary>The density the comparison tables and the benchmark train on.</summary>
    public const string ComparisonDensity = "8gaussians";

    /// <summary>A fresh flow of <see cref="FlowNet"/> (initialised from <paramref name="seed"/>) to <see cref="EndTime"/>.</summary>
    /// <param name="seed">The network's initialisation seed.</param>
    /// <param name="solver">The solver's options (tolerances, threads).</param>
    /// <returns>The flow.</returns>
    public static ContinuousFlow<FlowNet, Dopri5, double> Flow(ulong seed, SolverOptions solver) =>
        new(new FlowNet(unchecked((int)seed)), EndTime, solver);

    /// <summary>The trainer of <paramref name="fit"/>: Adam, cosine from <paramref name="learningRate"/> to a twentieth of it over <paramref name="iterations"/>.</summary>
    /// <param name="fit">The objective.</param>
    /// <param name="learningRate">The peak rate.</param>
    /// <param name="iterations">The schedule's length.</param>
    /// <param name="options">Solver, adjoint, seed, checkpoints and metrics.</param>
    /// <returns>The trainer.</returns>
    public static Trainer<double> Trainer(FlowFit<FlowNet, Dopri5, double> fit, double learningRate, int iterations, TrainerOptions options) =>
        new(fit, new Adam<double>(fit.ParameterCount), new CosineSchedule(learningRate, learningRate / 20, iterations), options);
}

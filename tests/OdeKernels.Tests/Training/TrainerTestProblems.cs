using System;
using OdeKernels.Training;

namespace OdeKernels.Tests.Training;

/// <summary>Small training problems: the spiral network fitted to a few points of the true spiral.</summary>
internal static class TrainerTestProblems
{
    public static readonly SolverOptions Solver = new() { RelativeTolerance = 1e-5, AbsoluteTolerance = 1e-7 };

    /// <summary>Eight points of the true spiral on [0, 0.7] from (2, 0), in float.</summary>
    public static (float[] Times, float[] States) SpiralData(int points = 8)
    {
        double[] times = new double[points];
        for (int i = 0; i < points; i++)
        {
            times[i] = 0.1 * i;
        }

        return SpiralTruth.Sample([2.0, 0.0], times);
    }

    /// <summary>
    /// Four trajectories (the spiral from four starts), fitted two at a time, so every iteration draws from the
    /// run's random stream.
    /// </summary>
    public static TrajectoryObjective<float> Minibatches()
    {
        double[] times = [0.0, 0.1, 0.2, 0.3, 0.4];
        double[] starts = [2.0, 0.0, 1.5, 0.5, 1.0, -1.0, -1.5, 0.2];
        (float[] sampleTimes, float[] states) = SpiralTruth.Sample(starts, times);
        return new TrajectoryObjective<float>(sampleTimes, Array.ConvertAll(starts, y => (float)y), states, stateSize: 2, batchSize: 2);
    }

    public static TrajectoryObjective<float> Full()
    {
        (float[] times, float[] states) = SpiralData();
        return new TrajectoryObjective<float>(times, [2f, 0f], states, stateSize: 2);
    }

    public static Trainer<SpiralNet, Tsit5, float> Create(ITrainingObjective<float> objective, TrainerOptions options, double learningRate = 0.02, int seed = 1)
    {
        var network = new SpiralNet(seed);
        return new Trainer<SpiralNet, Tsit5, float>(
            network, objective, new Adam<float>(network.ParameterCount), new ConstantSchedule(learningRate), options with { Solver = Solver, Layers = SpiralNet.Layers });
    }
}

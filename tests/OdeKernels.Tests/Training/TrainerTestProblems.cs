using System;
using OdeKernels.Tests.Dynamics;
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

        Solution<double> truth = Ode.Solve(new TrueSpiral(), new Tsit5(), [2.0, 0.0], times, new SolverOptions { RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-12 });
        return (Array.ConvertAll(times, t => (float)t), Array.ConvertAll(truth.States.ToArray(), y => (float)y));
    }

    /// <summary>
    /// Four trajectories (the spiral from four starts), fitted two at a time, so every iteration draws from the
    /// run's random stream.
    /// </summary>
    public static TrajectoryObjective<float> Minibatches()
    {
        double[] times = [0.0, 0.1, 0.2, 0.3, 0.4];
        double[] starts = [2.0, 0.0, 1.5, 0.5, 1.0, -1.0, -1.5, 0.2];
        Solution<double> truth = Ode.Solve(new TrueSpiral(), new Tsit5(), starts, times, new SolverOptions { RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-12 });
        return new TrajectoryObjective<float>(
            Array.ConvertAll(times, t => (float)t), Array.ConvertAll(starts, y => (float)y), Array.ConvertAll(truth.States.ToArray(), y => (float)y), stateSize: 2, batchSize: 2);
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

    private readonly struct TrueSpiral : IOdeSystem<double>
    {
        public int StateSize => 2;

        public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt)
        {
            double u1 = y[0] * y[0] * y[0], u2 = y[1] * y[1] * y[1];
            dydt[0] = (-0.1 * u1) + (-2.0 * u2);
            dydt[1] = (2.0 * u1) + (-0.1 * u2);
        }
    }
}

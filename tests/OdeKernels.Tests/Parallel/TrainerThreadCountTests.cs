using System;
using System.Collections.Generic;
using OdeKernels.Training;

namespace OdeKernels.Tests.Parallel;

/// <summary>A training run gives the same losses and parameters, bit for bit, on 1 thread and on 2.</summary>
public sealed class TrainerThreadCountTests
{
    [Theory]
    [InlineData(AdjointMethod.Backsolve)]
    [InlineData(AdjointMethod.Direct)]
    public void OneAndTwoThreadsTrainIdentically(AdjointMethod adjoint)
    {
        (List<double> losses, float[] parameters) one = Train(1, adjoint), two = Train(2, adjoint);
        Assert.Equal(one.losses.ConvertAll(BitConverter.DoubleToInt64Bits), two.losses.ConvertAll(BitConverter.DoubleToInt64Bits));
        Assert.Equal(ThreadCountDeterminismTests.Bits(one.parameters), ThreadCountDeterminismTests.Bits(two.parameters));
    }

    private static (List<double> Losses, float[] Parameters) Train(int threads, AdjointMethod adjoint)
    {
        // 600 trajectories of the spiral network's own flow from scattered starts: three blocks of lanes per gradient.
        const int trajectories = 600;
        float[] starts = ThreadCountDeterminismTests.Starts<float>(trajectories), times = [0f, 0.2f, 0.4f];
        var truth = new SpiralNet(seed: 7);
        float[] observed = Ode.Solve(truth, new Tsit5(), starts, times).States.ToArray();
        var objective = new TrajectoryObjective<float>(times, starts, observed, stateSize: 2);
        var network = new SpiralNet(seed: 1);
        var options = new TrainerOptions
        {
            Adjoint = adjoint,
            Seed = 5,
            Layers = SpiralNet.Layers,
            Solver = new SolverOptions { RelativeTolerance = 1e-4, AbsoluteTolerance = 1e-6, MaxDegreeOfParallelism = threads },
        };
        var trainer = new Trainer<SpiralNet, Tsit5, float>(network, objective, new Adam<float>(network.ParameterCount), new ConstantSchedule(0.01), options);
        var losses = new List<double>();
        trainer.Run(6, new LossObserver(losses));
        return (losses, trainer.System.Parameters.ToArray());
    }

    private sealed class LossObserver(List<double> losses) : ITrainingObserver
    {
        public void OnStart(TrainingStart start)
        {
        }

        public void OnIteration(in TrainingReport report) => losses.Add(report.Loss);

        public void OnCheckpoint(long iteration, string path)
        {
        }

        public void OnStop(TrainingResult result)
        {
        }
    }
}

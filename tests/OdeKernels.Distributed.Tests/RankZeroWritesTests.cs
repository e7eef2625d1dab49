using System.IO;
using System.Numerics;
using OdeKernels.Training;

namespace OdeKernels.Distributed.Tests;

/// <summary>The trainer's share of a data-parallel run (in-process): with a communicator, only rank 0 writes.</summary>
public sealed class RankZeroWritesTests
{
    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    public void Only_rank_0_writes_checkpoints_and_metrics(int rank, bool writes)
    {
        using var folder = new TempDirectory();
        var objective = new TrajectoryObjective<double>([0.0, 1.0], [1.0, 2.0], [1.0, 2.0, 0.5, 1.0], stateSize: 1);
        var fit = new TrajectoryFit<Decay, Tsit5, double>(new Decay(), objective);
        var options = new TrainerOptions
        {
            Communicator = new OneOfTwo(rank),
            CheckpointDirectory = folder.Path,
            MetricsPath = folder.File("metrics.csv"),
        };
        var trainer = new Trainer<double>(fit, new Adam<double>(1), new ConstantSchedule(0.01), options);
        TrainingResult result = trainer.Run(2);
        Assert.Equal(2, trainer.Iteration);
        Assert.Equal(writes, File.Exists(folder.File("metrics.csv")));
        Assert.Equal(writes ? 1 : 0, Directory.GetFiles(folder.Path, "*.safetensors").Length);
        Assert.Equal(writes, result.Checkpoint is not null);
    }

    /// <summary>dy/dt = −θ y.</summary>
    private sealed class Decay : IDifferentiableSystem<double>
    {
        private readonly double[] _theta = [0.3];

        public int StateSize => 1;

        public int ParameterCount => 1;

        public Span<double> Parameters => _theta;

        public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) => dydt[0] = -_theta[0] * y[0];

        public void Vjp(double t, ReadOnlySpan<double> y, ReadOnlySpan<double> a, Span<double> dy, Span<double> dtheta)
        {
            dy[0] = -a[0] * _theta[0];
            dtheta[0] = -a[0] * y[0];
        }
    }

    /// <summary>A rank of a two-rank job whose collectives are never called (the plain fit sends nothing).</summary>
    private sealed class OneOfTwo(int rank) : ITrainingCommunicator
    {
        public int Rank => rank;

        public int Size => 2;

        public void SumInRankOrder<T>(Span<T> values) where T : unmanaged, IFloatingPointIeee754<T> => throw new InvalidOperationException("no collective expected");

        public void GatherToAll<T>(ReadOnlySpan<T> local, ReadOnlySpan<int> counts, Span<T> all) where T : unmanaged => throw new InvalidOperationException("no collective expected");

        public void Agree(Exception? failure) => throw new InvalidOperationException("no collective expected");
    }
}

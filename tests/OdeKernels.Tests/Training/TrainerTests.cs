using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using OdeKernels.Checkpoints;
using OdeKernels.Tests.Checkpoints;
using OdeKernels.Tests.Dynamics;
using OdeKernels.Training;

namespace OdeKernels.Tests.Training;

/// <summary>The trainer's loop: it learns, stops where told, reports, and writes checkpoints and metrics.</summary>
public sealed class TrainerTests
{
    [Fact]
    public void LossDecreasesOnTheSpiral()
    {
        var observer = new RecordingObserver();
        var trainer = TrainerTestProblems.Create(TrainerTestProblems.Full(), new TrainerOptions());
        TrainingResult result = trainer.Run(60, observer);
        Assert.Equal(TrainingStopReason.MaxIterations, result.Reason);
        Assert.Equal(60, result.Iterations);
        Assert.Equal(60, observer.Reports.Count);
        double first = observer.Reports[0].Loss, last = observer.Reports[^1].Loss;
        Assert.True(last < first / 10, $"loss went from {first} to {last}");
        Assert.All(observer.Reports, r => Assert.True(r.ForwardEvaluations > 0 && r.BackwardEvaluations > 0 && r.AcceptedSteps > 0 && r.Seconds >= 0));
        Assert.Equal(Enumerable.Range(1, 60).Select(i => (long)i), observer.Reports.Select(r => r.Iteration));
        Assert.Equal(1, observer.Starts);
        Assert.Equal(result, observer.Stop);
    }

    [Fact]
    public void StopsAtTheLossTargetWithoutTakingAnotherStep()
    {
        var probe = TrainerTestProblems.Create(TrainerTestProblems.Full(), new TrainerOptions());
        var observer = new RecordingObserver();
        probe.Run(40, observer);
        double target = observer.Reports[25].Loss;

        var trainer = TrainerTestProblems.Create(TrainerTestProblems.Full(), new TrainerOptions { LossTarget = target });
        TrainingResult result = trainer.Run(1000);
        Assert.Equal(TrainingStopReason.LossTarget, result.Reason);
        Assert.True(result.Loss <= target);
        Assert.True(result.Iterations <= 25, $"stopped after {result.Iterations} iterations");
        Assert.Equal(result.Iterations, trainer.Iteration);
    }

    [Fact]
    public void LossTargetIgnoresPartialBatches()
    {
        // A curriculum window of 2 points fits trivially; the target must wait for the full window.
        (float[] times, float[] states) = TrainerTestProblems.SpiralData();
        var objective = new TrajectoryObjective<float>(times, [2f, 0f], states, 2, window: i => i < 5 ? 2 : 8);
        var trainer = TrainerTestProblems.Create(objective, new TrainerOptions { LossTarget = 1e9 });
        TrainingResult result = trainer.Run(50);
        Assert.Equal(TrainingStopReason.LossTarget, result.Reason);
        Assert.Equal(5, result.Iterations);
    }

    [Fact]
    public void CancellationWritesACheckpointFirst()
    {
        using var dir = new TempDirectory();
        using var cancel = new CancellationTokenSource();
        var observer = new RecordingObserver { OnReport = r => { if (r.Iteration == 7) { cancel.Cancel(); } } };
        var trainer = TrainerTestProblems.Create(TrainerTestProblems.Full(), new TrainerOptions { CheckpointDirectory = dir.Path });
        TrainingResult result = trainer.Run(100, observer, cancel.Token);
        Assert.Equal(TrainingStopReason.Cancelled, result.Reason);
        Assert.Equal(7, result.Iterations);
        Assert.Equal(Path.Combine(dir.Path, "checkpoint-000007.safetensors"), result.Checkpoint);
        Assert.Equal((7L, result.Checkpoint!), observer.Checkpoints.Single());
        SafeTensorsFile file = SafeTensorsFile.Read(result.Checkpoint!);
        Assert.Equal("7", file.Metadata[TrainingCheckpoint.IterationKey]);
        Assert.Equal(7, file["optimizer.step"].ToInt64Array()[0]);
        Assert.Equal(trainer.System.Parameters.ToArray(), ParametersOf(file));
    }

    [Fact]
    public void WritesOneMetricsRowPerIterationAndPeriodicCheckpoints()
    {
        using var dir = new TempDirectory();
        string metrics = dir.File("metrics.csv");
        var trainer = TrainerTestProblems.Create(TrainerTestProblems.Full(), new TrainerOptions { CheckpointDirectory = dir.Path, CheckpointEvery = 4, CheckpointsKept = 2, MetricsPath = metrics });
        trainer.Run(10);
        string[] lines = File.ReadAllLines(metrics);
        Assert.Equal("iteration," + string.Join(',', TrainingReport.MetricNames), lines[0]);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Equal(["checkpoint-000008.safetensors", "checkpoint-000010.safetensors"], dir.Names().Where(n => n.EndsWith(".safetensors", StringComparison.Ordinal)).Order());
    }

    [Theory]
    [InlineData(AdjointMethod.Backsolve)]
    [InlineData(AdjointMethod.Checkpointed)]
    public void ResumingGivesTheUninterruptedRunBitForBit(AdjointMethod adjoint)
    {
        using var dir = new TempDirectory();
        string metrics = dir.File("metrics.csv");
        var options = new TrainerOptions { Adjoint = adjoint, Seed = 42, ClipNorm = 1.0, CheckpointDirectory = dir.Path, CheckpointEvery = 6, CheckpointsKept = 10, MetricsPath = metrics };
        var straight = TrainerTestProblems.Create(TrainerTestProblems.Minibatches(), options with { CheckpointDirectory = null, MetricsPath = null });
        straight.Run(20);

        // The interrupted run gets as far as iteration 15 (checkpoints at 6 and 12), then starts again from 12.
        var interrupted = TrainerTestProblems.Create(TrainerTestProblems.Minibatches(), options);
        using (var cancel = new CancellationTokenSource())
        {
            interrupted.Run(20, new RecordingObserver { OnReport = r => { if (r.Iteration == 15) { cancel.Cancel(); } } }, cancel.Token);
        }

        var resumed = TrainerTestProblems.Create(TrainerTestProblems.Minibatches(), options, seed: 99);
        resumed.Resume(Path.Combine(dir.Path, "checkpoint-000012.safetensors"));
        Assert.Equal(12, resumed.Iteration);
        Assert.True(resumed.Random.Draws > 0);
        resumed.Run(20);

        Assert.Equal(20, resumed.Iteration);
        Assert.Equal(straight.Random.Draws, resumed.Random.Draws);
        Assert.Equal(Bits(straight.System.Parameters.ToArray()), Bits(resumed.System.Parameters.ToArray()));
        string[] rows = File.ReadAllLines(metrics);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), rows.Skip(1).Select(l => l.Split(',')[0]));
    }

    [Fact]
    public void ResumeRefusesACheckpointOfAnotherModel()
    {
        using var dir = new TempDirectory();
        var trainer = TrainerTestProblems.Create(TrainerTestProblems.Full(), new TrainerOptions { CheckpointDirectory = dir.Path, ModelName = "OtherNet" });
        trainer.Run(2);
        var other = TrainerTestProblems.Create(TrainerTestProblems.Full(), new TrainerOptions());
        float[] before = other.System.Parameters.ToArray();
        var e = Assert.Throws<InvalidDataException>(() => other.Resume(Path.Combine(dir.Path, "checkpoint-000002.safetensors")));
        Assert.Contains("'OtherNet', not 'SpiralNet'", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, other.System.Parameters.ToArray());
        Assert.Equal(0, other.Iteration);
    }

    [Fact]
    public void RejectsBadArguments()
    {
        var network = new SpiralNet(0);
        var objective = TrainerTestProblems.Full();
        Assert.Throws<ArgumentException>(() => new Trainer<SpiralNet, Tsit5, float>(network, objective, new Adam<float>(3), new ConstantSchedule(0.1)));
        Assert.Throws<ArgumentException>(() => new Trainer<SpiralNet, Tsit5, float>(network, objective, new Adam<float>(252), new ConstantSchedule(0.1), new TrainerOptions { ClipNorm = 0 }));
        Assert.Throws<ArgumentException>(() => new Trainer<SpiralNet, Tsit5, float>(network, objective, new Adam<float>(252), new ConstantSchedule(0.1), new TrainerOptions { Layers = TimeNet.Layers }));
        var trainer = new Trainer<SpiralNet, Tsit5, float>(network, objective, new Adam<float>(252), new ConstantSchedule(0.1));
        Assert.Throws<ArgumentException>(() => trainer.Run(0));
        Assert.Throws<InvalidOperationException>(() => trainer.SaveCheckpoint());
    }

    private static float[] ParametersOf(SafeTensorsFile file)
    {
        var parameters = new float[252];
        ModelCheckpoint.Restore<float>(file, parameters, SpiralNet.Layers, "optimizer.", "rng.");
        return parameters;
    }

    private static int[] Bits(float[] values) => Array.ConvertAll(values, BitConverter.SingleToInt32Bits);

    private sealed class RecordingObserver : ITrainingObserver
    {
        public List<TrainingReport> Reports { get; } = [];

        public List<(long Iteration, string Path)> Checkpoints { get; } = [];

        public int Starts { get; private set; }

        public TrainingResult? Stop { get; private set; }

        public Action<TrainingReport>? OnReport { get; init; }

        public void OnStart(TrainingStart start) => Starts++;

        public void OnIteration(in TrainingReport report)
        {
            Reports.Add(report);
            OnReport?.Invoke(report);
        }

        public void OnCheckpoint(long iteration, string path) => Checkpoints.Add((iteration, path));

        public void OnStop(TrainingResult result) => Stop = result;
    }
}

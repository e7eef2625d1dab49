using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using OdeKernels.Checkpoints;
using OdeKernels.Models;
using OdeKernels.Tests.Checkpoints;
using OdeKernels.Training;

namespace OdeKernels.Tests.Models;

/// <summary>
/// Networks and models trained on a data set run in the one <see cref="Trainer{T}"/> loop: they get checkpoints,
/// resume (mid-epoch too, with the sample order restored), metrics and the observer, and
/// <see cref="NetworkTraining.Fit{T}"/> is that loop.
/// </summary>
public sealed class SampleFitTests
{
    private const int Count = 10;

    [Fact]
    public void FitIsTheTrainerLoopOverASampleFit()
    {
        (double[] x, int[] labels) = Data();
        var byFit = NewModel(1);
        NetworkFitResult fit = NetworkTraining.Fit(byFit, x, Count, new CrossEntropySampleLoss<double>(labels, 2), new Adam<double>(byFit.ParameterCount),
            new NetworkFitOptions { BatchSize = 4, MaxEpochs = 3, Schedule = new ConstantSchedule(0.05), Seed = 5 });

        var byTrainer = NewModel(1);
        var sampleFit = new SampleFit<double>(byTrainer, x, Count, new CrossEntropySampleLoss<double>(labels, 2), batchSize: 4);
        TrainingResult result = new Trainer<double>(sampleFit, new Adam<double>(byTrainer.ParameterCount), new ConstantSchedule(0.05), new TrainerOptions { Seed = 5 })
            .Run(3 * sampleFit.BatchesPerEpoch);

        Assert.Equal(3, sampleFit.BatchesPerEpoch);
        Assert.Equal((3, 9L, false), (fit.Epochs, fit.Steps, fit.ReachedTarget));
        Assert.Equal(TrainingStopReason.MaxIterations, result.Reason);
        Assert.Equal(fit.Loss, sampleFit.EpochLoss);
        Assert.Equal(byFit.Parameters.ToArray(), byTrainer.Parameters.ToArray());
    }

    [Fact]
    public void FitStopsAtTheEpochTheCallbackRefuses()
    {
        (double[] x, int[] labels) = Data();
        var model = NewModel(1);
        var epochs = new List<int>();
        NetworkFitResult fit = NetworkTraining.Fit(model, x, Count, new CrossEntropySampleLoss<double>(labels, 2), new Adam<double>(model.ParameterCount),
            new NetworkFitOptions { BatchSize = 4, MaxEpochs = 10 }, (epoch, _) => { epochs.Add(epoch); return epoch < 2; });
        Assert.Equal([1, 2], epochs);
        Assert.Equal((2, 6L, false), (fit.Epochs, fit.Steps, fit.ReachedTarget));
    }

    [Fact]
    public void AModelResumedMidEpochTrainsAsTheUninterruptedRunBitForBit()
    {
        using var dir = new TempDirectory();
        string metrics = dir.File("metrics.csv");
        var options = new TrainerOptions { Seed = 11, CheckpointDirectory = dir.Path, CheckpointEvery = 4, CheckpointsKept = 10, MetricsPath = metrics };
        (Trainer<double> straight, var straightModel, _) = Create(options with { CheckpointDirectory = null, MetricsPath = null }, seed: 1);
        straight.Run(12);

        // Stopped after iteration 5; resumed from the checkpoint of iteration 4, the second batch of the second epoch.
        (Trainer<double> interrupted, _, _) = Create(options, seed: 1);
        using (var cancel = new CancellationTokenSource())
        {
            interrupted.Run(12, new CancelAt(5, cancel), cancel.Token);
        }

        (Trainer<double> resumed, var resumedModel, SampleFit<double> resumedFit) = Create(options, seed: 99);
        string checkpoint = Path.Combine(dir.Path, "checkpoint-000004.safetensors");
        SafeTensorsFile file = SafeTensorsFile.Read(checkpoint);
        Assert.Equal("OdeModel", file.Metadata[TrainingCheckpoint.ModelKey]);
        Assert.Equal("Rk4", file.Metadata[TrainingCheckpoint.TableauKey]);
        Assert.Contains(file.Tensors, t => t.Name == "ode.0.weight");
        Assert.Contains(file.Tensors, t => t.Name == SampleFit<double>.OrderTensor);

        resumed.Resume(checkpoint);
        Assert.Equal(4, resumed.Iteration);
        resumed.Run(12);
        Assert.Equal(straightModel.Parameters.ToArray(), resumedModel.Parameters.ToArray());
        Assert.Equal(4, resumedFit.Epoch);
        Assert.Equal(13, File.ReadAllLines(metrics).Length);
    }

    [Fact]
    public void ResumeRefusesAnOrderThatIsNoPermutationAndChangesNothing()
    {
        using var dir = new TempDirectory();
        (Trainer<double> trainer, _, _) = Create(new TrainerOptions { CheckpointDirectory = dir.Path }, seed: 1);
        SafeTensorsFile file = SafeTensorsFile.Read(trainer.Run(2).Checkpoint!);
        string broken = dir.File("broken.safetensors");
        SafeTensor[] tensors = file.Tensors
            .Select(t => t.Name == SampleFit<double>.OrderTensor ? SafeTensor.FromInt64(t.Name, Enumerable.Repeat(0L, Count).ToArray(), [Count]) : t)
            .ToArray();
        SafeTensorsFile.Write(broken, tensors, file.Metadata.Where(m => m.Key is not (SafeTensorsFile.FileChecksumKey or SafeTensorsFile.ChecksumKey)).ToDictionary(m => m.Key, m => m.Value));

        (Trainer<double> other, var model, _) = Create(new TrainerOptions(), seed: 3);
        double[] before = model.Parameters.ToArray();
        var e = Assert.Throws<InvalidDataException>(() => other.Resume(broken));
        Assert.Contains(SampleFit<double>.OrderTensor, e.Message, StringComparison.Ordinal);
        Assert.Equal(before, model.Parameters.ToArray());
        Assert.Equal(0, other.Iteration);
    }

    private static (Trainer<double> Trainer, OdeModel<Stem64, Field64, Rk4, Head64, double> Model, SampleFit<double> Fit) Create(TrainerOptions options, int seed)
    {
        (double[] x, int[] labels) = Data();
        var model = NewModel(seed);
        var fit = new SampleFit<double>(model, x, Count, new CrossEntropySampleLoss<double>(labels, 2), batchSize: 4);
        return (new Trainer<double>(fit, new Adam<double>(model.ParameterCount), new ConstantSchedule(0.05), options), model, fit);
    }

    private static OdeModel<Stem64, Field64, Rk4, Head64, double> NewModel(int seed) =>
        new(new Stem64(seed), new Field64(seed + 1), new Head64(seed + 2), new OdeBlockOptions { Solver = new SolverOptions { FixedStep = 0.25 }, Adjoint = AdjointMethod.Direct },
            augment: 1, dynamicsLayers: Field64.Layers);

    private static (double[] X, int[] Labels) Data()
    {
        var x = new double[2 * Count];
        var labels = new int[Count];
        for (int i = 0; i < Count; i++)
        {
            x[2 * i] = Math.Cos(i);
            x[(2 * i) + 1] = Math.Sin(2 * i);
            labels[i] = x[2 * i] * x[(2 * i) + 1] > 0 ? 1 : 0;
        }

        return (x, labels);
    }

    private sealed class CancelAt(long iteration, CancellationTokenSource cancel) : ITrainingObserver
    {
        public void OnStart(TrainingStart start)
        {
        }

        public void OnIteration(in TrainingReport report)
        {
            if (report.Iteration == iteration)
            {
                cancel.Cancel();
            }
        }

        public void OnCheckpoint(long iteration, string path)
        {
        }

        public void OnStop(TrainingResult result)
        {
        }
    }
}

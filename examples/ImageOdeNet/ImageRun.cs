using System;
using System.Globalization;
using System.IO;
using System.Linq;
using OdeKernels.Checkpoints;
using OdeKernels.Models;
using OdeKernels.Terminal;
using OdeKernels.Training;

namespace OdeKernels.Examples.ImageOdeNet;

/// <summary>What one trained model reports: a row of the table and its forward NFE per epoch.</summary>
internal sealed record ImageResult(
    IImageModel Model, int Parameters, double TestError, double TrainSeconds, double StepMebibytes, double? ForwardNfe, double[] NfePerEpoch);

/// <summary>
/// Trains one model in its own folder under --out (checkpoints every epoch, metrics.csv, --resume), then scores it on
/// the test set; its time and NFE come from the metrics of the whole run, resumes included.
/// </summary>
internal static class ImageRun
{
    private const int ForwardEvaluationsColumn = 4;
    private const int SecondsColumn = 8;

    /// <summary>Trains and scores the model; null when Ctrl-C stopped it (after a checkpoint).</summary>
    public static ImageResult? Train(ImageSettings s, ImageData data, IImageModel model)
    {
        string directory = Path.Combine(s.Output, model.Name);
        ConsoleProgram.OutputDirectory(directory);
        float[] inputs = data.Inputs(test: false);
        var fit = new SampleFit<float>(model.Network, inputs, data.TrainCount, new CrossEntropySampleLoss<float>(data.TrainLabels, ImageShapes.Classes), s.BatchSize)
        {
            MaxDegreeOfParallelism = s.Threads,
        };
        int parameters = model.Network.ParameterCount;
        long total = (long)s.Epochs * fit.BatchesPerEpoch;
        var trainer = new Trainer<float>(
            fit,
            s.Sgd ? new Sgd<float>(parameters, momentum: 0.9) : new Adam<float>(parameters),
            Schedule(s, fit.BatchesPerEpoch, total),
            new TrainerOptions
            {
                Seed = s.Seed, CheckpointDirectory = directory, CheckpointEvery = s.CheckpointEvery > 0 ? s.CheckpointEvery : fit.BatchesPerEpoch,
                MetricsPath = Path.Combine(directory, "metrics.csv"),
            });
        string? latest = s.Resume ? new CheckpointRotation(directory, 3).Latest : null;
        if (latest is not null)
        {
            try
            {
                trainer.Resume(latest);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"--resume: {model.Name}: {e.Message}", e);
            }
        }

        Console.WriteLine(latest is null
            ? $"{model.Label}: {parameters:N0} parameters, training {s.Epochs} epochs of {fit.BatchesPerEpoch} batches"
            : $"{model.Label}: resuming at iteration {trainer.Iteration} of {total}");
        if (trainer.Iteration < total)
        {
            TrainingResult result = TrainingConsole.Run(observer => trainer.Run(total, observer, s.Cancellation), every: Math.Max(1, fit.BatchesPerEpoch / 4));
            if (result.Reason == TrainingStopReason.Cancelled)
            {
                Console.WriteLine($"{model.Label}: stopped after iteration {result.Iterations}; checkpoint {result.Checkpoint}. Run again with --resume to continue.");
                return null;
            }
        }

        double[][] rows = ReadMetrics(Path.Combine(directory, "metrics.csv"));
        float[] test = data.Inputs(test: true);
        var outputs = new float[data.TestCount * ImageShapes.Classes];
        model.Network.Forward(test, outputs, data.TestCount);
        double accuracy = NetworkTraining.Accuracy<float>(outputs, data.TestLabels, ImageShapes.Classes);
        double? nfe = model.ForwardNfePerSample(data.TestCount);
        double[] perEpoch = model is IOdeImageModel ? NfePerEpoch(rows, fit.BatchesPerEpoch, s.BatchSize, data.TrainCount) : [];
        return new ImageResult(model, parameters, 1 - accuracy, rows.Sum(r => r[SecondsColumn]), StepMebibytes(model, inputs, data.TrainLabels, s.BatchSize), nfe, perEpoch);
    }

    /// <summary>
    /// The learning rate over the run. Cosine annealing ends at a hundredth of the peak rather than at zero, so the last
    /// epoch still moves the weights; it reached more than the step decay in the few epochs of the default run (README).
    /// </summary>
    private static ILearningRateSchedule Schedule(ImageSettings s, int batchesPerEpoch, long total) =>
        s.Cosine ? new CosineSchedule(s.LearningRate, s.LearningRate / 100, total)
        : s.DecayEpochs.Length == 0 ? new ConstantSchedule(s.LearningRate)
        : new MultiStepSchedule(s.LearningRate, 0.1, s.DecayEpochs.Select(e => (long)e * batchesPerEpoch).ToArray());

    /// <summary>
    /// The managed memory one training step allocates (MiB), measured on a warm second step of one batch: the forward
    /// pass, the loss and the backward pass with everything they keep for it (a Direct adjoint's stored steps, a
    /// Backsolve adjoint's O(1) state), above the model and the data. Nothing is freed within a step before its end
    /// that it did not allocate, so this bounds the step's peak working memory from above.
    /// </summary>
    private static double StepMebibytes(IImageModel model, float[] inputs, int[] labels, int batch)
    {
        int count = Math.Min(batch, labels.Length), width = ImageData.Width;
        var fit = new SampleFit<float>(model.Network, inputs.AsSpan(0, count * width), count, new CrossEntropySampleLoss<float>(labels.AsSpan(0, count), ImageShapes.Classes), count);
        var gradient = new float[fit.ParameterCount];
        fit.Gradient(0, new TrainingRandom(0), gradient);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        fit.Gradient(0, new TrainingRandom(1), gradient);
        long after = GC.GetTotalAllocatedBytes(precise: true);
        return (after - before) / (1024.0 * 1024.0);
    }

    /// <summary>The mean forward evaluations per sample in each epoch (metrics rows are 1-based iterations, each of one batch).</summary>
    private static double[] NfePerEpoch(double[][] rows, int batchesPerEpoch, int batch, int count)
    {
        int epochs = rows.Length == 0 ? 0 : (int)((rows[^1][0] + batchesPerEpoch - 1) / batchesPerEpoch);
        var evaluations = new double[epochs];
        var samples = new double[epochs];
        foreach (double[] row in rows)
        {
            long position = ((long)row[0] - 1) % batchesPerEpoch;
            int epoch = (int)(((long)row[0] - 1) / batchesPerEpoch);
            evaluations[epoch] += row[ForwardEvaluationsColumn];
            samples[epoch] += Math.Min(batch, count - (position * batch));
        }

        return evaluations.Select((e, k) => samples[k] == 0 ? double.NaN : e / samples[k]).ToArray();
    }

    private static double[][] ReadMetrics(string path) =>
        File.Exists(path)
            ? File.ReadLines(path).Skip(1).Where(l => l.Length > 0)
                .Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray()
            : [];
}

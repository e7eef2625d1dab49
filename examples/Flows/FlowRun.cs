using System;
using System.Globalization;
using System.IO;
using System.Linq;
using OdeKernels.Examples.Fitting;
using OdeKernels.Examples.Networks;
using OdeKernels.Flows;
using OdeKernels.Training;

namespace OdeKernels.Examples.Flows;

/// <summary>What one trained flow reports.</summary>
internal sealed record FlowResult(string Name, double TestNll, double TrainSeconds, int Iterations, double ForwardNfe, double BackwardNfe, double EarlyNfe, double LateNfe, double GradientVariance);

/// <summary>
/// Trains one flow (one density, one estimator, with or without regularisers) in its own directory under --out, with
/// checkpoints, metrics.csv and resume; its figures and numbers come from the metrics of the whole run, resumes included.
/// </summary>
internal static class FlowRun
{
    /// <summary>Trains the flow; null when Ctrl-C stopped it (after a checkpoint).</summary>
    public static (FlowResult Result, ContinuousFlow<FlowNet, Dopri5, double> Flow)? Train(
        FlowSettings s, string name, double[] train, double[] test, FlowFitOptions options)
    {
        string directory = Path.Combine(s.Output, name);
        ContinuousFlow<FlowNet, Dopri5, double> flow = FlowTraining.Flow(s.Seed, s.Solver);
        var fit = new FlowFit<FlowNet, Dopri5, double>(flow, train, options);
        Trainer<double> trainer = FlowTraining.Trainer(
            fit, s.LearningRate, s.Iterations,
            new TrainerOptions
            {
                Solver = s.Solver, Adjoint = options.Adjoint, Seed = s.Seed, CheckpointDirectory = directory,
                CheckpointEvery = s.CheckpointEvery, MetricsPath = Path.Combine(directory, "metrics.csv"),
            });
        if (DirectoryTraining.Run(trainer, name, directory, s.Resume, s.Iterations, s.Cancellation) is null)
        {
            return null;
        }

        double[][] rows = ReadMetrics(Path.Combine(directory, "metrics.csv"));
        double lanes = Math.Min(s.BatchSize, train.Length / 2);
        int quarter = Math.Max(1, rows.Length / 10);
        double Mean(System.Collections.Generic.IEnumerable<double[]> r, int column) => r.Select(x => x[column]).DefaultIfEmpty(double.NaN).Average() / lanes;
        double variance = GradientVariance(flow, options, test.AsSpan(0, Math.Min(test.Length, 2 * s.BatchSize)).ToArray(), s.Seed);
        return (new FlowResult(
            name, flow.NegativeLogLikelihood(test), rows.Sum(r => r[8]), rows.Length, Mean(rows, 4), Mean(rows, 5),
            Mean(rows.Take(quarter), 4), Mean(rows.Skip(rows.Length - quarter), 4), variance), flow);
    }

    /// <summary>
    /// The estimator's gradient variance at the trained parameters: eight gradients of one fixed batch with fresh
    /// probes, the variance of each parameter's derivative averaged over the parameters (zero for the exact trace).
    /// </summary>
    private static double GradientVariance(ContinuousFlow<FlowNet, Dopri5, double> flow, FlowFitOptions options, double[] batch, ulong seed)
    {
        const int draws = 8;
        var fit = new FlowFit<FlowNet, Dopri5, double>(flow, batch, options with { BatchSize = batch.Length / 2 });
        int p = fit.ParameterCount;
        var sum = new double[p];
        var squares = new double[p];
        var g = new double[p];
        for (int k = 0; k < draws; k++)
        {
            // The whole (fixed) batch takes no draws: only the probes change with the seed.
            fit.Gradient(0, new TrainingRandom(seed + (ulong)k + 1), g);
            for (int j = 0; j < p; j++)
            {
                sum[j] += g[j];
                squares[j] += g[j] * g[j];
            }
        }

        double total = 0;
        for (int j = 0; j < p; j++)
        {
            double mean = sum[j] / draws;
            total += Math.Max(0, (squares[j] / draws) - (mean * mean)) * draws / (draws - 1);
        }

        return total / p;
    }

    private static double[][] ReadMetrics(string path) =>
        File.ReadLines(path).Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
}

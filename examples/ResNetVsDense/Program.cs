using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using OdeKernels;
using OdeKernels.Examples;
using OdeKernels.Examples.Networks;
using OdeKernels.Examples.ResNetVsDense;
using OdeKernels.Models;
using OdeKernels.Terminal;
using OdeKernels.Training;

// The Flux/Julia lecture notes' experiment: learn the identity on x ∈ {−10, …, 10} with four 1 → 1 tanh layers and an
// identity output, with and without a skip connection, and as a neural ODE whose field is the four layers (shared
// weights, Rk4 at h = 1/4 on [0, 1]); Adam, batches of 8, until the MSE is below the target or the epochs run out.
var seeds = new Option<int>("--seeds") { Description = "seeds per variant (0, 1, ...)", DefaultValueFactory = _ => 5 };
var epochs = new Option<int>("--max-epochs") { Description = "the most epochs per run", DefaultValueFactory = _ => 10_000 };
var rate = new Option<double>("--learning-rate") { Description = "Adam's learning rate", DefaultValueFactory = _ => 0.01 };
var target = new Option<double>("--target") { Description = "stop when the MSE over all points is below this", DefaultValueFactory = _ => 0.01 };
var output = new Option<string>("--out") { Description = "output directory for the tables (CSV and Markdown)", DefaultValueFactory = _ => Path.Combine("out", "resnet-vs-dense") };
output.AcceptLegalFilePathsOnly();
TrainingCommandLine.Require(seeds, v => v > 0, "be positive");
TrainingCommandLine.Require(epochs, v => v > 0, "be positive");
TrainingCommandLine.Require(rate, v => v > 0 && double.IsFinite(v), "be positive");
TrainingCommandLine.Require(target, v => v > 0 && double.IsFinite(v), "be positive");
var command = new RootCommand("ResNet vs dense: a tanh chain learning the identity, with and without a skip connection, and as a neural ODE.")
{
    seeds, epochs, rate, target, output,
};

// Errors, exit codes and Ctrl-C as for every example (ConsoleProgram); Ctrl-C ends this one at once.
return ConsoleProgram.Invoke(command, args, result => Experiment.Run(result.GetValue(seeds), result.GetValue(epochs), result.GetValue(rate), result.GetValue(target), result.GetValue(output)!));

/// <summary>The runs, the tables and the report.</summary>
internal static class Experiment
{
    private static readonly string[] Variants = ["dense", "skip", "neural ODE"];

    public static int Run(int seeds, int maxEpochs, double learningRate, double target, string output)
    {
        // An unusable --out is bad input, found now rather than after the runs.
        ConsoleProgram.OutputDirectory(output);
        float[] x = Enumerable.Range(-10, 21).Select(v => (float)v).ToArray();
        var runs = new ResultTable("variant", "seed", "parameters", "epochs", "converged", "final MSE", "seconds", "allocated bytes");
        var summary = new ResultTable("variant", "converged", "epochs (median)", "epochs (range)", "seconds (mean)", "allocated bytes (mean)", "bytes per step (mean)");
        Console.WriteLine($"Identity on {{-10, ..., 10}}: Adam at {F(learningRate)}, batches of 8, until MSE < {F(target)} or {maxEpochs} epochs; {seeds} seeds.");
        var all = new List<(string Variant, NetworkFitResult Fit, double Seconds, long Bytes)>();
        for (int seed = 0; seed < seeds; seed++)
        {
            foreach (string variant in Variants)
            {
                INetwork<float> network = Create(variant, seed);
                var optimizer = new Adam<float>(network.ParameterCount);
                var options = new NetworkFitOptions { BatchSize = 8, MaxEpochs = maxEpochs, LossTarget = target, Schedule = new ConstantSchedule(learningRate), Seed = (ulong)seed };
                var loss = new SquaredErrorSampleLoss<float>(x, 1);
                long before = GC.GetAllocatedBytesForCurrentThread();
                var clock = Stopwatch.StartNew();
                NetworkFitResult fit = NetworkTraining.Fit(network, x, x.Length, loss, optimizer, options);
                double seconds = clock.Elapsed.TotalSeconds;
                long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
                all.Add((variant, fit, seconds, bytes));
                runs.Add(variant, I(seed), I(network.ParameterCount), I(fit.Epochs), fit.ReachedTarget ? "yes" : "no", fit.Loss.ToString("G3", CultureInfo.InvariantCulture), seconds.ToString("F3", CultureInfo.InvariantCulture), bytes.ToString(CultureInfo.InvariantCulture));
                Console.WriteLine($"  seed {seed}, {variant}: {(fit.ReachedTarget ? "converged" : "not converged")} after {fit.Epochs} epochs, MSE {fit.Loss:G3}, {seconds:F2} s, {bytes:N0} bytes allocated");
            }
        }

        foreach (string variant in Variants)
        {
            var mine = all.Where(r => r.Variant == variant).ToArray();
            int[] epochs = mine.Select(r => r.Fit.Epochs).Order().ToArray();
            double median = epochs.Length % 2 == 1 ? epochs[epochs.Length / 2] : 0.5 * (epochs[(epochs.Length / 2) - 1] + epochs[epochs.Length / 2]);
            summary.Add(
                variant, $"{mine.Count(r => r.Fit.ReachedTarget)}/{mine.Length}", F(median), $"{epochs[0]}-{epochs[^1]}",
                mine.Average(r => r.Seconds).ToString("F3", CultureInfo.InvariantCulture), mine.Average(r => (double)r.Bytes).ToString("F0", CultureInfo.InvariantCulture),
                mine.Average(r => (double)r.Bytes / Math.Max(1, r.Fit.Steps)).ToString("F0", CultureInfo.InvariantCulture));
        }

        Console.WriteLine();
        Console.Write(summary.ToMarkdown());
        Console.WriteLine();
        Console.Write(runs.ToMarkdown());
        summary.Save(output, "summary");
        runs.Save(output, "runs");
        Console.WriteLine();
        Console.WriteLine($"wrote {Path.GetFullPath(output)}: summary.csv, summary.md, runs.csv, runs.md");
        return 0;
    }

    /// <summary>A fresh network of the variant. The neural ODE integrates its field over [0, 1] with Rk4 at h = 1/4.</summary>
    private static INetwork<float> Create(string variant, int seed) => variant switch
    {
        "dense" => new DenseChain(seed),
        "skip" => new SkipChain(seed),
        _ => new OdeModel<IdentityNetwork<float>, TanhField, Rk4, OutputLayer, float>(
            new IdentityNetwork<float>(1), new TanhField(seed), new OutputLayer(seed + 1),
            new OdeBlockOptions { Solver = new SolverOptions { FixedStep = 0.25 }, Adjoint = AdjointMethod.Direct }),
    };

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;

namespace OdeKernels.Examples.ImageOdeNet;

/// <summary>
/// The experiment: trains each model, prints and writes the table of Chen et al.'s Table 1 (model, parameters, test
/// error, training time, memory of a training step, forward NFE), and, for the ODE-Net, the forward NFE per epoch and
/// the "train accurately, test cheaply" table; with the figures.
/// </summary>
internal static class ImageReport
{
    public static int Run(ImageSettings s)
    {
        OdeKernels.Terminal.ConsoleProgram.OutputDirectory(s.Output);
        var clock = Stopwatch.StartNew();
        ImageData data = ImageData.Load(s);
        Console.WriteLine($"{data.Dataset} from {s.Data}: {data.TrainCount} training and {data.TestCount} test images; {s.Epochs} epochs of batches of {s.BatchSize}, "
            + $"{(s.Sgd ? "SGD (momentum 0.9)" : "Adam")} at {F(s.LearningRate, "G3")}{(s.Cosine ? ", cosine annealing to a hundredth" : s.DecayEpochs.Length == 0 ? string.Empty : ", ÷10 at epochs " + string.Join(", ", s.DecayEpochs))}.");
        foreach (string warning in data.Warnings)
        {
            Console.WriteLine("warning: " + warning);
        }

        Console.WriteLine($"ResNet, RK-Net and ODE-Net: conv stem 1×28×28 → {s.Channels}×7×7, feature block, GroupNorm-ReLU-pool-dense head ({(s.Channels == 64 ? "Chen et al.'s width" : "Chen et al. use 64 channels: --channels 64")}).");
        var results = new List<ImageResult>();
        var sweep = new List<(TestSolver Solver, double Accuracy, double Nfe)>();
        foreach (string name in s.Models)
        {
            IImageModel model = ImageModels.Create(name, s);
            ImageResult? result = ImageRun.Train(s, data, model);
            if (result is null)
            {
                return 0;
            }

            results.Add(result);
            Console.WriteLine($"{model.Label}: test error {P(result.TestError)}{(result.ForwardNfe is { } n ? $", forward NFE {F(n, "F1")}" : string.Empty)}");
            if (model is IOdeImageModel ode && model.Name == "odenet" && s.TestSolvers)
            {
                sweep.AddRange(TestCheaply(s, data, ode));
            }
        }

        var table = new ResultTable("model", "parameters", "test error", "training time (s)", "memory of a training step (MiB allocated)", "forward NFE");
        foreach (ImageResult r in results)
        {
            table.Add(
                r.Model.Label, r.Parameters.ToString("N0", CultureInfo.InvariantCulture), P(r.TestError), F(r.TrainSeconds, "F1"), F(r.StepMebibytes, "F2"),
                r.ForwardNfe is { } n ? F(n, "F1") : "-");
        }

        Console.WriteLine();
        Console.Write(table.ToMarkdown());
        table.Save(s.Output, "results");
        var written = new List<string> { "results.csv", "results.md" };
        ImagePlots.ErrorVsParameters(Path.Combine(s.Output, "error-vs-parameters.svg"), data.Dataset, results);
        written.Add("error-vs-parameters.svg");
        if (results.Any(r => r.NfePerEpoch.Length > 0))
        {
            ImagePlots.NfePerEpoch(Path.Combine(s.Output, "nfe-per-epoch.svg"), results);
            written.Add("nfe-per-epoch.svg");
        }

        if (sweep.Count > 0)
        {
            var cheap = new ResultTable("test solver", "setting", "test accuracy", "forward NFE");
            foreach ((TestSolver solver, double accuracy, double nfe) in sweep)
            {
                cheap.Add(solver.Method, solver.Setting, P(accuracy), F(nfe, "F1"));
            }

            Console.WriteLine();
            Console.WriteLine($"Train accurately, test cheaply: the ODE-Net trained with Dopri5 at tol {F(s.Tolerance, "0E+0")}, evaluated on the test set with other solvers:");
            Console.WriteLine();
            Console.Write(cheap.ToMarkdown());
            cheap.Save(s.Output, "test-solvers");
            ImagePlots.AccuracyVsNfe(Path.Combine(s.Output, "test-solvers.svg"), sweep);
            written.AddRange(["test-solvers.csv", "test-solvers.md", "test-solvers.svg"]);
        }

        Console.WriteLine();
        Console.WriteLine($"done in {clock.Elapsed.TotalSeconds:F1} s; wrote {Path.GetFullPath(s.Output)}: {string.Join(", ", written)}, and per model a folder of checkpoints and metrics.csv");
        return 0;
    }

    /// <summary>The trained ODE-Net on the test set with each solver of the sweep: accuracy and forward NFE per sample.</summary>
    private static IEnumerable<(TestSolver Solver, double Accuracy, double Nfe)> TestCheaply(ImageSettings s, ImageData data, IOdeImageModel model)
    {
        float[] test = data.Inputs(test: true);
        var outputs = new float[data.TestCount * ImageShapes.Classes];
        foreach (TestSolver solver in TestSolver.Sweep(s.Tolerance))
        {
            double nfe = model.Forward(solver, test, outputs, data.TestCount);
            yield return (solver, Models.NetworkTraining.Accuracy<float>(outputs, data.TestLabels, ImageShapes.Classes), nfe);
        }
    }

    private static string P(double fraction) => (100 * fraction).ToString("F2", CultureInfo.InvariantCulture) + "%";

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}

using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using OdeKernels;
using OdeKernels.Examples;
using OdeKernels.Examples.Spheres;
using OdeKernels.Models;
using OdeKernels.Terminal;

// "ResNet After All?" (Ott et al., ICLR 2021) on the concentric spheres of Dupont et al. (2019): train stem → ODE block →
// linear head with Euler and Rk4 at fixed steps and with Dopri5 at tolerances, evaluate each with its training solver and
// with Rk4 at a tiny step, count trajectory crossings (d = 2), and run the step-size and tolerance adaptation.
var dims = new Option<string>("--dims") { Description = "dimensions, comma-separated, from 2, 3, 10", DefaultValueFactory = _ => "2" };
var train = new Option<int>("--train") { Description = "training points", DefaultValueFactory = _ => 512 };
var test = new Option<int>("--test") { Description = "test points", DefaultValueFactory = _ => 512 };
var epochs = new Option<int>("--epochs") { Description = "epochs per model", DefaultValueFactory = _ => 300 };
var batch = new Option<int>("--batch") { Description = "batch size", DefaultValueFactory = _ => 64 };
var rate = new Option<double>("--learning-rate") { Description = "Adam's learning rate", DefaultValueFactory = _ => 0.01 };
var seed = new Option<ulong>("--seed") { Description = "seed of the data, the networks and the shuffling", DefaultValueFactory = _ => 0 };
var steps = new Option<string>("--steps") { Description = "fixed steps on [0, 1], comma-separated", DefaultValueFactory = _ => "1,0.5,0.25,0.125,0.0625" };
var tolerances = new Option<string>("--tolerances") { Description = "Dopri5 tolerances (rtol = atol), comma-separated", DefaultValueFactory = _ => "1e-1,1e-2,1e-3,1e-4" };
var adapt = new Option<bool>("--adapt") { Description = "also run the step-size and tolerance adaptation", DefaultValueFactory = _ => true };
var adjoint = new Option<AdjointMethod>("--adjoint") { Description = "gradient through the block: Direct, Checkpointed or Backsolve", DefaultValueFactory = _ => AdjointMethod.Direct };
var output = new Option<string>("--out") { Description = "output directory (tables, SVG plots)", DefaultValueFactory = _ => Path.Combine("out", "spheres") };
output.AcceptLegalFilePathsOnly();
foreach (Option<int> positive in new[] { train, test, epochs, batch })
{
    TrainingCommandLine.Require(positive, v => v > 0, "be positive");
}

TrainingCommandLine.Require(train, v => v >= 2, "be at least 2");
TrainingCommandLine.Require(rate, v => v > 0 && double.IsFinite(v), "be positive");
TrainingCommandLine.Require(dims, v => Lists.TryInts(v, out int[] d) && d.All(x => x is 2 or 3 or 10), "list dimensions from 2, 3, 10");
TrainingCommandLine.Require(steps, v => Lists.TryDoubles(v, out double[] h) && h.All(x => x > 0 && x <= 1), "list steps in (0, 1]");
TrainingCommandLine.Require(tolerances, v => Lists.TryDoubles(v, out double[] t) && t.All(x => x > 0 && x < 1), "list tolerances in (0, 1)");
var command = new RootCommand("ResNet After All? (Ott et al., 2021): neural ODEs on the concentric spheres and their solvers.")
{
    dims, train, test, epochs, batch, rate, seed, steps, tolerances, adapt, adjoint, output,
};

// Errors, exit codes and Ctrl-C as for every example (ConsoleProgram); Ctrl-C ends this one at once.
return ConsoleProgram.Invoke(command, args, result =>
{
    _ = Lists.TryInts(result.GetValue(dims)!, out int[] dimensions);
    _ = Lists.TryDoubles(result.GetValue(steps)!, out double[] stepList);
    _ = Lists.TryDoubles(result.GetValue(tolerances)!, out double[] toleranceList);
    var settings = new SpheresSettings
    {
        Dimensions = dimensions, TrainCount = result.GetValue(train), TestCount = result.GetValue(test), Epochs = result.GetValue(epochs),
        BatchSize = result.GetValue(batch), LearningRate = result.GetValue(rate), Seed = result.GetValue(seed), Steps = stepList,
        Tolerances = toleranceList, Adapt = result.GetValue(adapt), Adjoint = result.GetValue(adjoint), Output = result.GetValue(output)!,
    };
    return SpheresReport.Run(settings);
});

/// <summary>Comma-separated lists on the command line.</summary>
internal static class Lists
{
    public static bool TryInts(string text, out int[] values)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        values = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out values[i]))
            {
                return false;
            }
        }

        return parts.Length > 0;
    }

    public static bool TryDoubles(string text, out double[] values)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        values = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                return false;
            }
        }

        return parts.Length > 0;
    }
}

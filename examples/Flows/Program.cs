using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using OdeKernels;
using OdeKernels.Examples.Datasets;
using OdeKernels.Examples.Fitting;
using OdeKernels.Examples.Flows;
using OdeKernels.Terminal;

// Continuous normalizing flows (Chen et al. 2018 §4; FFJORD, Grathwohl et al. 2019) on five 2-D densities, trained by
// maximum likelihood with the generated exact divergence (FlowNet: [Dynamics(Divergence = true)]); then, on eight Gaussians, exact vs Hutchinson and unregularised
// vs kinetic + Jacobian regularised (Finlay et al. 2020). Float64, Dopri5 at rtol = atol = 1e-5, t₁ = 0.5, Adam on a
// cosine schedule. Every run checkpoints into --out/<run>/ and --resume continues each from its latest checkpoint.
var densities = new Option<string>("--densities") { Description = "densities, comma-separated: " + string.Join(", ", ToyDensities.Names), DefaultValueFactory = _ => string.Join(",", ToyDensities.Names) };
var iterations = new Option<int>("--iterations") { Description = "iterations per flow", DefaultValueFactory = _ => 1500 };
var batch = new Option<int>("--batch") { Description = "points per iteration", DefaultValueFactory = _ => FlowTraining.BatchSize };
var trainPoints = new Option<int>("--train-points") { Description = "training points per density", DefaultValueFactory = _ => FlowTraining.TrainPoints };
var testPoints = new Option<int>("--test-points") { Description = "held-out points per density", DefaultValueFactory = _ => FlowTraining.TestPoints };
var rate = new Option<double>("--learning-rate") { Description = "Adam's peak learning rate", DefaultValueFactory = _ => FlowTraining.LearningRate };
var seed = new Option<ulong>("--seed") { Description = "seed of the data, the networks, the batches and the probes", DefaultValueFactory = _ => 0 };
var adjoint = new Option<AdjointMethod>("--adjoint") { Description = "Direct, Checkpointed or Backsolve", DefaultValueFactory = _ => AdjointMethod.Backsolve };
var tolerance = new Option<double>("--tolerance") { Description = "Dopri5's rtol = atol", DefaultValueFactory = _ => FlowTraining.Tolerance };
var weight = new Option<double>("--regularizer-weight") { Description = "λ of the kinetic and of the Jacobian regulariser in the comparison", DefaultValueFactory = _ => 0.1 };
var grid = new Option<int>("--grid") { Description = "heat-map cells per side", DefaultValueFactory = _ => 80 };
var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "iterations between checkpoints (0: only at the end)", DefaultValueFactory = _ => 100 };
var resume = new Option<bool>("--resume") { Description = "continue every run from the latest checkpoint in its directory under --out" };
var compare = new Option<bool>("--compare") { Description = "also run the two comparison tables on 8gaussians", DefaultValueFactory = _ => true };
var quick = new Option<bool>("--quick") { Description = "a run of seconds (3 iterations, 64 points, tolerance 1e-3; for tests)" };
var output = new Option<string>("--out") { Description = "output directory (checkpoints, metrics, tables, SVG figures, data)", DefaultValueFactory = _ => Path.Combine("out", "flows") };
output.AcceptLegalFilePathsOnly();
foreach (Option<int> positive in new[] { iterations, batch, trainPoints, testPoints })
{
    TrainingCommandLine.Require(positive, v => v > 0, "be positive");
}

TrainingCommandLine.Require(grid, v => v >= 4, "be at least 4");
TrainingCommandLine.Require(checkpointEvery, v => v >= 0, "be non-negative");
TrainingCommandLine.Require(rate, v => v > 0 && double.IsFinite(v), "be positive");
TrainingCommandLine.Require(tolerance, v => v > 0 && v < 1, "be in (0, 1)");
TrainingCommandLine.Require(weight, v => v >= 0 && double.IsFinite(v), "be non-negative");
TrainingCommandLine.Require(densities, v => Names(v).Length > 0 && Names(v).All(ToyDensities.Names.Contains), "list densities from " + string.Join(", ", ToyDensities.Names));
var command = new RootCommand("Continuous normalizing flows on 2-D densities: exact divergence, Hutchinson, kinetic and Jacobian regularisers.")
{
    densities, iterations, batch, trainPoints, testPoints, rate, seed, adjoint, tolerance, weight, grid, checkpointEvery, resume, compare, quick, output,
};

return ConsoleProgram.Invoke(command, args, (result, cancellation) =>
{
    bool small = result.GetValue(quick);
    var settings = new FlowSettings(
        Names(result.GetValue(densities)!), small ? 3 : result.GetValue(iterations), small ? 32 : result.GetValue(batch),
        small ? 64 : result.GetValue(trainPoints), small ? 64 : result.GetValue(testPoints), result.GetValue(rate), result.GetValue(seed), result.GetValue(adjoint),
        small ? 1e-3 : result.GetValue(tolerance), result.GetValue(weight), small ? 8 : result.GetValue(grid), result.GetValue(checkpointEvery),
        result.GetValue(resume), result.GetValue(compare), result.GetValue(output)!, cancellation);
    return FlowReport.Run(settings);
});

static string[] Names(string text) => text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

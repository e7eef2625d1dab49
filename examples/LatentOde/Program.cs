using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using OdeKernels;
using OdeKernels.Examples.LatentOde;
using OdeKernels.Terminal;

// Latent ODEs for irregularly sampled time series (Chen et al. 2018, §5): Chen et al.'s 1,000 noisy 2-D spirals, each
// training series observed at 30, 50 or 100 random points of 100; a latent ODE (GRU recognition network backwards in
// time → z0 of 4 → generated latent dynamics → decoder) trained on the ELBO, an RNN baseline (a GRU decoder over the
// time gaps) trained on the same data; the predictive RMSE on held-out series beside Chen et al.'s Table 2; then a
// Poisson-process variant that learns an event rate λ(z(t)) with the ODE. Every model checkpoints into --out/<model>/
// and --resume continues each from its latest checkpoint.
string[] Parts = ["spirals", "poisson"];
var epochs = new Option<int>("--epochs") { Description = "passes over the training series per spiral model", DefaultValueFactory = _ => 600 };
var batch = new Option<int>("--batch") { Description = "series per iteration", DefaultValueFactory = _ => 50 };
var trainSeries = new Option<int>("--train-series") { Description = "training spirals (half clockwise)", DefaultValueFactory = _ => 1000 };
var testSeries = new Option<int>("--test-series") { Description = "held-out spirals", DefaultValueFactory = _ => 200 };
var observations = new Option<string>("--observations") { Description = "numbers of observed points a training series may have (of 100), comma-separated", DefaultValueFactory = _ => "30,50,100" };
var rate = new Option<double>("--learning-rate") { Description = "Adam's peak learning rate (cosine schedule to a twentieth)", DefaultValueFactory = _ => 0.01 };
var seed = new Option<ulong>("--seed") { Description = "seed of the data, the networks, the batches and ε", DefaultValueFactory = _ => 0 };
var adjoint = new Option<AdjointMethod>("--adjoint") { Description = "Direct, Checkpointed or Backsolve", DefaultValueFactory = _ => AdjointMethod.Direct };
var tolerance = new Option<double>("--tolerance") { Description = "Dopri5's rtol = atol", DefaultValueFactory = _ => 1e-4 };
var sequences = new Option<int>("--poisson-sequences") { Description = "training (and held-out) event sequences of the Poisson variant", DefaultValueFactory = _ => 100 };
var poissonEpochs = new Option<int>("--poisson-epochs") { Description = "full-batch iterations of the Poisson variant", DefaultValueFactory = _ => 800 };
var poissonRate = new Option<double>("--poisson-learning-rate") { Description = "Adam's peak learning rate of the Poisson variant", DefaultValueFactory = _ => 0.03 };
var parts = new Option<string>("--parts") { Description = "what to run, comma-separated: spirals (latent ODE vs RNN), poisson", DefaultValueFactory = _ => "spirals,poisson" };
var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "iterations between checkpoints (0: only at the end)", DefaultValueFactory = _ => 100 };
var resume = new Option<bool>("--resume") { Description = "continue every model from the latest checkpoint in its directory under --out" };
var quick = new Option<bool>("--quick") { Description = "a run of seconds (1 epoch of 40 series, 20 held out, 20 event sequences, 3 Poisson iterations; for tests)" };
var output = new Option<string>("--out") { Description = "output directory (checkpoints, metrics, tables, SVG figures)", DefaultValueFactory = _ => Path.Combine("out", "latent-ode") };
output.AcceptLegalFilePathsOnly();
foreach (Option<int> positive in new[] { epochs, batch, trainSeries, testSeries, sequences, poissonEpochs })
{
    TrainingCommandLine.Require(positive, v => v > 0, "be positive");
}

TrainingCommandLine.Require(checkpointEvery, v => v >= 0, "be non-negative");
TrainingCommandLine.Require(rate, v => v > 0 && double.IsFinite(v), "be positive");
TrainingCommandLine.Require(poissonRate, v => v > 0 && double.IsFinite(v), "be positive");
TrainingCommandLine.Require(parts, v => Names(v) is { Length: > 0 } p && p.All(Parts.Contains), "list parts from " + string.Join(", ", Parts));
TrainingCommandLine.Require(tolerance, v => v > 0 && v < 1, "be in (0, 1)");
TrainingCommandLine.Require(observations, v => Counts(v) is { Length: > 0 } c && c.All(n => n is >= 1 and <= 100), "list numbers of observations from 1 to 100");
var command = new RootCommand("Latent ODEs on irregularly sampled spirals (vs an RNN baseline) and a Poisson-process variant.")
{
    epochs, batch, trainSeries, testSeries, observations, rate, seed, adjoint, tolerance, sequences, poissonEpochs, poissonRate, parts, checkpointEvery, resume, quick, output,
};

return ConsoleProgram.Invoke(command, args, (result, cancellation) =>
{
    bool small = result.GetValue(quick);
    var settings = new LatentOdeSettings(
        small ? 1 : result.GetValue(epochs), small ? 20 : result.GetValue(batch), small ? 40 : result.GetValue(trainSeries),
        small ? 20 : result.GetValue(testSeries), Counts(result.GetValue(observations)!)!, result.GetValue(rate), result.GetValue(seed),
        result.GetValue(adjoint), small ? 1e-3 : result.GetValue(tolerance), small ? 20 : result.GetValue(sequences),
        small ? 3 : result.GetValue(poissonEpochs), result.GetValue(poissonRate), Names(result.GetValue(parts)!), result.GetValue(checkpointEvery), result.GetValue(resume), result.GetValue(output)!, cancellation);
    ConsoleProgram.OutputDirectory(settings.Output);

    // A run stopped by Ctrl-C has written its checkpoint; ConsoleProgram then exits with 130.
    _ = (!settings.Parts.Contains("spirals") || SpiralReport.Run(settings)) && (!settings.Parts.Contains("poisson") || PoissonReport.Run(settings));
    return 0;
});

static string[] Names(string text) => text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

static int[]? Counts(string text)
{
    int[] counts = [];
    foreach (string part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
    {
        if (!int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n))
        {
            return null;
        }

        counts = [.. counts, n];
    }

    return counts;
}

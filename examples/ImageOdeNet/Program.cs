using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using OdeKernels.Datasets;
using OdeKernels.Examples.ImageOdeNet;
using OdeKernels.Terminal;

// Image classification after Chen et al. (NeurIPS 2018), Table 1: a 1-hidden-layer MLP, a ResNet, an RK-Net (the ODE
// block trained by backpropagating through fixed-step Rk4) and an ODE-Net (adaptive Dopri5, Backsolve adjoint) on
// Fashion-MNIST (Debian's dataset-fashion-mnist) or MNIST files in a folder. The ResNet, RK-Net and ODE-Net are
// Chen et al.'s convolutional networks (ImageNetworks.cs) at 16 channels by default or their 64 (--channels 64,
// --full). Every model checkpoints into --out/<model>/ each epoch and --resume continues each from its latest checkpoint.
var data = new Option<string>("--data") { Description = "folder of the four IDX files (plain or .gz)", DefaultValueFactory = _ => ImageClassificationData.DebianFashionMnistDirectory };
var allowUnknown = new Option<bool>("--allow-unknown-digests") { Description = "warn, not fail, when a file's digests match no known Fashion-MNIST or MNIST release" };
var models = new Option<string>("--models") { Description = "models, comma-separated: " + string.Join(", ", ImageModels.Names), DefaultValueFactory = _ => string.Join(",", ImageModels.Names) };
var channels = new Option<int>("--channels") { Description = "feature maps of the conv models: 16 or Chen et al.'s 64", DefaultValueFactory = _ => 16 };
var epochs = new Option<int>("--epochs") { Description = "epochs per model", DefaultValueFactory = _ => 6 };
var batch = new Option<int>("--batch") { Description = "batch size", DefaultValueFactory = _ => 32 };
var sgd = new Option<bool>("--sgd") { Description = "SGD with momentum 0.9 (Chen et al.) instead of Adam" };
var rate = new Option<double>("--learning-rate") { Description = "learning rate (Adam's; the peak of the cosine schedule; 0.1 for SGD in --full)", DefaultValueFactory = _ => 6e-3 };
var schedule = new Option<string>("--schedule") { Description = "the learning rate over the run: cosine (from the rate down to a hundredth of it) or step (divided by 10 after each of --decay-epochs)", DefaultValueFactory = _ => "cosine" };
var decay = new Option<string>("--decay-epochs") { Description = "with --schedule step: epochs after which the rate is divided by 10, comma-separated (empty: constant)", DefaultValueFactory = _ => "1" };
var full = new Option<bool>("--full") { Description = "Chen et al.'s protocol: 64 channels, all images, 160 epochs, batch 128, SGD (momentum 0.9) at 0.1 divided by 10 at epochs 60, 100, 140" };
var threads = new Option<int>("--threads") { Description = "most threads per batch (0: every core); results do not depend on it", DefaultValueFactory = _ => 0 };
var seed = new Option<ulong>("--seed") { Description = "seed of the networks and the shuffling", DefaultValueFactory = _ => 0 };
var tolerance = new Option<double>("--tolerance") { Description = "the ODE-Net's Dopri5 rtol = atol in training (Chen et al.: 1e-3)", DefaultValueFactory = _ => 1e-3 };
var rkStep = new Option<double>("--rk-step") { Description = "the RK-Net's fixed Rk4 step on [0, 1]", DefaultValueFactory = _ => 0.25 };
var trainCount = new Option<int?>("--train-count") { Description = "use only the first N training images (default: all)" };
var testCount = new Option<int?>("--test-count") { Description = "use only the first N test images (default: all)" };
var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "iterations between checkpoints (0: one an epoch)", DefaultValueFactory = _ => 0 };
var resume = new Option<bool>("--resume") { Description = "continue every model from the latest checkpoint in its folder under --out" };
var testSolvers = new Option<bool>("--test-solvers") { Description = "evaluate the trained ODE-Net with several solvers (train accurately, test cheaply)", DefaultValueFactory = _ => true };
var output = new Option<string>("--out") { Description = "output directory (checkpoints, metrics, tables, SVG figures)", DefaultValueFactory = _ => Path.Combine("out", "imageodenet") };
output.AcceptLegalFilePathsOnly();
foreach (Option<int> positive in new[] { epochs, batch })
{
    TrainingCommandLine.Require(positive, v => v > 0, "be positive");
}

TrainingCommandLine.Require(channels, v => ImageShapes.Channels.Contains(v), "be one of " + string.Join(", ", ImageShapes.Channels));
TrainingCommandLine.Require(trainCount, v => v is null or > 0, "be positive");
TrainingCommandLine.Require(testCount, v => v is null or > 0, "be positive");
TrainingCommandLine.Require(checkpointEvery, v => v >= 0, "be non-negative");
TrainingCommandLine.Require(threads, v => v >= 0, "be non-negative");
TrainingCommandLine.Require(rate, v => v > 0 && double.IsFinite(v), "be positive");
TrainingCommandLine.Require(tolerance, v => v > 0 && v < 1, "be in (0, 1)");
TrainingCommandLine.Require(rkStep, v => v > 0 && v <= 1, "be in (0, 1]");
TrainingCommandLine.Require(models, v => Names(v).Length > 0 && Names(v).All(ImageModels.Names.Contains), "list models from " + string.Join(", ", ImageModels.Names));
TrainingCommandLine.Require(schedule, v => v is "cosine" or "step", "be cosine or step");
TrainingCommandLine.Require(decay, v => Epochs(v) is not null, "list increasing positive epochs");
var command = new RootCommand("Chen et al. (2018), Table 1: MLP, ResNet, RK-Net and ODE-Net on Fashion-MNIST or MNIST.")
{
    data, allowUnknown, models, channels, epochs, batch, sgd, rate, schedule, decay, full, seed, threads, tolerance, rkStep, trainCount, testCount, checkpointEvery, resume, testSolvers, output,
};

return ConsoleProgram.Invoke(command, args, (result, cancellation) =>
{
    bool chen = result.GetValue(full);
    var settings = new ImageSettings
    {
        Data = result.GetValue(data)!, AllowUnknownDigests = result.GetValue(allowUnknown), Models = Names(result.GetValue(models)!),
        Channels = chen ? 64 : result.GetValue(channels),
        Epochs = chen ? 160 : result.GetValue(epochs), BatchSize = chen ? 128 : result.GetValue(batch), Sgd = chen || result.GetValue(sgd),
        LearningRate = chen ? 0.1 : result.GetValue(rate), Cosine = !chen && result.GetValue(schedule) == "cosine", DecayEpochs = chen ? [60, 100, 140] : Epochs(result.GetValue(decay)!)!,
        Seed = result.GetValue(seed), Threads = result.GetValue(threads), Tolerance = result.GetValue(tolerance), RkStep = result.GetValue(rkStep), TrainLimit = chen ? null : result.GetValue(trainCount),
        TestLimit = result.GetValue(testCount), CheckpointEvery = result.GetValue(checkpointEvery), Resume = result.GetValue(resume),
        TestSolvers = result.GetValue(testSolvers), Output = result.GetValue(output)!, Cancellation = cancellation,
    };
    return ImageReport.Run(settings);
});

static string[] Names(string text) => text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToArray();

static int[]? Epochs(string text)
{
    string[] parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    var values = new int[parts.Length];
    for (int i = 0; i < parts.Length; i++)
    {
        if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out values[i]) || values[i] <= 0 || (i > 0 && values[i] <= values[i - 1]))
        {
            return null;
        }
    }

    return values;
}

using System.CommandLine;
using System.IO;
using OdeKernels.Examples.Spiral;
using OdeKernels.Examples.Fitting;
using OdeKernels.Terminal;

// Chen et al. (2018) / DiffEqFlux's spiral: fit a neural ODE du/dt = NN(u) to 16 points of du/dt = (u³)ᵀA.
// Defaults: Adam at 0.05 on a cosine schedule, a curriculum that fits the first points first and adds the rest over
// the first half of the run (as DiffEqFlux's example grows its time span), Tsit5 at rtol 1e-6 / atol 1e-8 in float.
// The model (SpiralNet) and the truth (SpiralTruth) are declared in examples/OdeKernels.Examples.Shared, which the
// benchmarks and tests share; the host there (TrajectoryFitProgram) runs, resumes and checkpoints the training.
var cli = new TrainingCommandLine("Trains the spiral neural ODE of Chen et al. (2018) and plots the fit.", iterations: SpiralRun.DefaultIterations, learningRate: 0.05, output: Path.Combine("out", "spiral"));
var points = new Option<int>("--points") { Description = "save points on [0, 1.5]", DefaultValueFactory = _ => 16 };
TrainingCommandLine.Require(points, p => p >= 4, "be at least 4");
cli.Command.Add(points);
return TrajectoryFitProgram.Run(cli, args, (parsed, settings) => new SpiralRun(settings, parsed.GetValue(points)));

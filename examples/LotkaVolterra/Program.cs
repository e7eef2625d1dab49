using System.CommandLine;
using System.IO;
using OdeKernels.Examples.LotkaVolterra;
using OdeKernels.Examples.Fitting;
using OdeKernels.Terminal;

// Learn the Lotka-Volterra dynamics from noisy samples on t in [0, 5] with a neural network, then extrapolate to
// t = 10 from the initial state alone. Training fits minibatches of short segments (multiple shooting): each segment
// starts at an observed sample and is compared with the samples that follow, so no solve runs far from data.
// The host in examples/OdeKernels.Examples.Shared (TrajectoryFitProgram) runs, resumes and checkpoints the training.
var cli = new TrainingCommandLine("Learns predator-prey dynamics from noisy samples and extrapolates them.", iterations: LotkaVolterraRun.DefaultIterations, learningRate: 0.01, output: Path.Combine("out", "lotka-volterra"));
var noise = new Option<double>("--noise") { Description = "noise as a fraction of each component's RMS", DefaultValueFactory = _ => 0.03 };
TrainingCommandLine.Require(noise, v => v >= 0 && v < 1, "lie in [0, 1)");
cli.Command.Add(noise);
return TrajectoryFitProgram.Run(cli, args, (parsed, settings) => new LotkaVolterraRun(settings, parsed.GetValue(noise)));

using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using OdeKernels.GpuCheck;
using OdeKernels.Terminal;

// The GPU verification kit's check (bench/gpu/README.md). Without a CUDA driver, or with --cpu-only, it runs every
// CPU row and records each CUDA row as skipped with the reason; a step that fails is a FAIL row, and the exit code is
// then ExitCodes.RunFailed (after the table is written).
var output = new Option<string>("--out") { Description = "folder of odekernels.md and odekernels.csv", DefaultValueFactory = _ => Path.Combine("bench", "gpu", "out", "results") };
var cpuOnly = new Option<bool>("--cpu-only") { Description = "never load CUDA: run the CPU rows, skip the CUDA rows" };
var requireCuda = new Option<bool>("--require-cuda") { Description = "a missing CUDA driver, NVRTC or device is a failure (the device run), not a skip" };
var checkLanes = new Option<int>("--check-lanes") { Description = "lanes of the CPU-against-CUDA comparisons", DefaultValueFactory = _ => 1024 };
TrainingCommandLine.Require(checkLanes, v => v >= 1, "be at least 1");
var lanes = new Option<string>("--lanes") { Description = "comma-separated lane counts of the throughput rows", DefaultValueFactory = _ => string.Join(',', CheckSettings.DefaultThroughputLanes) };
var steps = new Option<int>("--steps") { Description = "fixed Rk4 steps of the throughput rows", DefaultValueFactory = _ => 20 };
TrainingCommandLine.Require(steps, v => v >= 1, "be at least 1");
var repeats = new Option<int>("--repeats") { Description = "timed calls per throughput figure (at most)", DefaultValueFactory = _ => 5 };
TrainingCommandLine.Require(repeats, v => v >= CheckSettings.LeastRepeats, $"be at least {CheckSettings.LeastRepeats}");
var budget = new Option<double>("--budget") { Description = "seconds of timed calls per figure after which no call starts once 3 are done", DefaultValueFactory = _ => 3.0 };
TrainingCommandLine.Require(budget, v => v > 0 && double.IsFinite(v), "be a positive number of seconds");

var command = new RootCommand("Checks OdeKernels' CUDA backend against the CPU backend and times both; writes one Markdown table and its CSV.")
{
    output, cpuOnly, requireCuda, checkLanes, lanes, steps, repeats, budget,
};

return ConsoleProgram.Invoke(command, args, parsed =>
{
    if (parsed.GetValue(cpuOnly) && parsed.GetValue(requireCuda))
    {
        throw new UsageException("--cpu-only and --require-cuda contradict each other; give one.");
    }

    var settings = new CheckSettings(
        ConsoleProgram.OutputDirectory(parsed.GetValue(output)!),
        parsed.GetValue(cpuOnly),
        parsed.GetValue(checkLanes),
        LaneList.Parse(parsed.GetValue(lanes)!, "--lanes"),
        parsed.GetValue(steps),
        parsed.GetValue(repeats),
        parsed.GetValue(budget),
        parsed.GetValue(requireCuda));
    CheckTable table = GpuCheckRun.Run(settings);
    Console.WriteLine($"wrote {Path.Combine(settings.Output, CheckTable.MarkdownFile)} and {CheckTable.CsvFile}");
    if (table.Failures > 0)
    {
        throw new RunFailedException(string.Create(CultureInfo.InvariantCulture, $"{table.Failures} of {table.Rows.Count} rows FAILED (status FAIL in {Path.Combine(settings.Output, CheckTable.MarkdownFile)})"));
    }

    return ExitCodes.Success;
});

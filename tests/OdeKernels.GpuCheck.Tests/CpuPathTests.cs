using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using OdeKernels.Examples.LotkaVolterra;
using OdeKernels.Examples.Networks;

namespace OdeKernels.GpuCheck.Tests;

/// <summary>
/// The check's CPU path in-process, on a tiny configuration: every step leaves exactly one row per engine, the CUDA
/// rows are skipped with the reason, the files hold the same table, and the CPU figures are what the solves give.
/// </summary>
public sealed class CpuPathTests
{
    private static readonly int[] s_lanes = [4, 32];
    private const int CheckLanes = 8, Steps = 3;

    private static CheckSettings Tiny(string folder, bool cpuOnly) => new(folder, cpuOnly, CheckLanes, s_lanes, Steps, Repeats: 3, Budget: 0.01);

    [Fact]
    public void TheCpuOnlyRunWritesEveryRowAndSkipsEveryCudaRowWithTheReason()
    {
        using var folder = new TempDirectory();

        CheckTable table = GpuCheckRun.Run(Tiny(folder.Path, cpuOnly: true));

        AssertStructure(table, "--cpu-only");
        AssertFiles(table, folder.Path);
        AssertCpuFigures(table);
    }

    [FactWithoutCudaDriver]
    public void WithoutACudaDriverTheRunFallsBackToTheCpuAndSaysWhy()
    {
        using var folder = new TempDirectory();

        CheckTable table = GpuCheckRun.Run(Tiny(folder.Path, cpuOnly: false));

        AssertStructure(table, "no CUDA device");
        string[] device = Assert.Single(table.Rows, r => r[0] == "device");
        Assert.Contains("libcuda.so.1 was not found", device[CheckTable.Note], StringComparison.Ordinal);

        // The device run asks for CUDA: there the same absence is the one FAIL row, and the CPU rows still run.
        CheckTable required = GpuCheckRun.Run(Tiny(folder.Path, cpuOnly: false) with { RequireCuda = true });
        Assert.Equal(1, required.Failures);
        Assert.Equal(CheckTable.Fail, Assert.Single(required.Rows, r => r[0] == "device")[10]);
        Assert.Equal(table.Rows.Count, required.Rows.Count);
    }

    /// <summary>One row per (step, engine), nothing failed, every CPU row ok, every CUDA and NVRTC row skipped with <paramref name="reason"/>.</summary>
    private static void AssertStructure(CheckTable table, string reason)
    {
        Assert.All(table.Rows, r => Assert.Equal(CheckTable.Columns.Length, r.Length));
        Assert.Equal(0, table.Failures);
        var keys = table.Rows.Select(r => string.Join('/', r[0], r[1], r[2], r[3], r[4], r[5])).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());

        Assert.Single(table.Rows, r => r[0] == "device");
        Assert.Equal(5, table.Rows.Count(r => r[0] == "compile"));

        // 2 workloads × 2 precisions × 3 methods, a CPU row and a CUDA row each.
        string[][] agreement = table.Rows.Where(r => r[0] == "agreement").ToArray();
        Assert.Equal(24, agreement.Length);
        foreach (string workload in new[] { "spiral Tsit5 adaptive", "Lotka-Volterra Tsit5 adaptive" })
        {
            foreach (string precision in new[] { "float", "double" })
            {
                foreach (string method in Agreement.Methods)
                {
                    Assert.Single(agreement, r => r[1] == workload && r[2] == precision && r[3] == method && r[5] == "CPU");
                    Assert.Single(agreement, r => r[1] == workload && r[2] == precision && r[3] == method && r[5] == "CUDA");
                }
            }
        }

        // Each lane count × 3 methods, a CPU row and a CUDA row each.
        string[][] throughput = table.Rows.Where(r => r[0] == "throughput").ToArray();
        Assert.Equal(s_lanes.Length * 3 * 2, throughput.Length);
        foreach (int lanes in s_lanes)
        {
            Assert.Equal(6, throughput.Count(r => r[4] == lanes.ToString(CultureInfo.InvariantCulture)));
        }

        Assert.All(table.Rows.Where(r => r[5] == "CPU"), r => Assert.Equal(CheckTable.Ok, r[10]));
        Assert.All(table.Rows.Where(r => r[5] is "CUDA" or "NVRTC"), r =>
        {
            Assert.Equal(CheckTable.Skipped, r[10]);
            Assert.Contains(reason, r[CheckTable.Note], StringComparison.Ordinal);
        });
    }

    /// <summary>The CSV holds the rows as the table has them; the Markdown has the header, then one line per row.</summary>
    private static void AssertFiles(CheckTable table, string folder)
    {
        string[] csv = File.ReadAllLines(Path.Combine(folder, CheckTable.CsvFile));
        Assert.Equal(string.Join(',', CheckTable.Columns), csv[0]);
        Assert.Equal(table.Rows.Count + 1, csv.Length);
        Assert.Equal(string.Join(',', table.Rows[1]), csv[2]);

        string[] markdown = File.ReadAllLines(Path.Combine(folder, CheckTable.MarkdownFile));
        Assert.StartsWith("# ", markdown[0], StringComparison.Ordinal);
        string[] tableLines = markdown.Where(l => l.StartsWith('|')).ToArray();
        Assert.Equal(table.Rows.Count + 2, tableLines.Length);
        Assert.All(table.Header, h => Assert.Contains("- " + h, markdown));
    }

    /// <summary>
    /// The CPU figures against a recomputation: the spiral forward row's norm and the Lotka-Volterra double
    /// Checkpointed row's norm, solved again here; Backsolve and Checkpointed (the continuous and the discrete adjoint
    /// of the same loss) agree to about the solver's tolerance; each throughput figure is lanes × steps / seconds.
    /// </summary>
    private static void AssertCpuFigures(CheckTable table)
    {
        double Value(string workload, string precision, string method) =>
            Parse(Assert.Single(table.Rows, r => r[0] == "agreement" && r[1] == workload && r[2] == precision && r[3] == method && r[5] == "CPU")[6]);

        float[] saveAt = Problems.SaveTimes<float>(GpuCheckRun.SpiralEnd);
        Solution<float> spiral = Ode.Solve(new SpiralNet(GpuCheckRun.Seed), new Tsit5(), Problems.SpiralStates<float>(CheckLanes), saveAt, Problems.Adaptive<float>(Backend.Cpu));
        AssertRelative(Norm(spiral.States.ToArray()), Value("spiral Tsit5 adaptive", "float", "forward"), 1e-5);

        double[] y0 = Problems.PredatorPreyStates<double>(CheckLanes), times = Problems.SaveTimes<double>(GpuCheckRun.PredatorPreyEnd);
        Gradient<double> gradient = Ode.Gradient(new LotkaVolterraNet64(GpuCheckRun.Seed), new Tsit5(), y0, times, Problems.LossWeights<double>(times.Length * y0.Length), Problems.Adaptive<double>(Backend.Cpu), AdjointMethod.Checkpointed);
        AssertRelative(Norm([.. gradient.InitialState, .. gradient.Parameters]), Value("Lotka-Volterra Tsit5 adaptive", "double", "Checkpointed"), 1e-5);

        foreach (string workload in new[] { "spiral Tsit5 adaptive", "Lotka-Volterra Tsit5 adaptive" })
        {
            AssertRelative(Value(workload, "double", "Checkpointed"), Value(workload, "double", "Backsolve"), 1e-4);
            AssertRelative(Value(workload, "float", "Checkpointed"), Value(workload, "float", "Backsolve"), 1e-2);
        }

        foreach (string[] row in table.Rows.Where(r => r[0] == "throughput" && r[5] == "CPU"))
        {
            double throughput = Parse(row[6]), seconds = Parse(row[8]), lanes = Parse(row[4]);
            Assert.True(seconds > 0 && double.IsFinite(throughput), $"throughput row {string.Join(" | ", row)}");
            AssertRelative(lanes * Steps, throughput * seconds, 1e-4);
        }
    }

    private static double Norm<T>(IEnumerable<T> values)
        where T : System.Numerics.IFloatingPointIeee754<T> =>
        Math.Sqrt(values.Sum(v => double.CreateTruncating(v) * double.CreateTruncating(v)));

    private static double Parse(string cell) => double.Parse(cell, CultureInfo.InvariantCulture);

    private static void AssertRelative(double expected, double actual, double tolerance) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Abs(expected), $"expected {expected:R}, got {actual:R} (tolerance {tolerance:G} relative)");
}

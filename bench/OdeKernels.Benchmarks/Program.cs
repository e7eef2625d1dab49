using System;
using System.Globalization;
using BenchmarkDotNet.Running;
using OdeKernels.Benchmarks.Report;

namespace OdeKernels.Benchmarks;

/// <summary>
/// <c>-- report</c> writes the quick benchmark report (bench/results/REPORT.md); any other arguments go to
/// BenchmarkDotNet's switcher (e.g. <c>-- --filter *Forward*</c>, <c>-- --list flat</c>).
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        if (args.Length > 0 && args[0] == "report")
        {
            return ReportCommand.Run(args);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, BenchmarkConfig.Create());
        return 0;
    }
}

using System;
using System.ComponentModel;
using System.Diagnostics;

namespace OdeKernels.Benchmarks.Baselines;

/// <summary>Runs the native baselines' compilers and binaries: one place that captures output and enforces a timeout.</summary>
internal static class ExternalProcess
{
    /// <summary>Runs <paramref name="file"/> and returns its exit code (-1 when it could not start or timed out) and its output.</summary>
    public static (int Code, string Output) Run(string file, string arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        try
        {
            using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return (-1, $"timed out after {timeout.TotalSeconds:F0} s");
            }

            return (process.ExitCode, stdout + stderr.Result);
        }
        catch (Win32Exception e)
        {
            // Not installed (g++, bash): the report states the baseline as missing instead of failing.
            return (-1, e.Message);
        }
    }
}

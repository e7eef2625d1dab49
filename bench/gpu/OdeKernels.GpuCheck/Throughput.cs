using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using OdeKernels.Cuda;
using OdeKernels.Examples.Networks;

namespace OdeKernels.GpuCheck;

/// <summary>
/// Throughput of the spiral model (float, fixed-step Rk4 of 0.01, saved at the start and the end, as in the benchmark
/// report and bench/peers/torchdiffeq_bench.py) at each lane count: the forward solve and the Backsolve and
/// Checkpointed gradients, on the CPU (all cores) and on CUDA. A figure is lane-steps per second over the median of
/// the timed calls after one warm-up call. A CUDA call is what a user's call costs: upload, the launches (a gradient
/// launches the forward kernel, then the backward one) and the download.
/// </summary>
internal static class Throughput
{
    /// <summary>The rows' workload name (peers.py names its rows the same).</summary>
    public const string Workload = "spiral Rk4 fixed 0.01";

    public static void Run(CheckTable table, CheckSettings settings, CudaContext? device, string reason)
    {
        var network = new SpiralNet(seed: 1);
        float[] saveAt = [0f, (float)(settings.Steps * Problems.FixedStep)];
        foreach (int lanes in settings.ThroughputLanes)
        {
            float[] y0 = Problems.SpiralStates<float>(lanes);
            float[] weights = Problems.LossWeights<float>(saveAt.Length * y0.Length);
            foreach (string method in Agreement.Methods)
            {
                float[]? Call(Backend backend)
                {
                    SolverOptions options = Problems.Fixed(backend);
                    if (method == "forward")
                    {
                        return Ode.Solve(network, new Rk4(), y0, saveAt, options).States.ToArray();
                    }

                    AdjointMethod adjoint = method == "Backsolve" ? AdjointMethod.Backsolve : AdjointMethod.Checkpointed;
                    _ = Ode.Gradient(network, new Rk4(), y0, saveAt, weights, options, adjoint);
                    return null;
                }

                float[]? cpu = Time(table, settings, lanes, method, "CPU", $"{Environment.ProcessorCount} threads", () => Call(Backend.Cpu));
                if (device is null)
                {
                    table.Add("throughput", Workload, "float", method, CheckTable.Number(lanes), "CUDA", "", "lane-steps/s", "", "", CheckTable.Skipped, reason);
                    continue;
                }

                Time(table, settings, lanes, method, "CUDA", "per call: upload, launches, download", () => Call(Backend.Cuda), cpu);
            }
        }
    }

    /// <summary>Times one figure and adds its row; returns the last call's result (a forward solve's states) for the next row's comparison.</summary>
    private static float[]? Time(CheckTable table, CheckSettings settings, int lanes, string method, string engine, string how, Func<float[]?> call, float[]? reference = null)
    {
        string lanesText = CheckTable.Number(lanes);
        try
        {
            float[]? result = call();
            var seconds = new List<double>();
            Stopwatch total = Stopwatch.StartNew();
            while (seconds.Count < settings.Repeats && (seconds.Count < CheckSettings.LeastRepeats || total.Elapsed.TotalSeconds < settings.Budget))
            {
                Stopwatch clock = Stopwatch.StartNew();
                result = call();
                seconds.Add(clock.Elapsed.TotalSeconds);
            }

            double median = Median(seconds);
            string note = string.Create(CultureInfo.InvariantCulture, $"{how}; median of {seconds.Count} after a warm-up call, {settings.Steps} steps");
            if (reference is not null && result is not null)
            {
                note += string.Create(CultureInfo.InvariantCulture, $"; final states vs CPU: max rel. difference {MaxRelativeDifference(reference, result):G3}");
            }

            table.Add("throughput", Workload, "float", method, lanesText, engine, CheckTable.Number(lanes * (double)settings.Steps / median), "lane-steps/s", CheckTable.Number(median), "", CheckTable.Ok, note);
            return result;
        }
        catch (Exception e)
        {
            // Any failure (out of device memory, say) is this figure's FAIL row; the next figure still runs.
            table.Add("throughput", Workload, "float", method, lanesText, engine, "", "lane-steps/s", "", "", CheckTable.Fail, $"{e.GetType().Name}: {e.Message}");
            return null;
        }
    }

    /// <summary>The median (the mean of the middle two for an even count).</summary>
    public static double Median(List<double> values)
    {
        values.Sort();
        int middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static double MaxRelativeDifference(float[] expected, float[] actual)
    {
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(expected[i] - (double)actual[i]) / Math.Max(1.0, Math.Abs(expected[i])));
        }

        return worst;
    }
}

using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;

namespace OdeKernels.Distributed.TestApp;

/// <summary>
/// The figures docs/distributed.md fills its cost model with: the time of one SumInRankOrder of a gradient of the
/// sizes of the three models (run under mpirun), and the gradient time of the image-sized model per lane (run alone).
/// Rank 0 writes a few lines of text; the figures are medians of repeated runs.
/// </summary>
internal static class Measure
{
    public static void Run(Communicator communicator, string output)
    {
        using var writer = communicator.IsRoot ? new StreamWriter(output) : StreamWriter.Null;
        writer.WriteLine($"ranks {communicator.Size}");
        foreach (int count in new[] { 252, 1218, 181_056 })
        {
            var gradient = new float[count];
            var times = new double[30];
            for (int i = 0; i < times.Length; i++)
            {
                gradient.AsSpan().Fill(1f);
                communicator.Barrier();
                long start = Stopwatch.GetTimestamp();
                communicator.SumInRankOrder<float>(gradient);
                times[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            }

            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sum-in-rank-order floats {count} bytes {4 * count} median-us {1e6 * Median(times):F1}"));
        }

        if (communicator.Size == 1)
        {
            // One gradient of one 256-lane block on one thread, for each model: the compute term per block.
            var options = new SolverOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8, MaxDegreeOfParallelism = 1 };
            Block(writer, "spiral", new OdeKernels.Examples.Networks.SpiralNet(1), 16, 1.5f, options);
            Block(writer, "lotka-volterra", new LotkaVolterraShaped(1), 11, 1.0f, options);
            Block(writer, "image-sized", new ImageSized(1), 2, 1.0f, options with { RelativeTolerance = 1e-5, AbsoluteTolerance = 1e-7 });
        }
    }

    private static void Block<TSystem>(StreamWriter writer, string name, TSystem network, int saves, float end, SolverOptions options)
        where TSystem : IDifferentiableSystem<float>
    {
        int n = network.StateSize;
        var y0 = new float[256 * n];
        for (int i = 0; i < y0.Length; i++)
        {
            y0[i] = 0.5f + (0.5f * (float)Math.Sin(i));
        }

        var saveAt = new float[saves];
        for (int s = 0; s < saves; s++)
        {
            saveAt[s] = end * s / (saves - 1);
        }

        var dLdY = Enumerable.Repeat(0.01f, saves * y0.Length).ToArray();
        var times = new double[5];
        long evaluations = 0;
        for (int i = 0; i < times.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            Gradient<float> g = Ode.Gradient(network, default(Tsit5), y0, saveAt, dLdY, options, AdjointMethod.Backsolve);
            times[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            evaluations = g.Solution.Stats.Evaluations + g.BackwardStats.Evaluations;
        }

        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} block-gradient lanes 256 saves {saves} parameters {network.ParameterCount} evaluations {evaluations} median-ms {1e3 * Median(times):F1} min-ms {1e3 * times.Min():F1}"));
    }

    private static double Median(double[] values)
    {
        double[] sorted = [.. values.Order()];
        return sorted[sorted.Length / 2];
    }
}

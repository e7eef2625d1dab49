using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace OdeKernels.Benchmarks.Report;

/// <summary>The result of timing one call: its best and median seconds over the samples taken.</summary>
/// <param name="BestSeconds">The fastest sample (the figure the report uses, as the C++ reference does).</param>
/// <param name="MedianSeconds">The median sample, to show the noise.</param>
/// <param name="Samples">How many samples were taken.</param>
internal readonly record struct Timing(double BestSeconds, double MedianSeconds, int Samples);

/// <summary>
/// The report's own timing loop (BenchmarkDotNet's full runs take far longer): warm up, then time the call repeatedly
/// with <see cref="Stopwatch"/> until a time budget is spent, and keep the best sample. Calls shorter than a
/// millisecond are repeated inside one sample so the clock's resolution does not matter.
/// </summary>
internal static class TimingLoop
{
    private const double MinimumSampleSeconds = 1e-3;

    /// <summary>
    /// A call at least this long gets <see cref="HeavySamples"/> timed samples whatever the budget: at 65,536 lanes a
    /// gradient takes seconds and its samples differ by a few percent, so more of them buy nothing but minutes.
    /// </summary>
    public const double HeavyCallSeconds = 0.25;

    /// <summary>The samples taken of a call of at least <see cref="HeavyCallSeconds"/>.</summary>
    public const int HeavySamples = 2;

    /// <summary>
    /// Times <paramref name="call"/>: <paramref name="warmups"/> calls (at least one; the last one's time sizes the
    /// samples), then samples until <paramref name="budgetSeconds"/> is spent, at least <paramref name="minSamples"/>
    /// (<see cref="HeavySamples"/> for a call of <see cref="HeavyCallSeconds"/> or more).
    /// </summary>
    public static Timing Best(Action call, double budgetSeconds = 0.5, int minSamples = 3, int maxSamples = 100, int warmups = 1)
    {
        double first = 0;
        for (int i = 0; i < Math.Max(1, warmups); i++)
        {
            long warm = Stopwatch.GetTimestamp();
            call();
            first = Stopwatch.GetElapsedTime(warm).TotalSeconds;
        }

        if (first >= HeavyCallSeconds)
        {
            minSamples = Math.Min(minSamples, HeavySamples);
            maxSamples = Math.Min(maxSamples, Math.Max(minSamples, (int)(budgetSeconds / first)));
        }

        int inner = first >= MinimumSampleSeconds ? 1 : (int)Math.Ceiling(MinimumSampleSeconds / Math.Max(first, 1e-7));
        var samples = new List<double>();
        var total = Stopwatch.StartNew();
        while (samples.Count < minSamples || (samples.Count < maxSamples && total.Elapsed.TotalSeconds < budgetSeconds))
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < inner; i++)
            {
                call();
            }

            samples.Add(Stopwatch.GetElapsedTime(start).TotalSeconds / inner);
        }

        samples.Sort();
        return new Timing(samples[0], samples[samples.Count / 2], samples.Count);
    }

    /// <summary>
    /// Times <paramref name="call"/> as the Boost.Odeint reference times its cases (bench/boost): the call repeated
    /// inside each sample until one sample takes about <paramref name="millisecondsPerSample"/>, then
    /// <paramref name="samples"/> samples; returns the median and the best per call.
    /// </summary>
    public static Timing Samples(Action call, double millisecondsPerSample, int samples)
    {
        int inner = 1;
        while (true)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < inner; i++)
            {
                call();
            }

            if (Stopwatch.GetElapsedTime(start).TotalMilliseconds >= millisecondsPerSample || inner > (1 << 26))
            {
                break;
            }

            inner *= 2;
        }

        var times = new List<double>(samples);
        for (int s = 0; s < samples; s++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < inner; i++)
            {
                call();
            }

            times.Add(Stopwatch.GetElapsedTime(start).TotalSeconds / inner);
        }

        times.Sort();
        return new Timing(times[0], times[times.Count / 2], times.Count);
    }

    /// <summary>
    /// Calls <paramref name="call"/> until tiered compilation has promoted its code (with dynamic PGO) before anything
    /// is timed: at least 400 calls and half a second, at most two seconds. Measured on this project's machine, a small
    /// solve reaches its final speed after about 500 calls (0.6 s); fewer left the first timed figures ~10% slow. Use
    /// a small instance of the call: it shares the compiled code.
    /// </summary>
    public static void WarmUp(Action call)
    {
        var clock = Stopwatch.StartNew();
        int calls = 0;
        while ((calls < 400 || clock.Elapsed.TotalSeconds < 0.5) && clock.Elapsed.TotalSeconds < 2)
        {
            call();
            calls++;
        }
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using OdeKernels.Examples.Datasets;
using OdeKernels.Examples.Networks;
using OdeKernels.Flows;
using OdeKernels.Reporting;
using OdeKernels.Training;

namespace OdeKernels.Examples.Flows;

/// <summary>
/// The whole experiment: a flow per density (exact divergence, no regulariser), its figure, and on
/// <see cref="FlowSettings.ComparisonDensity"/> a Hutchinson run and a regularised run for the two comparison tables.
/// </summary>
internal static class FlowReport
{
    /// <summary>The plotted region, [−4, 4]².</summary>
    private const double Extent = 4;

    /// <summary>Samples behind the true-density histogram.</summary>
    private const int HistogramSamples = 100_000;

    public static int Run(FlowSettings s)
    {
        ConsoleProgram(s);
        var results = new Dictionary<string, FlowResult>();
        foreach (string density in s.Densities)
        {
            (double[] train, double[] test) = Data(s, density);
            var trained = FlowRun.Train(s, density, train, test, new FlowFitOptions(s.BatchSize, s.Adjoint));
            if (trained is null)
            {
                return 0;
            }

            results[density] = trained.Value.Result;
            Plot(s, density, train, trained.Value.Flow);
        }

        var perDensity = new ResultTable("density", "held-out NLL (nats)", "training time (s)", "iterations", "NFE/iteration forward", "NFE/iteration backward");
        foreach (FlowResult r in results.Values)
        {
            perDensity.Add(r.Name, F(r.TestNll, "F3"), F(r.TrainSeconds, "F1"), r.Iterations.ToString(CultureInfo.InvariantCulture), F(r.ForwardNfe, "F1"), F(r.BackwardNfe, "F1"));
        }

        perDensity.Save(s.Output, "densities");
        Console.WriteLine(perDensity.ToMarkdown());
        if (!s.Compare)
        {
            return 0;
        }

        string name = FlowSettings.ComparisonDensity;
        (double[] ctrain, double[] ctest) = Data(s, name);
        FlowResult exact = results.TryGetValue(name, out FlowResult? done) ? done : FlowRun.Train(s, name, ctrain, ctest, new FlowFitOptions(s.BatchSize, s.Adjoint))?.Result!;
        FlowResult? hutchinson = FlowRun.Train(s, name + "-hutchinson", ctrain, ctest, new FlowFitOptions(s.BatchSize, s.Adjoint, TraceEstimator.Hutchinson))?.Result;
        FlowResult? regularised = FlowRun.Train(s, name + "-regularised", ctrain, ctest, new FlowFitOptions(s.BatchSize, s.Adjoint, KineticWeight: s.RegularizerWeight, JacobianWeight: s.RegularizerWeight))?.Result;
        if (exact is null || hutchinson is null || regularised is null)
        {
            return 0;
        }

        var estimators = new ResultTable("divergence", "time/iteration (ms)", "gradient variance", "held-out NLL (nats)");
        foreach ((string label, FlowResult r) in new[] { ("exact (one pass)", exact), ("Hutchinson (Rademacher)", hutchinson) })
        {
            estimators.Add(label, F(1000 * r.TrainSeconds / r.Iterations, "F1"), F(r.GradientVariance, "G3"), F(r.TestNll, "F3"));
        }

        estimators.Save(s.Output, "exact-vs-hutchinson");
        Console.WriteLine(estimators.ToMarkdown());
        string weight = F(s.RegularizerWeight, "G3");
        var regularisers = new ResultTable("training", "forward NFE/iteration, first 10%", "last 10%", "mean", "held-out NLL (nats)", "wall time (s)");
        foreach ((string label, FlowResult r) in new[] { ("unregularised", exact), ($"kinetic + Jacobian, λ = {weight}", regularised) })
        {
            regularisers.Add(label, F(r.EarlyNfe, "F1"), F(r.LateNfe, "F1"), F(r.ForwardNfe, "F1"), F(r.TestNll, "F3"), F(r.TrainSeconds, "F1"));
        }

        regularisers.Save(s.Output, "regularised");
        Console.WriteLine(regularisers.ToMarkdown());
        return 0;
    }

    private static void ConsoleProgram(FlowSettings s) => OdeKernels.Terminal.ConsoleProgram.OutputDirectory(s.Output);

    /// <summary>Training and held-out points of a density (separate streams of the seed), also written as CSV for the peer.</summary>
    private static (double[] Train, double[] Test) Data(FlowSettings s, string density) =>
        ToyDensities.TrainAndTest(density, s.TrainPoints, s.TestPoints, s.Seed, Path.Combine(s.Output, "data"));

    /// <summary>The figure of one density: true density (histogram), training samples, learned density, flow samples.</summary>
    private static void Plot(FlowSettings s, string density, double[] train, ContinuousFlow<FlowNet, Dopri5, double> flow)
    {
        int n = s.Grid;
        double cell = 2 * Extent / n;
        double[] many = ToyDensities.Sample(density, HistogramSamples, new TrainingRandom(s.Seed + 2));
        var histogram = new double[n * n];
        for (int i = 0; i < many.Length; i += 2)
        {
            int c = (int)Math.Floor((many[i] + Extent) / cell), r = (int)Math.Floor((many[i + 1] + Extent) / cell);
            if (c >= 0 && c < n && r >= 0 && r < n)
            {
                histogram[(r * n) + c] += 1;
            }
        }

        var centres = new double[2 * n * n];
        for (int r = 0; r < n; r++)
        {
            for (int c = 0; c < n; c++)
            {
                centres[2 * ((r * n) + c)] = -Extent + ((c + 0.5) * cell);
                centres[(2 * ((r * n) + c)) + 1] = -Extent + ((r + 0.5) * cell);
            }
        }

        double[] learned = flow.LogDensity(centres).Select(Math.Exp).ToArray();
        int shown = Math.Min(2000, train.Length / 2);
        double[] samples = flow.Sample(shown, new TrainingRandom(s.Seed + 3));
        new SvgPanels(-Extent, Extent, -Extent, Extent)
            .AddHeatMap($"{density}: true density", histogram, n, n)
            .AddPoints($"{shown} training samples", train.AsSpan(0, 2 * shown))
            .AddHeatMap("learned density", learned, n, n)
            .AddPoints($"{shown} samples of the flow", samples)
            .Save(Path.Combine(s.Output, density + ".svg"));
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}

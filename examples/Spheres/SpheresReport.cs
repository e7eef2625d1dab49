using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using OdeKernels.Models;

namespace OdeKernels.Examples.Spheres;

/// <summary>Runs the experiment for every dimension, prints the tables and saves them with the plots.</summary>
internal static class SpheresReport
{
    public static int Run(SpheresSettings s)
    {
        OdeKernels.Terminal.ConsoleProgram.OutputDirectory(s.Output);
        var clock = Stopwatch.StartNew();
        var grid = new ResultTable("d", "train solver", "h / tol", "train acc", "test acc (train solver)", "test acc (accurate)", "forward NFE", "crossings (train solver)", "crossings (accurate)", "seconds");
        var adaptation = new ResultTable("d", "train solver", "settled at", "last-half range", "decisions (grow/shrink)", "train acc", "test acc (train solver)", "test acc (accurate)", "forward NFE", "seconds");
        Console.WriteLine($"Concentric spheres: {s.TrainCount} training and {s.TestCount} test points, {s.Epochs} epochs of batches of {s.BatchSize}, Adam at {F(s.LearningRate)}; accurate solver: Rk4 at h = 1/{F(1 / s.AccurateStep)}.");
        foreach (int d in s.Dimensions)
        {
            switch (d)
            {
                case 2:
                    RunDimension(new SpheresExperiment<Stem2, Field2, Head2>(2, s, k => new Stem2(k), k => new Field2(k), k => new Head2(k), () => Field2.Layers), s, grid, adaptation);
                    break;
                case 3:
                    RunDimension(new SpheresExperiment<Stem3, Field3, Head3>(3, s, k => new Stem3(k), k => new Field3(k), k => new Head3(k), () => Field3.Layers), s, grid, adaptation);
                    break;
                default:
                    RunDimension(new SpheresExperiment<Stem10, Field10, Head10>(10, s, k => new Stem10(k), k => new Field10(k), k => new Head10(k), () => Field10.Layers), s, grid, adaptation);
                    break;
            }
        }

        Console.WriteLine();
        Console.WriteLine("Grid search (accuracy on the test set with the training solver and with the accurate solver):");
        Console.WriteLine();
        Console.Write(grid.ToMarkdown());
        grid.Save(s.Output, "grid");
        if (s.Adapt)
        {
            Console.WriteLine();
            Console.WriteLine("Step-size / tolerance adaptation (Ott et al., 2021; test solver Rk4 at h/2, or Dopri5 at tol/100; threshold 2 points of accuracy):");
            Console.WriteLine();
            Console.Write(adaptation.ToMarkdown());
            adaptation.Save(s.Output, "adaptation");
        }

        Console.WriteLine();
        Console.WriteLine($"done in {clock.Elapsed.TotalSeconds:F1} s; wrote {Path.GetFullPath(s.Output)}: grid.csv, grid.md{(s.Adapt ? ", adaptation.csv, adaptation.md" : string.Empty)}{(s.Dimensions.Contains(2) ? ", trajectories-d2-*.svg" : string.Empty)}");
        return 0;
    }

    private static void RunDimension<TStem, TField, THead>(SpheresExperiment<TStem, TField, THead> e, SpheresSettings s, ResultTable grid, ResultTable adaptation)
        where TStem : INetwork<float>
        where TField : IBatchedDifferentiableSystem<float>
        where THead : INetwork<float>
    {
        SpheresRun.Grid(e, s, r =>
        {
            grid.Add(Row(r, r.TrainingCrossings?.ToString(CultureInfo.InvariantCulture) ?? "-", r.AccurateCrossings?.ToString(CultureInfo.InvariantCulture) ?? "-"));
            Console.WriteLine($"  d = {r.Dimensions}, {r.Solver} {r.Setting}: test accuracy {P(r.TestAccuracy)} with it, {P(r.AccurateTestAccuracy)} with the accurate solver ({r.Seconds:F1} s)");
        });
        if (!s.Adapt)
        {
            return;
        }

        foreach ((SpheresResult result, SolverAdaptation rule) in new[]
        {
            SpheresRun.AdaptStep<Euler, TStem, TField, THead>(e, s, "Euler", 0.5),
            SpheresRun.AdaptStep<Rk4, TStem, TField, THead>(e, s, "Rk4", 0.5),
            SpheresRun.AdaptTolerance(e, s, 1e-1),
        })
        {
            IReadOnlyList<SolverAdaptationStep> history = rule.History;
            SolverAdaptationStep[] lastHalf = history.Skip(history.Count / 2).ToArray();
            bool tolerance = result.Solver.StartsWith("Dopri5", StringComparison.Ordinal);
            Func<double, string> format = tolerance ? SpheresExperiment<TStem, TField, THead>.Tolerance : SpheresExperiment<TStem, TField, THead>.Step;
            string range = lastHalf.Length == 0 ? "-" : $"{format(lastHalf.Min(h => h.After))} to {format(lastHalf.Max(h => h.After))}";
            adaptation.Add(
                result.Dimensions.ToString(CultureInfo.InvariantCulture), result.Solver, result.Setting, range,
                $"{history.Count(h => h.Agreed)}/{history.Count(h => !h.Agreed)}", P(result.TrainAccuracy), P(result.TestAccuracy), P(result.AccurateTestAccuracy),
                F(result.ForwardEvaluations), result.Seconds.ToString("F1", CultureInfo.InvariantCulture));
            Console.WriteLine($"  d = {result.Dimensions}, {result.Solver}: settled at {result.Setting}; test accuracy {P(result.TestAccuracy)}, {P(result.AccurateTestAccuracy)} accurate ({result.Seconds:F1} s)");
        }
    }

    private static string[] Row(SpheresResult r, string coarse, string fine) =>
    [
        r.Dimensions.ToString(CultureInfo.InvariantCulture), r.Solver, r.Setting, P(r.TrainAccuracy), P(r.TestAccuracy), P(r.AccurateTestAccuracy),
        F(r.ForwardEvaluations), coarse, fine, r.Seconds.ToString("F1", CultureInfo.InvariantCulture),
    ];

    private static string P(double fraction) => (100 * fraction).ToString("F1", CultureInfo.InvariantCulture) + "%";

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}

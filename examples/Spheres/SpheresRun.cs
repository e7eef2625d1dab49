using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using OdeKernels.Models;

namespace OdeKernels.Examples.Spheres;

/// <summary>The grid search and the step-size and tolerance adaptation for one dimension, with crossings and plots for d = 2.</summary>
internal static class SpheresRun
{
    /// <summary>Trajectories checked for crossings and plotted (d = 2): the first test points, alternating classes.</summary>
    private const int TracedPoints = 64;

    /// <summary>Points on which the adaptation compares its two solvers (the first of the training set).</summary>
    private const int AdaptationPoints = 256;

    public static List<SpheresResult> Grid<TStem, TField, THead>(SpheresExperiment<TStem, TField, THead> e, SpheresSettings s, Action<SpheresResult> report)
        where TStem : INetwork<float>
        where TField : IBatchedDifferentiableSystem<float>
        where THead : INetwork<float>
    {
        var results = new List<SpheresResult>();
        foreach (double h in s.Steps)
        {
            results.Add(Fixed<Euler, TStem, TField, THead>(e, s, "Euler", h));
            report(results[^1]);
        }

        foreach (double h in s.Steps)
        {
            results.Add(Fixed<Rk4, TStem, TField, THead>(e, s, "Rk4", h));
            report(results[^1]);
        }

        foreach (double tolerance in s.Tolerances)
        {
            var model = e.Create<Dopri5>(Tolerances(tolerance));
            double seconds = e.Train(model);
            (double test, double evaluations, double accurate) = e.Evaluate(model);
            results.Add(new SpheresResult(e.Dimensions, "Dopri5", "tol " + SpheresExperiment<TStem, TField, THead>.Tolerance(tolerance), e.TrainAccuracy(model), test, accurate, evaluations, seconds, null, null));
            report(results[^1]);
        }

        return results;
    }

    /// <summary>Ott et al.'s adaptation for a fixed-step method: test solver Rk4 at half the step.</summary>
    public static (SpheresResult Result, SolverAdaptation Adaptation) AdaptStep<TTableau, TStem, TField, THead>(SpheresExperiment<TStem, TField, THead> e, SpheresSettings s, string name, double initial)
        where TTableau : struct, IRungeKuttaTableau
        where TStem : INetwork<float>
        where TField : IBatchedDifferentiableSystem<float>
        where THead : INetwork<float>
    {
        var adaptation = new SolverAdaptation(initial, threshold: 0.02, grow: 1.2, shrink: 0.5, minimum: 1.0 / 256, maximum: 1.0);
        var model = e.Create<TTableau>(new SolverOptions { FixedStep = initial });
        double seconds = e.Train(model, (epoch, _) =>
        {
            double trainSolver = e.TrainAccuracy(model, AdaptationPoints);
            double testSolver = e.TrainAccuracy<TTableau, Rk4>(model, new SolverOptions { FixedStep = adaptation.Value / 2 }, AdaptationPoints);
            double h = adaptation.Update(epoch, trainSolver, testSolver);
            model.Options = model.Options with { Solver = new SolverOptions { FixedStep = h } };
            return true;
        });
        (double test, double evaluations, double accurate) = e.Evaluate(model);
        string setting = "h " + SpheresExperiment<TStem, TField, THead>.Step(adaptation.Value);
        return (new SpheresResult(e.Dimensions, name + " adaptive", setting, e.TrainAccuracy(model), test, accurate, evaluations, seconds, null, null), adaptation);
    }

    /// <summary>The same rule on the tolerance of Dopri5: test solver Dopri5 at a tolerance 100 times tighter.</summary>
    public static (SpheresResult Result, SolverAdaptation Adaptation) AdaptTolerance<TStem, TField, THead>(SpheresExperiment<TStem, TField, THead> e, SpheresSettings s, double initial)
        where TStem : INetwork<float>
        where TField : IBatchedDifferentiableSystem<float>
        where THead : INetwork<float>
    {
        var adaptation = new SolverAdaptation(initial, threshold: 0.02, grow: 3, shrink: 0.1, minimum: 1e-6, maximum: 0.5);
        var model = e.Create<Dopri5>(Tolerances(initial));
        double seconds = e.Train(model, (epoch, _) =>
        {
            double trainSolver = e.TrainAccuracy(model, AdaptationPoints);
            double testSolver = e.TrainAccuracy<Dopri5, Dopri5>(model, Tolerances(adaptation.Value / 100), AdaptationPoints);
            double tolerance = adaptation.Update(epoch, trainSolver, testSolver);
            model.Options = model.Options with { Solver = Tolerances(tolerance) };
            return true;
        });
        (double test, double evaluations, double accurate) = e.Evaluate(model);
        string setting = "tol " + SpheresExperiment<TStem, TField, THead>.Tolerance(adaptation.Value);
        return (new SpheresResult(e.Dimensions, "Dopri5 adaptive", setting, e.TrainAccuracy(model), test, accurate, evaluations, seconds, null, null), adaptation);
    }

    private static SpheresResult Fixed<TTableau, TStem, TField, THead>(SpheresExperiment<TStem, TField, THead> e, SpheresSettings s, string name, double h)
        where TTableau : struct, IRungeKuttaTableau
        where TStem : INetwork<float>
        where TField : IBatchedDifferentiableSystem<float>
        where THead : INetwork<float>
    {
        var solver = new SolverOptions { FixedStep = h };
        var model = e.Create<TTableau>(solver);
        double seconds = e.Train(model);
        (double test, double evaluations, double accurate) = e.Evaluate(model);
        int? coarseCrossings = null, fineCrossings = null;
        if (e.Dimensions == 2)
        {
            (coarseCrossings, fineCrossings) = Trace(e, s, model, name, h);
        }

        return new SpheresResult(e.Dimensions, name, "h " + SpheresExperiment<TStem, TField, THead>.Step(h), e.TrainAccuracy(model), test, accurate, evaluations, seconds, coarseCrossings, fineCrossings);
    }

    /// <summary>Counts crossing pairs among the first test points' trajectories under both solvers and plots them.</summary>
    private static (int Coarse, int Fine) Trace<TTableau, TStem, TField, THead>(SpheresExperiment<TStem, TField, THead> e, SpheresSettings s, OdeModel<TStem, TField, TTableau, THead, float> model, string name, double h)
        where TTableau : struct, IRungeKuttaTableau
        where TStem : INetwork<float>
        where TField : IBatchedDifferentiableSystem<float>
        where THead : INetwork<float>
    {
        int lanes = Math.Min(TracedPoints, s.TestCount);
        ReadOnlySpan<float> x = e.Test.Points.AsSpan(0, lanes * 2);
        int steps = (int)Math.Round(1 / h);
        float[] coarseTimes = Enumerable.Range(0, steps + 1).Select(k => (float)(k * h)).ToArray();
        float[] fineTimes = Enumerable.Range(0, 65).Select(k => k / 64f).ToArray();

        // Saving at every step point keeps the steps the model was trained with: each save lands on a step.
        Solution<float> coarse = model.Trajectories<TTableau>(x, lanes, coarseTimes, new SolverOptions { FixedStep = h });
        Solution<float> fine = model.Trajectories<Rk4>(x, lanes, fineTimes, new SolverOptions { FixedStep = s.AccurateStep });
        int coarseCrossings = TrajectoryCrossings.CountPairs(coarse.States, coarseTimes.Length, lanes);
        int fineCrossings = TrajectoryCrossings.CountPairs(fine.States, fineTimes.Length, lanes);
        string file = string.Create(CultureInfo.InvariantCulture, $"trajectories-d2-{name.ToLowerInvariant()}-h{steps}.svg");
        SpheresPlots.Trajectories(
            Path.Combine(s.Output, file),
            $"{name}, h = {SpheresExperiment<TStem, TField, THead>.Step(h)}: {coarseCrossings} crossing pairs (accurate: {fineCrossings})",
            coarse.States, coarseTimes.Length, fine.States, fineTimes.Length, lanes, e.Test.Labels, markers: steps <= 8);
        return (coarseCrossings, fineCrossings);
    }

    private static SolverOptions Tolerances(double tolerance) => new() { RelativeTolerance = tolerance, AbsoluteTolerance = tolerance };
}

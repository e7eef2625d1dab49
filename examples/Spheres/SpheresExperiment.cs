using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using OdeKernels.Examples.Datasets;
using OdeKernels.Models;
using OdeKernels.Training;

namespace OdeKernels.Examples.Spheres;

/// <summary>What one trained model scored.</summary>
internal sealed record SpheresResult(
    int Dimensions, string Solver, string Setting, double TrainAccuracy, double TestAccuracy, double AccurateTestAccuracy,
    double ForwardEvaluations, double Seconds, int? TrainingCrossings, int? AccurateCrossings);

/// <summary>
/// The grid of Ott et al. (2021, §3) for one dimension: train stem → ODE block → linear head with Euler and Rk4 at
/// every fixed step and with Dopri5 at every tolerance, then score each on the test set with its training solver and
/// with Rk4 at a tiny step. The models are generic in their parts so each dimension has its own generated networks.
/// </summary>
internal sealed class SpheresExperiment<TStem, TField, THead>(
    int dimensions, SpheresSettings settings, Func<int, TStem> stem, Func<int, TField> field, Func<int, THead> head, Func<IReadOnlyList<DynamicsLayer>> fieldLayers)
    where TStem : INetwork<float>
    where TField : IBatchedDifferentiableSystem<float>
    where THead : INetwork<float>
{
    private readonly (float[] Points, int[] Labels) _train = ConcentricSpheres.Sample<float>(dimensions, settings.TrainCount, settings.Seed);
    private readonly (float[] Points, int[] Labels) _test = ConcentricSpheres.Sample<float>(dimensions, settings.TestCount, settings.Seed + 1000);

    public int Dimensions => dimensions;

    public (float[] Points, int[] Labels) Test => _test;

    /// <summary>A fresh model with the run's initial parameters (the same for every solver, so only the solver differs).</summary>
    public OdeModel<TStem, TField, TTableau, THead, float> Create<TTableau>(SolverOptions solver)
        where TTableau : struct, IRungeKuttaTableau
    {
        int seed = unchecked((int)settings.Seed);
        return new OdeModel<TStem, TField, TTableau, THead, float>(
            stem(seed), field(seed + 1), head(seed + 2), new OdeBlockOptions { Solver = solver, Adjoint = settings.Adjoint }, dynamicsLayers: fieldLayers());
    }

    /// <summary>Trains <paramref name="model"/>; <paramref name="onEpoch"/> may change its solver between epochs.</summary>
    public double Train<TTableau>(OdeModel<TStem, TField, TTableau, THead, float> model, Func<int, double, bool>? onEpoch = null)
        where TTableau : struct, IRungeKuttaTableau
    {
        var clock = Stopwatch.StartNew();
        NetworkTraining.Fit(model, _train.Points, settings.TrainCount, new CrossEntropySampleLoss<float>(_train.Labels, 2), new Adam<float>(model.ParameterCount),
            new NetworkFitOptions { BatchSize = settings.BatchSize, MaxEpochs = settings.Epochs, Schedule = new ConstantSchedule(settings.LearningRate), Seed = settings.Seed },
            onEpoch);
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Accuracy on the training set (first <paramref name="count"/> points, or all) with the model's own solver.</summary>
    public double TrainAccuracy<TTableau>(OdeModel<TStem, TField, TTableau, THead, float> model, int count = 0)
        where TTableau : struct, IRungeKuttaTableau
    {
        count = count <= 0 ? settings.TrainCount : Math.Min(count, settings.TrainCount);
        var outputs = new float[2 * count];
        model.Forward(_train.Points.AsSpan(0, count * dimensions), outputs, count);
        return NetworkTraining.Accuracy<float>(outputs, _train.Labels.AsSpan(0, count), 2);
    }

    /// <summary>Accuracy on the training set's first points under another solver (the adaptation's test solver).</summary>
    public double TrainAccuracy<TTableau, TOther>(OdeModel<TStem, TField, TTableau, THead, float> model, SolverOptions solver, int count)
        where TTableau : struct, IRungeKuttaTableau
        where TOther : struct, IRungeKuttaTableau
    {
        count = Math.Min(count, settings.TrainCount);
        var outputs = new float[2 * count];
        model.Forward<TOther>(_train.Points.AsSpan(0, count * dimensions), outputs, count, solver);
        return NetworkTraining.Accuracy<float>(outputs, _train.Labels.AsSpan(0, count), 2);
    }

    /// <summary>Test accuracy and forward evaluations per sample with the training solver, and test accuracy with the accurate one.</summary>
    public (double Test, double Evaluations, double Accurate) Evaluate<TTableau>(OdeModel<TStem, TField, TTableau, THead, float> model)
        where TTableau : struct, IRungeKuttaTableau
    {
        int count = settings.TestCount;
        var outputs = new float[2 * count];
        model.Forward(_test.Points, outputs, count);
        double test = NetworkTraining.Accuracy<float>(outputs, _test.Labels, 2);
        double evaluations = (double)model.ForwardStats.Evaluations / count;
        model.Forward<Rk4>(_test.Points, outputs, count, new SolverOptions { FixedStep = settings.AccurateStep });
        double accurate = NetworkTraining.Accuracy<float>(outputs, _test.Labels, 2);
        return (test, evaluations, accurate);
    }

    public static string Step(double h) => h >= 1 ? h.ToString("0.###", CultureInfo.InvariantCulture) : "1/" + (1 / h).ToString("0.##", CultureInfo.InvariantCulture);

    public static string Tolerance(double tolerance) => tolerance.ToString("0.#E+0", CultureInfo.InvariantCulture);
}

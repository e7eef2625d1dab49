using System;
using System.Collections.Generic;
using OdeKernels.Models;
using OdeKernels.Training;

namespace OdeKernels.Tests.Training;

/// <summary>
/// Size checks of the training paths are made in long arithmetic: 65,536 × 65,537 wraps in int to 65,536, which a
/// 65,536-value array used to match. The arrays here are a few hundred kilobytes.
/// </summary>
public sealed class TrainingSizeTests
{
    private static float[] Times(int count)
    {
        var times = new float[count];
        for (int j = 0; j < count; j++)
        {
            times[j] = j;
        }

        return times;
    }

    [Fact]
    public void ABatchWhoseTargetCountWrapsInIntIsRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => new TrainingBatch<float>(new float[65_537], Times(65_536), new float[65_536], isComplete: true));
        Assert.Equal("targets", ex.ParamName);
        Assert.Contains("4295032832", ex.Message);
    }

    [Fact]
    public void AnObjectiveWhoseObservationCountWrapsInIntIsRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => new TrajectoryObjective<float>(Times(65_536), new float[65_537], new float[65_536], stateSize: 1));
        Assert.Equal("observations", ex.ParamName);
        Assert.Contains("4295032832", ex.Message);
    }

    [Fact]
    public void FitRefusesInputsWhoseExpectedCountWrapsInInt()
    {
        var network = new Widening(inputs: 65_536, outputs: 1);
        var ex = Assert.Throws<ArgumentException>(() =>
            NetworkTraining.Fit<float>(network, new float[65_536], 65_537, new SquaredErrorSampleLoss<float>([], 1), new Sgd<float>(1)));
        Assert.Equal("inputs", ex.ParamName);
        Assert.Contains("4295032832", ex.Message);
    }

    [Fact]
    public void FitRefusesADataSetWhoseOutputsDoNotFitInOneArray()
    {
        var network = new Widening(inputs: 1, outputs: 65_536);
        var ex = Assert.Throws<ArgumentException>(() =>
            NetworkTraining.Fit<float>(network, new float[65_537], 65_537, new SquaredErrorSampleLoss<float>([], 1), new Sgd<float>(1)));
        Assert.Equal("count", ex.ParamName);
        Assert.Contains("4,295,032,832", ex.Message);
        Assert.Contains("2,147,483,591", ex.Message);
    }

    [Fact]
    public void AModelRefusesABlockThatDoesNotFitInOneArray()
    {
        // One input, a million augmented zeros: 2 saves × 1,100 samples × 1,000,001 components > Array.MaxLength.
        var model = new OdeModel<IdentityNetwork<float>, WideField, Euler, IdentityNetwork<float>, float>(
            new IdentityNetwork<float>(1), new WideField(1_000_001), new IdentityNetwork<float>(1_000_001), augment: 1_000_000);
        var ex = Assert.Throws<ArgumentException>(() => model.Trajectories<Euler>(new float[1_100], 1_100, [0f, 1f], new SolverOptions { FixedStep = 1 }));
        Assert.Equal("count", ex.ParamName);
        Assert.Contains("2,200,002,200", ex.Message);
    }

    /// <summary>A map from <c>inputs</c> to <c>outputs</c> values (zeros) with one unused parameter; only its widths matter here.</summary>
    private sealed class Widening(int inputs, int outputs) : INetwork<float>
    {
        private readonly float[] _parameters = new float[1];

        public int Inputs => inputs;

        public int Outputs => outputs;

        public int ParameterCount => 1;

        public Span<float> Parameters => _parameters;

        public IReadOnlyList<DynamicsLayer> Layers => [];

        public void Forward(ReadOnlySpan<float> x, Span<float> y, int count) => y[..(count * outputs)].Clear();

        public void Vjp(ReadOnlySpan<float> x, ReadOnlySpan<float> a, Span<float> dx, Span<float> dtheta, int count)
        {
        }
    }

    /// <summary>y' = 0 on a wide state, with no parameters.</summary>
    private sealed class WideField(int stateSize) : IDifferentiableSystem<float>
    {
        public int StateSize => stateSize;

        public int ParameterCount => 0;

        public Span<float> Parameters => Span<float>.Empty;

        public void Evaluate(float t, ReadOnlySpan<float> y, Span<float> dydt) => dydt.Clear();

        public void Vjp(float t, ReadOnlySpan<float> y, ReadOnlySpan<float> a, Span<float> dy, Span<float> dtheta)
        {
        }
    }
}

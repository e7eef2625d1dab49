using System;
using System.Linq;
using OdeKernels;
using OdeKernels.Models;

namespace OdeKernels.Tests.Models;

/// <summary>
/// A training step's loss and gradient in one forward solve (<c>ISolvingNetwork.LossAndGradient</c>, what
/// <see cref="SampleFit{T}"/> runs for an <see cref="OdeModel{TStem, TDynamics, TTableau, THead, T}"/>): the same bits as
/// <c>Forward</c>, the loss and <c>Vjp</c> in turn, for every adjoint, with the forward work of one solve.
/// </summary>
public sealed class ModelLossAndGradientTests
{
    [Theory]
    [InlineData(AdjointMethod.Backsolve)]
    [InlineData(AdjointMethod.Direct)]
    [InlineData(AdjointMethod.Checkpointed)]
    public void OneSolveGivesTheBitsOfForwardLossAndVjp(AdjointMethod adjoint)
    {
        var options = new OdeBlockOptions { Solver = new SolverOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 }, Adjoint = adjoint };
        var model = new OdeModel<Stem64, Field64, Dopri5, Head64, double>(new Stem64(1), new Field64(2), new Head64(3), options, augment: 1);
        const int Count = 19;
        int n = model.Inputs, m = model.Outputs;
        var random = new Random(41);
        var x = new double[Count * n];
        var labels = new int[Count];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (2 * random.NextDouble()) - 1;
        }

        for (int s = 0; s < Count; s++)
        {
            labels[s] = random.Next(m);
        }

        var loss = new CrossEntropySampleLoss<double>(labels, m);
        int[] samples = Enumerable.Range(0, Count).ToArray();

        var y = new double[Count * m];
        var dy = new double[Count * m];
        model.Forward(x, y, Count);
        double expectedLoss = loss.Evaluate(y, samples, dy);
        var expected = new double[model.ParameterCount];
        model.Vjp(x, dy, default, expected, Count);
        SolverStats forwardWork = model.ForwardStats;

        var y2 = new double[Count * m];
        var dy2 = new double[Count * m];
        var actual = new double[model.ParameterCount];
        double actualLoss = ((ISolvingNetwork<double>)model).LossAndGradient(x, Count, y2, dy2, () => loss.Evaluate(y2, samples, dy2), actual);

        Assert.Equal(expectedLoss, actualLoss);
        Assert.Equal(y, y2);
        Assert.Equal(dy, dy2);
        Assert.Equal(expected, actual);
        Assert.Equal(forwardWork, model.ForwardStats);
    }
}

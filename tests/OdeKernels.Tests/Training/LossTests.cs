using System;
using OdeKernels.Training;

namespace OdeKernels.Tests.Training;

/// <summary>Losses return the value and a gradient that matches float64 finite differences.</summary>
public sealed class LossTests
{
    private static readonly double[] Predicted = [0.5, -1.0, 2.0, 3.5, 0.0, 1.25];
    private static readonly double[] Target = [1.0, -1.5, 2.0, 3.0, 0.25, 1.0];

    [Fact]
    public void SumAndMeanSquaredErrorMatchTheirDefinitions()
    {
        double[] d = new double[6];
        double sum = Losses.SumSquaredError<double>(Predicted, Target, d);
        Assert.Equal(0.25 + 0.25 + 0 + 0.25 + 0.0625 + 0.0625, sum, 1e-15);
        Assert.Equal([-1.0, 1.0, 0.0, 1.0, -0.5, 0.5], d);
        double mean = Losses.MeanSquaredError<double>(Predicted, Target, d);
        Assert.Equal(sum / 6, mean, 1e-15);
        Assert.Equal(1.0 / 6, d[1], 1e-15);
    }

    [Fact]
    public void SquaredErrorGradientsMatchFiniteDifferences()
    {
        CheckGradient((p, d) => Losses.MeanSquaredError<double>(p, Target, d), Predicted);
        CheckGradient((p, d) => Losses.SumSquaredError<double>(p, Target, d), Predicted);
    }

    [Fact]
    public void CrossEntropyMatchesItsDefinitionAndFiniteDifferences()
    {
        double[] logits = [1.0, 2.0, 0.5, -1.0, 0.0, 3.0];
        int[] labels = [1, 0];
        double[] d = new double[6];
        double loss = Losses.CrossEntropy<double>(logits, labels, 3, d);
        double first = Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(0.5)) - 2;
        double second = Math.Log(Math.Exp(-1) + Math.Exp(0) + Math.Exp(3)) + 1;
        Assert.Equal((first + second) / 2, loss, 1e-14);
        Assert.Equal(0, d[0] + d[1] + d[2], 1e-15);
        CheckGradient((z, dz) => Losses.CrossEntropy<double>(z, labels, 3, dz), logits);
    }

    [Fact]
    public void CrossEntropyIsStableForHugeLogits()
    {
        float[] logits = [1000f, 0f, -1000f, 50f];
        float[] d = new float[4];
        double loss = Losses.CrossEntropy<float>(logits, [1, 1], 2, d);
        Assert.Equal(1000 / 2.0, loss, 1e-9); // the second sample is right with certainty: loss 0
        Assert.Equal(0.5f, d[0]);
        Assert.Equal(-0.5f, d[1]);
        Assert.True(float.IsFinite(d[2]) && float.IsFinite(d[3]));
    }

    [Fact]
    public void LengthsLabelsAndNonFiniteValuesAreRefused()
    {
        double[] d = new double[6];
        var ex = Assert.Throws<ArgumentException>(() => Losses.SumSquaredError<double>(Predicted, Target.AsSpan(0, 5), d));
        Assert.Equal("target", ex.ParamName);
        Assert.Equal("dLdY", Assert.Throws<ArgumentException>(() => Losses.MeanSquaredError<double>(Predicted, Target, new double[5])).ParamName);
        Assert.Equal("predicted", Assert.Throws<ArgumentException>(() => Losses.MeanSquaredError<double>([], [], [])).ParamName);
        ex = Assert.Throws<ArgumentException>(() => Losses.MeanSquaredError<double>([1, double.NaN], [0, 0], new double[2]));
        Assert.Equal("predicted", ex.ParamName);
        Assert.Contains("predicted[1] is NaN", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Losses.CrossEntropy<double>(new double[6], [0, 3], 3, d));
        Assert.Equal("labels", ex.ParamName);
        Assert.Contains("labels[1] is 3", ex.Message);
        Assert.Equal("logits", Assert.Throws<ArgumentException>(() => Losses.CrossEntropy<double>(new double[5], [0, 1], 3, d)).ParamName);
        Assert.Equal("classes", Assert.Throws<ArgumentException>(() => Losses.CrossEntropy<double>(new double[2], [0, 0], 1, d)).ParamName);
        Assert.Equal("dLdLogits", Assert.Throws<ArgumentException>(() => Losses.CrossEntropy<double>(new double[6], [0, 1], 3, new double[4])).ParamName);
    }

    private delegate double Loss(ReadOnlySpan<double> input, Span<double> gradient);

    private static void CheckGradient(Loss loss, double[] at)
    {
        double[] analytic = new double[at.Length], scratch = new double[at.Length];
        loss(at, analytic);
        for (int i = 0; i < at.Length; i++)
        {
            const double H = 1e-6;
            double[] plus = (double[])at.Clone(), minus = (double[])at.Clone();
            plus[i] += H;
            minus[i] -= H;
            double numeric = (loss(plus, scratch) - loss(minus, scratch)) / (2 * H);
            Assert.Equal(numeric, analytic[i], 1e-8);
        }
    }
}

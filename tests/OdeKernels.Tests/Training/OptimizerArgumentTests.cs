using System;
using OdeKernels.Training;

namespace OdeKernels.Tests.Training;

/// <summary>Every optimizer setting and step argument is checked, and the message names the parameter and its value.</summary>
public sealed class OptimizerArgumentTests
{
    [Theory]
    [InlineData(0.0, "learningRate", "0")]
    [InlineData(-1e-3, "learningRate", "-0.001")]
    [InlineData(double.NaN, "learningRate", "NaN")]
    [InlineData(double.PositiveInfinity, "learningRate", "Infinity")]
    public void LearningRateMustBeFiniteAndPositive(double lr, string name, string shown)
    {
        var ex = Assert.Throws<ArgumentException>(() => new Adam<double>(2).Step(new double[2], new double[2], lr));
        Assert.Equal(name, ex.ParamName);
        Assert.Contains(shown, ex.Message);
    }

    [Fact]
    public void LengthsMustMatchTheParameterCount()
    {
        var sgd = new Sgd<float>(3);
        Assert.Equal("parameters", Assert.Throws<ArgumentException>(() => sgd.Step(new float[2], new float[3], 0.1)).ParamName);
        var ex = Assert.Throws<ArgumentException>(() => sgd.Step(new float[3], new float[4], 0.1));
        Assert.Equal("gradient", ex.ParamName);
        Assert.Contains("length is 4", ex.Message);
    }

    [Theory]
    [InlineData(1.0, 0.999, 1e-8, "beta1")]
    [InlineData(-0.1, 0.999, 1e-8, "beta1")]
    [InlineData(0.9, 1.0, 1e-8, "beta2")]
    [InlineData(0.9, double.NaN, 1e-8, "beta2")]
    [InlineData(0.9, 0.999, 0.0, "epsilon")]
    [InlineData(0.9, 0.999, -1.0, "epsilon")]
    public void AdamSettingsAreChecked(double beta1, double beta2, double epsilon, string name)
    {
        Assert.Equal(name, Assert.Throws<ArgumentException>(() => new Adam<float>(2, beta1, beta2, epsilon)).ParamName);
        Assert.Equal(name, Assert.Throws<ArgumentException>(() => new AdamW<float>(2, 0.01, beta1, beta2, epsilon)).ParamName);
    }

    [Fact]
    public void OtherSettingsAreChecked()
    {
        Assert.Equal("parameterCount", Assert.Throws<ArgumentException>(() => new Adam<float>(0)).ParamName);
        Assert.Equal("weightDecay", Assert.Throws<ArgumentException>(() => new AdamW<float>(2, -0.1)).ParamName);
        Assert.Equal("momentum", Assert.Throws<ArgumentException>(() => new Sgd<float>(2, 1.0)).ParamName);
        Assert.Equal("momentum", Assert.Throws<ArgumentException>(() => new Sgd<float>(2, -0.5)).ParamName);
        Assert.Equal("nesterov", Assert.Throws<ArgumentException>(() => new Sgd<float>(2, 0, nesterov: true)).ParamName);
        var ex = Assert.Throws<ArgumentException>(() => new AdamW<double>(2, 10).Step(new double[2], new double[2], 0.1));
        Assert.Equal("learningRate", ex.ParamName);
        Assert.Contains("below 1", ex.Message);
    }
}

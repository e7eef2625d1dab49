using System;
using Microsoft.CodeAnalysis;

namespace OdeKernels.Generators.Tests;

/// <summary>
/// Layer stacks whose sizes would overflow <c>int</c> in the generated code (CS0220, CS0248 before) get ODEK110 /
/// ODEK212 on the layer that crosses the limit, naming the size and the limit, and a surface that compiles.
/// </summary>
public sealed class LayerSizeTests
{
    [Fact]
    public void ODEK110_TwoWideLayers_ExceedTheParameterLimit()
    {
        AllGeneratorsRun run = AllGeneratorsRun.Of(Source("[Dynamics(StateSize = 2)]\n[Dense(12000)]\n[Dense(12000)]\n[Dense(2)]"));

        Diagnostic diagnostic = run.Single("ODEK110");
        Assert.Equal("Dense(12000)", run.TextAt(diagnostic.Location));
        Assert.Equal(
            "Layer 2 ([Dense(12000)]) of 'Net' brings the parameter count to 144048000, but at most 134217724 fit: the generated code keeps 16 lanes of float for each in one array of at most 2147483591 elements",
            diagnostic.GetMessage());
        Assert.Equal(6, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        run.AssertCompiles();
    }

    [Fact]
    public void ODEK110_SquareOfTheWidthOverflowsInt()
    {
        // 46341² > int.MaxValue: the weight count alone used to overflow (CS0220).
        AllGeneratorsRun run = AllGeneratorsRun.Of(Source("[Dynamics(StateSize = 46341, Precision = typeof(double))]\n[Dense(46341)]"));

        Diagnostic diagnostic = run.Single("ODEK110");
        Assert.Contains("brings the parameter count to 2147534622, but at most 268435448 fit", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("8 lanes of double", diagnostic.GetMessage(), StringComparison.Ordinal);
        run.AssertCompiles();
    }

    [Fact]
    public void ODEK110_HugeStateSize_IsReportedOnTheDynamicsAttribute()
    {
        AllGeneratorsRun run = AllGeneratorsRun.Of(Source($"[Dynamics(StateSize = {int.MaxValue})]\n[Dense({int.MaxValue})]"));

        Diagnostic diagnostic = run.Single("ODEK110");
        Assert.StartsWith("Dynamics(", run.TextAt(diagnostic.Location), StringComparison.Ordinal);
        Assert.Contains($"StateSize = {int.MaxValue} of 'Net' brings the rows of one scratch tile to", diagnostic.GetMessage(), StringComparison.Ordinal);
        run.AssertCompiles();
    }

    [Fact]
    public void ODEK212_WideNetwork_ExceedsTheRowLimit()
    {
        // Few parameters (one input, no bias), but pointwise layers keep a row per value each.
        string pointwise = string.Concat(System.Linq.Enumerable.Repeat("[Pointwise(Activation.Tanh)]\n", 100));
        AllGeneratorsRun run = AllGeneratorsRun.Of(Source($"[Network(Inputs = 1)]\n[Dense(2000000, Bias = false)]\n{pointwise}[Dense(1, Bias = false)]"));

        Diagnostic diagnostic = run.Single("ODEK212");
        Assert.Equal("Pointwise(Activation.Tanh)", run.TextAt(diagnostic.Location));
        Assert.Contains("brings the rows of one scratch tile to", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("but at most 134217724 fit", diagnostic.GetMessage(), StringComparison.Ordinal);
        run.AssertCompiles();
    }

    [Fact]
    public void LargeButFittingNetwork_Compiles()
    {
        AllGeneratorsRun run = AllGeneratorsRun.Of(Source("[Network(Inputs = 3000)]\n[Dense(3000, Activation.Tanh)]\n[Dense(10)]"));

        run.AssertClean();
    }

    private static string Source(string attributes) => $"using OdeKernels;\n\nnamespace Sample;\n\n{attributes}\npublic partial class Net {{ }}\n";
}

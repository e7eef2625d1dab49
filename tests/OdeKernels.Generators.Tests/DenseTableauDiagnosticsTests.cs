using System;
using Microsoft.CodeAnalysis;

namespace OdeKernels.Generators.Tests;

/// <summary>
/// The extra stages of a continuous extension (<c>ExtraC</c>, <c>ExtraA</c>, ODEK020–ODEK022) and the order conditions
/// of <c>Dense</c> (ODEK023), on Heun's method with cubic Hermite written as its own interpolant: one extra stage
/// f(t + h, y_new) (c = 1, row B) and bᵢ(θ) = (3θ² − 2θ³) bᵢ + [i = 1] (θ − 2θ² + θ³), b_f(θ) = θ³ − θ², which is of
/// order 2 (the step's order) and fails order 3 (Σᵢ bᵢ(θ) cᵢ² = θ³/3 does not hold).
/// </summary>
public sealed class DenseTableauDiagnosticsTests
{
    private const string Heun = "C = new[] { 0.0, 1.0 }, A = new[] { 1.0 }, B = new[] { 0.5, 0.5 }, Order = 2";
    private const string HermiteDense = "Dense = new[] { 1.0, -0.5, 0.0, 0.0, 1.5, -1.0, 0.0, -1.0, 1.0 }";

    private static GeneratorRun Declare(string extra) =>
        GeneratorHarness.Run(SampleTableaux.Declare("HeunDense", $"{Heun}, {extra}"));

    [Fact]
    public void AValidInterpolantWithAnExtraStageCompilesWithoutDiagnostics()
    {
        GeneratorRun run = Declare($"ExtraC = new[] {{ 1.0 }}, ExtraA = new[] {{ 0.5, 0.5 }}, {HermiteDense}, DenseOrder = 2");
        Assert.True(run.GeneratorDiagnostics.IsEmpty, GeneratorHarness.Describe(run.GeneratorDiagnostics));
        // The Info gets DenseOrder, then ExtraC and ExtraA.
        Assert.Matches(@", 2, new double\[\] \{ [^}]+ \}, new double\[\] \{ [^}]+, [^}]+ \}\);", run.SingleSource);
        run.AssertCompiles();
    }

    [Fact]
    public void ODEK020_ExtraALengthWrong()
    {
        Diagnostic d = Single(Declare($"ExtraC = new[] {{ 1.0 }}, ExtraA = new[] {{ 0.5 }}, {HermiteDense}, DenseOrder = 2"), "ODEK020");
        Assert.Contains("has 1 values", d.GetMessage());
        Assert.Contains("1 extra stages", d.GetMessage());
        Assert.Contains("need 2", d.GetMessage());
    }

    [Fact]
    public void ODEK021_ExtraStagesWithoutDense()
    {
        Diagnostic d = Single(Declare("ExtraC = new[] { 1.0 }, ExtraA = new[] { 0.5, 0.5 }"), "ODEK021");
        Assert.Contains("1 extra stages", d.GetMessage());
    }

    [Fact]
    public void ODEK022_ExtraStageRowSumViolated()
    {
        Diagnostic d = Single(Declare($"ExtraC = new[] {{ 0.9 }}, ExtraA = new[] {{ 0.5, 0.5 }}, {HermiteDense}, DenseOrder = 2"), "ODEK022");
        Assert.Contains("ExtraC[0]", d.GetMessage());
        Assert.Contains("sums to 1", d.GetMessage());
    }

    [Fact]
    public void ODEK023_DenseOrderOverstated()
    {
        Diagnostic d = Single(Declare($"ExtraC = new[] {{ 1.0 }}, ExtraA = new[] {{ 0.5, 0.5 }}, {HermiteDense}, DenseOrder = 3"), "ODEK023");
        Assert.Contains("order 3 fail", d.GetMessage());
        Assert.Contains("reaches order 2", d.GetMessage());
    }

    [Fact]
    public void ODEK023_AWrongWeightFailsItsOrder()
    {
        // b₂(θ)'s θ³ coefficient off by 1e-3: the weights at θ = 1 no longer sum to 1, so order 1 fails.
        Diagnostic d = Single(Declare($"ExtraC = new[] {{ 1.0 }}, ExtraA = new[] {{ 0.5, 0.5 }}, Dense = new[] {{ 1.0, -0.5, 0.0, 0.0, 1.5, -1.001, 0.0, -1.0, 1.0 }}, DenseOrder = 2"), "ODEK023");
        Assert.Contains("order 1 fail", d.GetMessage());
        Assert.Contains("theta^3", d.GetMessage());
    }

    private static Diagnostic Single(GeneratorRun run, string id)
    {
        Assert.True(
            run.GeneratorDiagnostics.Length == 1 && run.GeneratorDiagnostics[0].Id == id,
            $"Expected exactly one {id}, got:{Environment.NewLine}{GeneratorHarness.Describe(run.GeneratorDiagnostics)}");
        Assert.Equal(DiagnosticSeverity.Error, run.GeneratorDiagnostics[0].Severity);
        return run.GeneratorDiagnostics[0];
    }
}

using System;
using Microsoft.CodeAnalysis;

namespace OdeKernels.Generators.Tests;

/// <summary>
/// One faulty tableau per diagnostic: the generator reports exactly that diagnostic, with its severity, on the
/// attribute argument (or identifier) at fault, and the message names the offending value. A faulty shape (ODEK001,
/// ODEK002) gets nothing generated; faulty coefficients get a stub of the tableau's surface, which compiles.
/// </summary>
public sealed class ButcherTableauDiagnosticsTests
{
    [Theory]
    [InlineData(nameof(SampleTableaux.HeunEuler), SampleTableaux.HeunEulerArguments)]
    [InlineData(nameof(SampleTableaux.Bosh3), SampleTableaux.Bosh3Arguments)]
    [InlineData(nameof(SampleTableaux.Rk4), SampleTableaux.Rk4Arguments)]
    [InlineData("Heun", SampleTableaux.HeunArguments)]
    public void ValidTableau_HasNoDiagnostics(string name, string arguments)
    {
        GeneratorRun run = GeneratorHarness.Run(SampleTableaux.Declare(name, arguments));

        run.AssertClean();
        Assert.Single(run.Sources);
    }

    [Fact]
    public void ODEK001_TableauNotPartial()
    {
        GeneratorRun run = GeneratorHarness.Run(SampleTableaux.Declare("Heun", SampleTableaux.HeunArguments, modifiers: "public"));

        Diagnostic diagnostic = AssertSingle(run, "ODEK001", DiagnosticSeverity.Error);
        Assert.Equal("Heun", run.TextAt(diagnostic.Location));
        Assert.Contains("'Heun'", diagnostic.GetMessage());
        Assert.Empty(run.Sources);
        run.AssertCompiles();
    }

    [Fact]
    public void ODEK002_TableauNestedInAType()
    {
        string source = """
            using OdeKernels;

            namespace Sample;

            public static partial class Outer
            {
                [ButcherTableau(C = new[] { 0.0, 1.0 }, A = new[] { 1.0 }, B = new[] { 0.5, 0.5 }, Order = 2)]
                public partial struct Heun
                {
                }
            }
            """;
        GeneratorRun run = GeneratorHarness.Run(source);

        Diagnostic diagnostic = AssertSingle(run, "ODEK002", DiagnosticSeverity.Error);
        Assert.Equal("Heun", run.TextAt(diagnostic.Location));
        Assert.Contains("'Heun'", diagnostic.GetMessage());
        Assert.Contains("nested in 'Outer'", diagnostic.GetMessage());
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void ODEK002_GenericTableau()
    {
        GeneratorRun run = GeneratorHarness.Run(SampleTableaux.Declare("Heun<T>", SampleTableaux.HeunArguments));

        Diagnostic diagnostic = AssertSingle(run, "ODEK002", DiagnosticSeverity.Error);
        Assert.Equal("Heun", run.TextAt(diagnostic.Location));
        Assert.Contains("generic", diagnostic.GetMessage());
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void ODEK003_MissingC()
    {
        GeneratorRun run = GeneratorHarness.Run(SampleTableaux.Declare("NoNodes", "A = new[] { 1.0 }, B = new[] { 0.5, 0.5 }, Order = 2"));

        // There is no C argument to point at, so the diagnostic covers the attribute.
        Diagnostic diagnostic = AssertSingle(run, "ODEK003", DiagnosticSeverity.Error);
        Assert.StartsWith("ButcherTableau(", run.TextAt(diagnostic.Location));
        Assert.Contains("'NoNodes'", diagnostic.GetMessage());
        Assert.Contains("needs C", diagnostic.GetMessage());
        AssertStubOnly(run, diagnostic.Id);
    }

    [Fact]
    public void ODEK004_ALengthWrong()
    {
        GeneratorRun run = GeneratorHarness.Run(SampleTableaux.Declare(
            "ShortA", "C = new[] { 0.0, 0.5, 1.0 }, A = new[] { 0.5, 1.0 }, B = new[] { 0.25, 0.5, 0.25 }, Order = 2"));

        Diagnostic diagnostic = AssertSingle(run, "ODEK004", DiagnosticSeverity.Error);
        Assert.StartsWith("A =", run.TextAt(diagnostic.Location));
        Assert.Contains("has 2 values", diagnostic.GetMessage());
        Assert.Contains("3 stages", diagnostic.GetMessage());
        Assert.Contains("need 3", diagnostic.GetMessage());
        AssertStubOnly(run, diagnostic.Id);
    }

    [Fact]
    public void ODEK005_NaNCoefficient()
    {
        GeneratorRun run = GeneratorHarness.Run(SampleTableaux.Declare(
            "NaNCoefficient", "C = new[] { 0.0, 1.0 }, A = new[] { double.NaN }, B = new[] { 0.5, 0.5 }, Order = 2"));

        Diagnostic diagnostic = AssertSingle(run, "ODEK005", DiagnosticSeverity.Error);
        Assert.StartsWith("A =", run.TextAt(diagnostic.Location));
        Assert.Contains("A[0]", diagnostic.GetMessage());
        Assert.Contains("NaN", diagnostic.GetMessage());
        AssertStubOnly(run, diagnostic.Id);
    }

    [Fact]
    public void ODEK006_RowSumViolated()
    {
        GeneratorRun run = GeneratorHarness.Run(SampleTableaux.Declare(
            "BadRow", "C = new[] { 0.0, 1.0 }, A = new[] { 0.75 }, B = new[] { 0.5, 0.5 }, Order = 1"));

        Diagnostic diagnostic = AssertSingle(run, "ODEK006", DiagnosticSeverity.Error);
        Assert.StartsWith("C =", run.TextAt(diagnostic.Location));
        Assert.Contains("C[1] of 'BadRow' is 1", diagnostic.GetMessage());
        Assert.Contains("sums to 0.75", diagnostic.GetMessage());
        AssertStubOnly(run, diagnostic.Id);
    }

    [Fact]
    public void ODEK007_WeightsDoNotSumToOne()
    {
        GeneratorRun run = GeneratorHarness.Run(SampleTableaux.Declare(
            "BadWeights", "C = new[] { 0.0, 1.0 }, A = new[] { 1.0 }, B = new[] { 0.5, 0.25 }, Order = 1"));

        Diagnostic diagnostic = AssertSingle(run, "ODEK007", DiagnosticSeverity.Error);
        Assert.StartsWith("B =", run.TextAt(diagnostic.Location));
        Assert.Contains("weights B", diagnostic.GetMessage());
        Assert.Contains("sum to 0.75", diagnostic.GetMessage());
        AssertStubOnly(run, diagnostic.Id);
    }

    [Fact]
    public void ODEK008_DeclaredOrderNotReached()
    {
        string arguments = SampleTableaux.HeunArguments.Replace("Order = 2", "Order = 3", StringComparison.Ordinal);
        GeneratorRun run = GeneratorHarness.Run(SampleTableaux.Declare("Heun", arguments));

        Diagnostic diagnostic = AssertSingle(run, "ODEK008", DiagnosticSeverity.Error);
        Assert.StartsWith("Order =", run.TextAt(diagnostic.Location));
        Assert.Contains("Order = 3", diagnostic.GetMessage());
        Assert.Contains("order 3 fail", diagnostic.GetMessage());
        Assert.Contains("reach order 2", diagnostic.GetMessage());
        AssertStubOnly(run, diagnostic.Id);
    }

    [Fact]
    public void ODEK009_OrderAboveEight()
    {
        string arguments = SampleTableaux.HeunArguments.Replace("Order = 2", "Order = 9", StringComparison.Ordinal);
        GeneratorRun run = GeneratorHarness.Run(SampleTableaux.Declare("Heun", arguments));

        Diagnostic diagnostic = AssertSingle(run, "ODEK009", DiagnosticSeverity.Error);
        Assert.StartsWith("Order =", run.TextAt(diagnostic.Location));
        Assert.Contains("Order = 9", diagnostic.GetMessage());
        Assert.Contains("between 1 and 8", diagnostic.GetMessage());
        AssertStubOnly(run, diagnostic.Id);
    }

    [Fact]
    public void ODEK009_BHatWithoutEmbeddedOrder()
    {
        string arguments = SampleTableaux.HeunEulerArguments.Replace(", EmbeddedOrder = 1", string.Empty, StringComparison.Ordinal);
        GeneratorRun run = GeneratorHarness.Run(SampleTableaux.Declare("HeunEuler", arguments));

        // EmbeddedOrder is absent, so there is no argument to point at: the diagnostic covers the attribute.
        Diagnostic diagnostic = AssertSingle(run, "ODEK009", DiagnosticSeverity.Error);
        Assert.StartsWith("BHat =", run.TextAt(diagnostic.Location));
        Assert.Contains("EmbeddedOrder = 0", diagnostic.GetMessage());
        Assert.Contains("BHat", diagnostic.GetMessage());
        AssertStubOnly(run, diagnostic.Id);
    }

    [Fact]
    public void ODEK009_EmbeddedOrderWithoutBHat()
    {
        string arguments = SampleTableaux.HeunArguments.Replace("Order = 2", "Order = 2, EmbeddedOrder = 1", StringComparison.Ordinal);
        GeneratorRun run = GeneratorHarness.Run(SampleTableaux.Declare("Heun", arguments));

        Diagnostic diagnostic = AssertSingle(run, "ODEK009", DiagnosticSeverity.Error);
        Assert.StartsWith("EmbeddedOrder =", run.TextAt(diagnostic.Location));
        Assert.Contains("EmbeddedOrder = 1", diagnostic.GetMessage());
        Assert.Contains("BHat", diagnostic.GetMessage());
        AssertStubOnly(run, diagnostic.Id);
    }

    [Fact]
    public void ODEK010_OrderUnderstated()
    {
        string arguments = SampleTableaux.Rk4Arguments.Replace("Order = 4", "Order = 3", StringComparison.Ordinal);
        GeneratorRun run = GeneratorHarness.Run(SampleTableaux.Declare("Rk4", arguments));

        Diagnostic diagnostic = AssertSingle(run, "ODEK010", DiagnosticSeverity.Warning);
        Assert.StartsWith("Order =", run.TextAt(diagnostic.Location));
        Assert.Contains("Order = 3", diagnostic.GetMessage());
        Assert.Contains("up to order 4", diagnostic.GetMessage());

        // A warning does not stop the step from being emitted, with the order as declared.
        Assert.Contains("\"Rk4\", 3, 0, false,", run.SingleSource);
        run.AssertCompiles();
    }

    /// <summary>
    /// Asserts that the only generated source is the stub of the tableau's surface, naming the error, and that the
    /// output compiles: the ODEK error stands alone.
    /// </summary>
    private static void AssertStubOnly(GeneratorRun run, string id)
    {
        Assert.Contains($"declaration has errors ({id})", run.SingleSource);
        run.AssertCompiles();
    }

    private static Diagnostic AssertSingle(GeneratorRun run, string id, DiagnosticSeverity severity)
    {
        Assert.True(
            run.GeneratorDiagnostics.Length == 1 && run.GeneratorDiagnostics[0].Id == id,
            $"Expected exactly one {id}, got:{Environment.NewLine}{GeneratorHarness.Describe(run.GeneratorDiagnostics)}");
        Diagnostic diagnostic = run.GeneratorDiagnostics[0];
        Assert.Equal(severity, diagnostic.Severity);
        Assert.Equal("Source0.cs", diagnostic.Location.GetLineSpan().Path);
        return diagnostic;
    }
}

using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using OdeKernels.Generators.Dynamics;

namespace OdeKernels.Generators.Tests;

/// <summary>
/// One faulty <c>[Dynamics]</c> declaration per diagnostic: the generator reports exactly that diagnostic on the
/// attribute at fault, the message names the offending value, and nothing is generated. Plus: a valid network
/// generates code that compiles cleanly, and an unrelated edit leaves the parsed spec cached.
/// </summary>
public sealed class DynamicsDiagnosticsTests
{
    private const string Spiral = """
        using OdeKernels;

        namespace Sample;

        [Dynamics(StateSize = 2)]
        [Pointwise(Activation.Cube)]
        [Dense(50, Activation.Tanh)]
        [Dense(2)]
        public partial class SpiralNet
        {
        }
        """;

    [Fact]
    public void ValidNetwork_GeneratesCleanCode()
    {
        DynamicsRun run = DynamicsRun.Of(Spiral);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Equal(
            ["Sample.SpiralNet.Dynamics.Cuda.g.cs", "Sample.SpiralNet.Dynamics.g.cs"],
            run.Result.GeneratedSources.Select(s => s.HintName).OrderBy(name => name, StringComparer.Ordinal).ToArray());
        Assert.True(run.OutputProblems.IsEmpty, "The output compilation has problems:" + Environment.NewLine + GeneratorHarness.Describe(run.OutputProblems));
    }

    [Fact]
    public void ODEK101_NotPartial()
    {
        Diagnostic diagnostic = Single(Declare("[Dense(2)]", modifiers: "public"), "ODEK101");
        Assert.Contains("'Net'", diagnostic.GetMessage());
    }

    [Fact]
    public void ODEK102_Nested()
    {
        string source = """
            using OdeKernels;

            namespace Sample;

            public static partial class Outer
            {
                [Dynamics(StateSize = 2)]
                [Dense(2)]
                public partial class Net
                {
                }
            }
            """;
        Diagnostic diagnostic = Single(source, "ODEK102");
        Assert.Contains("nested in 'Outer'", diagnostic.GetMessage());
    }

    [Fact]
    public void ODEK103_StateSizeNotPositive() =>
        Assert.Contains("StateSize of 'Net' is 0", Single(Declare("[Dense(2)]", stateSize: 0), "ODEK103").GetMessage());

    [Fact]
    public void ODEK104_PrecisionNotFloatOrDouble() =>
        Assert.Contains("typeof(decimal)", Single(Declare("[Dense(2)]", precision: "typeof(decimal)"), "ODEK104").GetMessage());

    [Fact]
    public void ODEK105_NoLayers() =>
        Assert.Contains("no layers", Single(Declare(string.Empty), "ODEK105").GetMessage());

    [Fact]
    public void ODEK105_OnlyPointwiseLayers() =>
        Assert.Contains("only pointwise layers (2)", Single(Declare("[Pointwise(Activation.Tanh)]\n[Pointwise(Activation.Sin)]"), "ODEK105").GetMessage());

    [Fact]
    public void ODEK106_WidthNotPositive()
    {
        DynamicsRun run = DynamicsRun.Of(Declare("[Dense(0, Activation.Tanh)]\n[Dense(2)]"));
        Diagnostic diagnostic = run.Single("ODEK106");
        Assert.Equal("Dense(0, Activation.Tanh)", run.TextAt(diagnostic.Location));
        Assert.Contains("Layer 1 of 'Net' is [Dense(0)]", diagnostic.GetMessage());
    }

    [Fact]
    public void ODEK107_UnknownActivation()
    {
        DynamicsRun run = DynamicsRun.Of(Declare("[Dense(8, (Activation)42)]\n[Dense(2)]"));
        Diagnostic diagnostic = run.Single("ODEK107");
        Assert.Equal("Dense(8, (Activation)42)", run.TextAt(diagnostic.Location));
        Assert.Contains("activation 42", diagnostic.GetMessage());
    }

    [Fact]
    public void ODEK108_LastWidthIsNotStateSize()
    {
        DynamicsRun run = DynamicsRun.Of(Declare("[Dense(16, Activation.Tanh)]\n[Dense(3)]\n[Pointwise(Activation.Sin)]"));
        Diagnostic diagnostic = run.Single("ODEK108");
        Assert.Equal("Dense(3)", run.TextAt(diagnostic.Location));
        Assert.Contains("(layer 2) has 3 outputs, but StateSize is 2", diagnostic.GetMessage());
    }

    [Fact]
    public void ODEK109_LayerOnAnotherPartialDeclaration()
    {
        string other = """
            using OdeKernels;

            namespace Sample;

            [Dense(4)]
            public partial class Net
            {
            }
            """;
        DynamicsRun run = DynamicsRun.Of(Declare("[Dense(2)]"), other);
        Diagnostic diagnostic = run.Single("ODEK109");
        Assert.Equal("Dense(4)", run.TextAt(diagnostic.Location));
    }

    [Fact]
    public void DiagnosticsPointAtTheDynamicsAttribute()
    {
        DynamicsRun run = DynamicsRun.Of(Declare("[Dense(2)]", modifiers: "public", stateSize: -3));
        Assert.Equal(new[] { "ODEK101", "ODEK103" }, run.GeneratorDiagnostics.Select(d => d.Id).OrderBy(id => id));
        Assert.All(run.GeneratorDiagnostics, d => Assert.Equal("Dynamics(StateSize = -3)", run.TextAt(d.Location)));
    }

    [Fact]
    public void UnrelatedEdit_LeavesSpecCached()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Spiral);
        GeneratorDriver driver = DynamicsRun.CreateDriver().RunGenerators(compilation);
        CSharpCompilation edited = compilation.AddSyntaxTrees(GeneratorHarness.Parse("namespace Sample; public static class Other { }", "Other.cs"));
        GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var steps = result.TrackedSteps[DynamicsGenerator.TrackingNames.Specs];
        Assert.NotEmpty(steps.SelectMany(s => s.Outputs));
        Assert.All(steps.SelectMany(s => s.Outputs), output => Assert.True(
            output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"Specs step ran: {output.Reason}"));
    }

    private static Diagnostic Single(string source, string id) => DynamicsRun.Of(source).Single(id);

    private static string Declare(string layers, string modifiers = "public partial", int stateSize = 2, string? precision = null)
    {
        string precisionArgument = precision is null ? string.Empty : $", Precision = {precision}";
        return $$"""
            using OdeKernels;

            namespace Sample;

            [Dynamics(StateSize = {{stateSize}}{{precisionArgument}})]
            {{layers}}
            {{modifiers}} class Net
            {
            }
            """;
    }

    /// <summary>One run of <see cref="DynamicsGenerator"/> alone over in-memory sources (the shared harness drives the tableau generator).</summary>
    private sealed record DynamicsRun(Compilation Input, GeneratorRunResult Result, ImmutableArray<Diagnostic> GeneratorDiagnostics, ImmutableArray<Diagnostic> OutputProblems)
    {
        public static GeneratorDriver CreateDriver() =>
            CSharpGeneratorDriver.Create(
                    new[] { new DynamicsGenerator().AsSourceGenerator() },
                    driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true))
                .WithUpdatedParseOptions(GeneratorHarness.ParseOptions);

        public static DynamicsRun Of(params string[] sources)
        {
            CSharpCompilation compilation = GeneratorHarness.CreateCompilation(sources);
            GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
            GeneratorRunResult result = driver.GetRunResult().Results.Single();
            Assert.Null(result.Exception);
            ImmutableArray<Diagnostic> problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();
            return new DynamicsRun(compilation, result, diagnostics, problems);
        }

        /// <summary>Asserts that <paramref name="id"/> is the only generator diagnostic, an error, and that nothing was generated.</summary>
        public Diagnostic Single(string id)
        {
            Diagnostic diagnostic = Assert.Single(GeneratorDiagnostics);
            Assert.Equal(id, diagnostic.Id);
            Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
            Assert.Empty(Result.GeneratedSources);
            return diagnostic;
        }

        public string TextAt(Location location)
        {
            string path = location.GetLineSpan().Path;
            SyntaxTree tree = Input.SyntaxTrees.Single(t => t.FilePath == path);
            return tree.GetText().ToString(location.SourceSpan);
        }
    }
}

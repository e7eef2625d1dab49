using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using OdeKernels.Generators.Networks;

namespace OdeKernels.Generators.Tests;

/// <summary>
/// One faulty <c>[Network]</c> declaration per diagnostic: the generator reports exactly that diagnostic on the
/// attribute at fault, the message names the offending value, and the output compiles (with a stub of the surface for a
/// faulty layer stack, with nothing for a faulty shape; see <see cref="GeneratorOnlyRun.Single"/>). Plus: a valid network
/// generates code that compiles cleanly and matches its baseline, and an unrelated edit leaves the spec cached.
/// </summary>
public sealed class NetworkDiagnosticsTests
{
    private const string Classifier = """
        using OdeKernels;

        namespace Sample;

        [Network(Inputs = 2)]
        [Dense(4, Activation.Tanh)]
        [Residual(Layers = 2)]
        [Dense(4, Activation.Relu)]
        [Dense(4)]
        [Residual]
        [Pointwise(Activation.Sin)]
        [Dense(2)]
        public partial class Classifier
        {
        }
        """;

    [Fact]
    public void ValidNetwork_GeneratesCleanCodeMatchingTheBaseline()
    {
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<NetworkGenerator>(Classifier);

        Assert.Empty(run.GeneratorDiagnostics);
        GeneratedSourceResult source = Assert.Single(run.Result.GeneratedSources);
        Assert.Equal("Sample.Classifier.Network.g.cs", source.HintName);
        Assert.True(run.OutputProblems.IsEmpty, "The output compilation has problems:" + Environment.NewLine + GeneratorHarness.Describe(run.OutputProblems));
        Snapshot.Match(source.SourceText.ToString(), "Network.Classifier");
    }

    [Fact]
    public void ODEK201_NotPartial() =>
        Assert.Contains("'Net'", Single(Declare("[Dense(2)]", modifiers: "public"), "ODEK201").GetMessage());

    [Fact]
    public void ODEK202_Generic() =>
        Assert.Contains("is generic", Single(Declare("[Dense(2)]", name: "Net<T>"), "ODEK202").GetMessage());

    [Fact]
    public void ODEK203_InputsNotPositive() =>
        Assert.Contains("Inputs of 'Net' is 0", Single(Declare("[Dense(2)]", inputs: 0), "ODEK203").GetMessage());

    [Fact]
    public void ODEK204_PrecisionNotFloatOrDouble() =>
        Assert.Contains("typeof(decimal)", Single(Declare("[Dense(2)]", precision: "typeof(decimal)"), "ODEK204").GetMessage());

    [Fact]
    public void ODEK205_OnlyPointwiseLayers() =>
        Assert.Contains("only pointwise layers (1)", Single(Declare("[Pointwise(Activation.Tanh)]"), "ODEK205").GetMessage());

    [Fact]
    public void ODEK206_WidthNotPositive()
    {
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<NetworkGenerator>(Declare("[Dense(0, Activation.Tanh)]\n[Dense(2)]"));
        Diagnostic diagnostic = run.Single("ODEK206");
        Assert.Equal("Dense(0, Activation.Tanh)", run.TextAt(diagnostic.Location));
        Assert.Contains("Layer 1 of 'Net' is [Dense(0)]", diagnostic.GetMessage());
    }

    [Fact]
    public void ODEK207_UnknownActivation()
    {
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<NetworkGenerator>(Declare("[Dense(8, (Activation)42)]\n[Dense(2)]"));
        Assert.Contains("activation 42", run.Single("ODEK207").GetMessage());
    }

    [Fact]
    public void ODEK208_LayerOnAnotherPartialDeclaration()
    {
        string other = """
            using OdeKernels;

            namespace Sample;

            [Residual]
            public partial class Net
            {
            }
            """;
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<NetworkGenerator>(Declare("[Dense(2)]"), other);
        Diagnostic diagnostic = run.Single("ODEK208");
        Assert.Equal("Residual", run.TextAt(diagnostic.Location));
    }

    [Fact]
    public void ODEK209_BlockRunsPastTheLastLayer()
    {
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<NetworkGenerator>(Declare("[Dense(2)]\n[Residual(Layers = 3)]\n[Dense(2, Activation.Tanh)]"));
        Diagnostic diagnostic = run.Single("ODEK209");
        Assert.Equal("Residual(Layers = 3)", run.TextAt(diagnostic.Location));
        Assert.Contains("Residual block 1 of 'Net' spans Layers = 3, but only 1 layer attribute(s) follow it", diagnostic.GetMessage());
    }

    [Fact]
    public void ODEK209_EmptyBlock() =>
        Assert.Contains("spans Layers = 0", Single(Declare("[Residual(Layers = 0)]\n[Dense(2)]"), "ODEK209").GetMessage());

    [Fact]
    public void ODEK210_NestedBlock()
    {
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<NetworkGenerator>(Declare("[Residual(Layers = 2)]\n[Dense(2, Activation.Tanh)]\n[Residual]\n[Dense(2)]"));
        Diagnostic diagnostic = run.Single("ODEK210");
        Assert.Equal("Residual", run.TextAt(diagnostic.Location));
        Assert.Contains("Residual block 2 of 'Net' starts inside block 1, which still spans 1 more layer(s)", diagnostic.GetMessage());
    }

    [Fact]
    public void ODEK211_BlockChangesWidth()
    {
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<NetworkGenerator>(Declare("[Residual]\n[Dense(5, Activation.Tanh)]\n[Dense(2)]"));
        Diagnostic diagnostic = run.Single("ODEK211");
        Assert.Equal("Residual", run.TextAt(diagnostic.Location));
        Assert.Contains("takes 2 values but its layers return 5", diagnostic.GetMessage());
    }

    [Fact]
    public void ODEK212_ParameterCountBeyondTheLimit()
    {
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<NetworkGenerator>(Declare("[Dense(46341)]\n[Dense(46341)]", precision: "typeof(double)"));
        Diagnostic diagnostic = run.Single("ODEK212");
        Assert.Equal("Dense(46341)", run.TextAt(diagnostic.Location));
        Assert.Contains("Layer 2 ([Dense(46341)]) of 'Net' brings the parameter count to 2147673645, but at most 268435448 fit", diagnostic.GetMessage());
    }

    [Fact]
    public void UnrelatedEdit_LeavesTheSpecCached()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Classifier, "namespace Sample; public static class Other { }");
        GeneratorDriver driver = GeneratorOnlyRun.CreateDriver<NetworkGenerator>().RunGenerators(compilation);
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Last(),
            GeneratorHarness.Parse("namespace Sample; public static class Other { public const int Changed = 1; }", "Source1.cs"));
        driver = driver.RunGenerators(edited);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        var steps = result.TrackedSteps[NetworkGenerator.TrackingNames.Specs];
        Assert.NotEmpty(steps);
        Assert.All(steps.SelectMany(s => s.Outputs), output => Assert.True(
            output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"Specs step ran: {output.Reason}"));
    }

    private static Diagnostic Single(string source, string id) => GeneratorOnlyRun.Of<NetworkGenerator>(source).Single(id);

    private static string Declare(string layers, string modifiers = "public partial", int inputs = 2, string? precision = null, string name = "Net")
    {
        string precisionArgument = precision is null ? string.Empty : $", Precision = {precision}";
        return $$"""
            using OdeKernels;

            namespace Sample;

            [Network(Inputs = {{inputs}}{{precisionArgument}})]
            {{layers}}
            {{modifiers}} class {{name}}
            {
            }
            """;
    }
}

using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using OdeKernels.Generators.Dynamics;

namespace OdeKernels.Generators.Tests;

/// <summary>
/// One faulty <c>[Dynamics]</c> declaration per diagnostic: the generator reports exactly that diagnostic on the
/// attribute at fault, the message names the offending value, and the output compiles (with a stub of the surface for a
/// faulty layer stack, with nothing for a faulty shape; see <see cref="GeneratorOnlyRun.Single"/>). Plus: a valid network
/// generates code that compiles cleanly, and an unrelated edit leaves the parsed spec cached.
/// </summary>
public sealed class DynamicsDiagnosticsTests
{
    /// <summary>The spiral network of Chen et al.'s example, as every example and benchmark declares it.</summary>
    internal const string Spiral = """
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
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<DynamicsGenerator>(Spiral);

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
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<DynamicsGenerator>(Declare("[Dense(0, Activation.Tanh)]\n[Dense(2)]"));
        Diagnostic diagnostic = run.Single("ODEK106");
        Assert.Equal("Dense(0, Activation.Tanh)", run.TextAt(diagnostic.Location));
        Assert.Contains("Layer 1 of 'Net' is [Dense(0)]", diagnostic.GetMessage());
    }

    [Fact]
    public void ODEK107_UnknownActivation()
    {
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<DynamicsGenerator>(Declare("[Dense(8, (Activation)42)]\n[Dense(2)]"));
        Diagnostic diagnostic = run.Single("ODEK107");
        Assert.Equal("Dense(8, (Activation)42)", run.TextAt(diagnostic.Location));
        Assert.Contains("activation 42", diagnostic.GetMessage());
    }

    [Fact]
    public void ODEK108_LastWidthIsNotStateSize()
    {
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<DynamicsGenerator>(Declare("[Dense(16, Activation.Tanh)]\n[Dense(3)]\n[Pointwise(Activation.Sin)]"));
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
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<DynamicsGenerator>(Declare("[Dense(2)]"), other);
        Diagnostic diagnostic = run.Single("ODEK109");
        Assert.Equal("Dense(4)", run.TextAt(diagnostic.Location));
    }

    [Fact]
    public void ODEK111_ResidualIsNotIgnored()
    {
        // [Residual] means something only to [Network]; on a [Dynamics] class it used to be dropped without a word.
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<DynamicsGenerator>(Declare("[Residual(Layers = 2)]\n[Dense(4, Activation.Tanh)]\n[Dense(2)]"));
        Diagnostic diagnostic = run.Single("ODEK111");
        Assert.Equal("Residual(Layers = 2)", run.TextAt(diagnostic.Location));
        Assert.Contains("[Residual] on 'Net' would be ignored", diagnostic.GetMessage());
    }

    [Fact]
    public void ODEK110_ParameterCountBeyondTheLimit()
    {
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<DynamicsGenerator>(Declare("[Dense(12000)]\n[Dense(12000)]\n[Dense(2)]"));
        Diagnostic diagnostic = run.Single("ODEK110");
        Assert.Equal("Dense(12000)", run.TextAt(diagnostic.Location));
        Assert.Contains("Layer 2 ([Dense(12000)]) of 'Net' brings the parameter count to 144048000, but at most 134217724 fit", diagnostic.GetMessage());
    }

    [Fact]
    public void DiagnosticsPointAtTheDynamicsAttribute()
    {
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<DynamicsGenerator>(Declare("[Dense(2)]", modifiers: "public", stateSize: -3));
        Assert.Equal(new[] { "ODEK101", "ODEK103" }, run.GeneratorDiagnostics.Select(d => d.Id).OrderBy(id => id));
        Assert.All(run.GeneratorDiagnostics, d => Assert.Equal("Dynamics(StateSize = -3)", run.TextAt(d.Location)));
    }

    [Fact]
    public void UnrelatedEdit_LeavesSpecCached()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Spiral);
        GeneratorDriver driver = GeneratorOnlyRun.CreateDriver<DynamicsGenerator>().RunGenerators(compilation);
        CSharpCompilation edited = compilation.AddSyntaxTrees(GeneratorHarness.Parse("namespace Sample; public static class Other { }", "Other.cs"));
        GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var steps = result.TrackedSteps[DynamicsGenerator.TrackingNames.Specs];
        Assert.NotEmpty(steps.SelectMany(s => s.Outputs));
        Assert.All(steps.SelectMany(s => s.Outputs), output => Assert.True(
            output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"Specs step ran: {output.Reason}"));
    }

    private static Diagnostic Single(string source, string id) => GeneratorOnlyRun.Of<DynamicsGenerator>(source).Single(id);

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
}

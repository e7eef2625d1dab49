using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using OdeKernels.Generators.Dynamics;

namespace OdeKernels.Generators.Tests;

/// <summary>
/// The opt-in <c>[Dynamics(Divergence = true)]</c>: its C# baseline, that it compiles for every activation and for a
/// network wide enough to sum parameter gradients within the tile, that it changes nothing else (the CUDA device code,
/// an explicit <c>Divergence = false</c>), and the limits (ODEK112, ODEK113).
/// </summary>
public sealed class DivergenceGeneratorTests
{
    private const string Divergent = """
        using OdeKernels;

        namespace Sample;

        [Dynamics(StateSize = 2, TimeInput = true, Divergence = true)]
        [Pointwise(Activation.Sin)]
        [Dense(4, Activation.Tanh)]
        [Dense(2)]
        public partial class Divergent
        {
        }
        """;

    [Fact]
    public void Divergent_CSharp_MatchesTheBaseline()
    {
        Snapshot.Match(Source(Divergent, "Divergent", ".Dynamics.g.cs"), "Dynamics.Divergent");
    }

    [Theory]
    [InlineData("float", "[Pointwise(Activation.Relu)] [Pointwise(Activation.Softplus)] [Pointwise(Activation.Sigmoid)] [Pointwise(Activation.Silu)] [Pointwise(Activation.Cube)] [Dense(3, Activation.Gelu)] [Dense(2, Activation.Tanh)]")]
    [InlineData("double", "[Pointwise(Activation.Relu)] [Pointwise(Activation.Softplus)] [Pointwise(Activation.Sigmoid)] [Pointwise(Activation.Silu)] [Pointwise(Activation.Cube)] [Dense(3, Activation.Gelu)] [Dense(2, Activation.Tanh)]")]
    [InlineData("float", "[Dense(160, Activation.Tanh)] [Dense(160, Activation.Softplus)] [Dense(2)]")]
    [InlineData("double", "[Dense(128, Activation.Tanh)] [Dense(128, Activation.Tanh)] [Dense(2)]")]
    public void OptedInNetworks_Compile_AndImplementTheInterface(string element, string layers)
    {
        string declaration = $"using OdeKernels;\n\nnamespace Sample;\n\n[Dynamics(StateSize = 2, TimeInput = true, Precision = typeof({element}), Divergence = true)]\n{layers}\npublic partial class Net\n{{\n}}\n";
        string source = Source(declaration, "Net", ".Dynamics.g.cs");

        Assert.Contains($"partial class Net : global::OdeKernels.IDivergenceSystem<{element}>", source, StringComparison.Ordinal);
    }

    [Fact]
    public void OptingIn_LeavesTheCudaDeviceCodeAlone()
    {
        string without = Divergent.Replace(", Divergence = true", string.Empty, StringComparison.Ordinal);

        Assert.Equal(Source(without, "Divergent", ".Dynamics.Cuda.g.cs"), Source(Divergent, "Divergent", ".Dynamics.Cuda.g.cs"));
        Assert.DoesNotContain("Divergence", Source(without, "Divergent", ".Dynamics.g.cs"), StringComparison.Ordinal);
        Assert.DoesNotContain("Second", Source(without, "Divergent", ".Dynamics.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void DivergenceFalse_IsTheDefault()
    {
        string without = Divergent.Replace(", Divergence = true", string.Empty, StringComparison.Ordinal);
        string off = Divergent.Replace("Divergence = true", "Divergence = false", StringComparison.Ordinal);

        Assert.Equal(Source(without, "Divergent", ".Dynamics.g.cs"), Source(off, "Divergent", ".Dynamics.g.cs"));
    }

    [Fact]
    public void ODEK112_StateTooWideForTheExactDivergence()
    {
        string Declare(int n) => $"using OdeKernels;\n\nnamespace Sample;\n\n[Dynamics(StateSize = {n}, Divergence = true)]\n[Dense({n})]\npublic partial class Net\n{{\n}}\n";

        GeneratorOnlyRun run = GeneratorOnlyRun.Of<DynamicsGenerator>(Declare(65));
        Diagnostic diagnostic = run.Single("ODEK112");
        Assert.Equal("Dynamics(StateSize = 65, Divergence = true)", run.TextAt(diagnostic.Location));
        Assert.Contains("'Net' sets Divergence = true with StateSize = 65, but the exact divergence carries one tangent per state component and is generated for at most 64", diagnostic.GetMessage());

        GeneratorOnlyRun widest = GeneratorOnlyRun.Of<DynamicsGenerator>(Declare(DynamicsSpec.MaxDivergenceStateSize));
        Assert.Empty(widest.GeneratorDiagnostics);
        Assert.True(widest.OutputProblems.IsEmpty, GeneratorHarness.Describe(widest.OutputProblems));
    }

    [Fact]
    public void ODEK113_TangentScratchBeyondOneArray()
    {
        // 90 million parameters and 3.5 million rows pass ODEK110; 65 times the rows do not fit 16 float lanes.
        string declaration = "using OdeKernels;\n\nnamespace Sample;\n\n[Dynamics(StateSize = 64, Divergence = true)]\n[Dense(700000, Activation.Tanh)]\n[Dense(64)]\npublic partial class Net\n{\n}\n";

        GeneratorOnlyRun run = GeneratorOnlyRun.Of<DynamicsGenerator>(declaration);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("ODEK113", diagnostic.Id);
        Assert.Contains("'Net' sets Divergence = true, but its scratch tile may need ", diagnostic.GetMessage());
        Assert.Contains("at most 134217724 fit in one array of 16 lanes of float", diagnostic.GetMessage());
        Assert.Empty(GeneratorOnlyRun.Of<DynamicsGenerator>(declaration.Replace(", Divergence = true", string.Empty, StringComparison.Ordinal)).GeneratorDiagnostics);
    }

    [Fact]
    public void WithoutTheOptIn_AWideStateIsFine()
    {
        string declaration = "using OdeKernels;\n\nnamespace Sample;\n\n[Dynamics(StateSize = 65)]\n[Dense(65)]\npublic partial class Net\n{\n}\n";

        Assert.Empty(GeneratorOnlyRun.Of<DynamicsGenerator>(declaration).GeneratorDiagnostics);
    }

    private static string Source(string declaration, string name, string suffix)
    {
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<DynamicsGenerator>(declaration);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.True(run.OutputProblems.IsEmpty, "The output compilation has problems:" + Environment.NewLine + GeneratorHarness.Describe(run.OutputProblems));
        return run.Result.GeneratedSources.Single(s => s.HintName == "Sample." + name + suffix).SourceText.ToString();
    }
}

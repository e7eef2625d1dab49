using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using OdeKernels.Generators.Dynamics;

namespace OdeKernels.Generators.Tests;

/// <summary>
/// Baselines of the C# and the CUDA C that <see cref="DynamicsGenerator"/> writes for <c>[Dynamics]</c> networks: the
/// spiral network of Chen et al.'s example (the declaration every example and benchmark starts from) and a network
/// with every activation, in float and in double, so that a change to any activation formula, in either printer,
/// shows up as a reviewed diff. Each output also compiles cleanly.
/// </summary>
public sealed class DynamicsSnapshotTests
{
    // One layer per activation: the pointwise layers reach every formula, the dense GELU layer the kept-input path.
    private const string EveryActivation = """
        using OdeKernels;

        namespace Sample;

        [Dynamics(StateSize = 2, TimeInput = true)]
        [Pointwise(Activation.Tanh)]
        [Pointwise(Activation.Relu)]
        [Pointwise(Activation.Softplus)]
        [Pointwise(Activation.Sigmoid)]
        [Pointwise(Activation.Silu)]
        [Pointwise(Activation.Sin)]
        [Pointwise(Activation.Cube)]
        [Dense(3, Activation.Gelu)]
        [Dense(2)]
        public partial class EveryActivation
        {
        }
        """;

    private static readonly string EveryActivation64 = EveryActivation
        .Replace("TimeInput = true", "TimeInput = true, Precision = typeof(double)", StringComparison.Ordinal)
        .Replace("class EveryActivation", "class EveryActivation64", StringComparison.Ordinal);

    // The opt-in fused multiply-adds: every product-sum of the dense layers fused, in C# and CUDA alike; the
    // activations (the pointwise cube, the tanh) unchanged.
    private static readonly string SpiralNetFma = DynamicsDiagnosticsTests.Spiral
        .Replace("StateSize = 2", "StateSize = 2, FusedMultiplyAdd = true", StringComparison.Ordinal)
        .Replace("class SpiralNet", "class SpiralNetFma", StringComparison.Ordinal);

    [Theory]
    [InlineData("SpiralNet")]
    [InlineData("EveryActivation")]
    [InlineData("EveryActivation64")]
    [InlineData("SpiralNetFma")]
    public void Dynamics_CSharp_MatchesTheBaseline(string name)
    {
        Snapshot.Match(Source(name, ".Dynamics.g.cs"), "Dynamics." + name);
    }

    [Theory]
    [InlineData("SpiralNet")]
    [InlineData("EveryActivation")]
    [InlineData("EveryActivation64")]
    [InlineData("SpiralNetFma")]
    public void Dynamics_Cuda_MatchesTheBaseline(string name)
    {
        Snapshot.Match(Source(name, ".Dynamics.Cuda.g.cs"), "Dynamics." + name + ".Cuda");
    }

    private static string Source(string name, string suffix)
    {
        string declaration = name switch
        {
            "SpiralNet" => DynamicsDiagnosticsTests.Spiral,
            "EveryActivation" => EveryActivation,
            "SpiralNetFma" => SpiralNetFma,
            _ => EveryActivation64,
        };
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<DynamicsGenerator>(declaration);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.True(run.OutputProblems.IsEmpty, "The output compilation has problems:" + Environment.NewLine + GeneratorHarness.Describe(run.OutputProblems));
        GeneratedSourceResult source = run.Result.GeneratedSources.Single(s => s.HintName == "Sample." + name + suffix);
        return source.SourceText.ToString();
    }
}

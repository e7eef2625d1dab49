using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using OdeKernels.Generators.Dynamics;

namespace OdeKernels.Generators.Tests;

/// <summary>
/// The C# of a network too wide for per-lane parameter gradients at every vector width (18 206 parameters × 4 float
/// lanes exceed 64 Ki values): the drivers hand dtheta to the backward kernels, which transpose each dense layer's
/// input (and t) and add the tile's lane sums straight into it; no per-lane buffer is declared. Compiles cleanly and
/// matches its baseline.
/// </summary>
public sealed class WideNetworkSnapshotTests
{
    private const string Wide = """
        using OdeKernels;

        namespace Sample;

        [Dynamics(StateSize = 3, TimeInput = true)]
        [Dense(130, Activation.Tanh)]
        [Dense(130, Activation.Softplus)]
        [Dense(3)]
        public partial class Wide
        {
        }
        """;

    [Fact]
    public void WideDynamics_SumsParameterGradientsPerTile()
    {
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<DynamicsGenerator>(Wide);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.True(run.OutputProblems.IsEmpty, "The output compilation has problems:" + Environment.NewLine + GeneratorHarness.Describe(run.OutputProblems));
        GeneratedSourceResult source = run.Result.GeneratedSources.Single(s => s.HintName == "Sample.Wide.Dynamics.g.cs");
        string text = source.SourceText.ToString();
        Assert.DoesNotContain("ParameterLanes", text, StringComparison.Ordinal);
        Snapshot.Match(text, "Dynamics.Wide");
    }
}

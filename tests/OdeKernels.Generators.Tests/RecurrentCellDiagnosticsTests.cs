using System;
using Microsoft.CodeAnalysis;
using OdeKernels.Generators.Networks;

namespace OdeKernels.Generators.Tests;

/// <summary>
/// <c>[Gru]</c> and <c>[Rnn]</c> cells on a <c>[Network]</c>: a valid cell generates code that compiles cleanly and
/// matches its baseline; each faulty one gets exactly its diagnostic (ODEK213–ODEK216), on the attribute at fault, with
/// the shapes in the message, and a stub that compiles.
/// </summary>
public sealed class RecurrentCellDiagnosticsTests
{
    private const string Cells = """
        using OdeKernels;

        namespace Sample;

        [Network(Inputs = 3)]
        [Gru(4)]
        public partial class Encoder
        {
        }

        [Network(Inputs = 2, Precision = typeof(double))]
        [Rnn(3, Activation.Relu, Bias = false)]
        public partial class Plain
        {
        }
        """;

    [Fact]
    public void ValidCells_GenerateCleanCodeMatchingTheBaseline()
    {
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<NetworkGenerator>(Cells);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.True(run.OutputProblems.IsEmpty, "The output compilation has problems:" + Environment.NewLine + GeneratorHarness.Describe(run.OutputProblems));
        Assert.Equal(2, run.Result.GeneratedSources.Length);
        foreach (GeneratedSourceResult source in run.Result.GeneratedSources)
        {
            string name = source.HintName.Contains("Encoder", StringComparison.Ordinal) ? "Network.GruCell" : "Network.RnnCell";
            Snapshot.Match(source.SourceText.ToString(), name);
        }
    }

    [Fact]
    public void ODEK213_HiddenSizeNotPositive()
    {
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<NetworkGenerator>(Declare("[Gru(0)]"));
        Diagnostic diagnostic = run.Single("ODEK213");
        Assert.Equal("Gru(0)", run.TextAt(diagnostic.Location));
        Assert.Contains("[Gru(0)] of 'Net' has no hidden state: weight_ih would be [3·0, 2] and weight_hh [3·0, 0]", diagnostic.GetMessage());
    }

    [Fact]
    public void ODEK214_CellWithOtherLayers()
    {
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<NetworkGenerator>(Declare("[Rnn(4)]\n[Dense(2)]"));
        Diagnostic diagnostic = run.Single("ODEK214");
        Assert.Equal("Rnn(4)", run.TextAt(diagnostic.Location));
        Assert.Contains("'Net' declares [Rnn] and 1 other layer attribute(s); a cell network maps [x ; h] (2 + 4 values) to h' (4 values)", diagnostic.GetMessage());
    }

    [Fact]
    public void ODEK215_TwoCells()
    {
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<NetworkGenerator>(Declare("[Gru(4)]\n[Gru(4)]"));
        Diagnostic diagnostic = run.Single("ODEK215");
        Assert.Contains("'Net' declares 2 recurrent cells", diagnostic.GetMessage());
    }

    [Fact]
    public void ODEK207_UnknownCellActivation() =>
        Assert.Contains("activation 42", GeneratorOnlyRun.Of<NetworkGenerator>(Declare("[Rnn(4, (Activation)42)]")).Single("ODEK207").GetMessage());

    [Fact]
    public void ODEK216_CellOnDynamicsIsNotIgnored()
    {
        // A cell on a [Dynamics] class would be dropped without a word, and nothing (no kernel, no CUDA code) runs it.
        const string source = """
            using OdeKernels;

            namespace Sample;

            [Dynamics(StateSize = 2)]
            [Gru(4)]
            [Dense(2)]
            public partial class Field
            {
            }
            """;
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<OdeKernels.Generators.Dynamics.DynamicsGenerator>(source);
        Diagnostic diagnostic = run.Single("ODEK216");
        Assert.Equal("Gru(4)", run.TextAt(diagnostic.Location));
        Assert.Contains("[Gru] on 'Field' would be ignored", diagnostic.GetMessage());
    }

    private static string Declare(string layers) => $$"""
        using OdeKernels;

        namespace Sample;

        [Network(Inputs = 2)]
        {{layers}}
        public partial class Net
        {
        }
        """;
}

using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using OdeKernels.Generators.Dynamics;
using OdeKernels.Generators.Networks;
using OdeKernels.Generators.SmallSystems;
using OdeKernels.Generators.Tableaux;

namespace OdeKernels.Generators.Tests;

/// <summary>
/// One run of all four generators over in-memory sources, as a build runs them: for declarations that more than one
/// generator reads, and for checks of what the generated code and the use sites compile to.
/// </summary>
/// <param name="Input">The compilation the generators ran over.</param>
/// <param name="Output">The input plus the generated sources.</param>
/// <param name="Sources">Every generated source, ordered by hint name.</param>
/// <param name="GeneratorDiagnostics">The diagnostics the generators reported.</param>
/// <param name="Problems">The output compilation's errors and warnings.</param>
internal sealed record AllGeneratorsRun(
    Compilation Input,
    Compilation Output,
    ImmutableArray<GeneratedSourceResult> Sources,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    ImmutableArray<Diagnostic> Problems)
{
    /// <summary>Compiles <paramref name="sources"/> and runs the four generators; fails if one throws.</summary>
    public static AllGeneratorsRun Of(params string[] sources)
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(sources);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
                new[] { new ButcherTableauGenerator().AsSourceGenerator(), new DynamicsGenerator().AsSourceGenerator(), new NetworkGenerator().AsSourceGenerator(), new SmallSystemGenerator().AsSourceGenerator() },
                parseOptions: GeneratorHarness.ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        GeneratorDriverRunResult result = driver.GetRunResult();
        foreach (GeneratorRunResult run in result.Results)
        {
            Assert.True(run.Exception is null, $"{run.Generator.GetGeneratorType().Name} threw: {run.Exception}");
        }

        ImmutableArray<GeneratedSourceResult> generated = result.Results.SelectMany(r => r.GeneratedSources).OrderBy(s => s.HintName, StringComparer.Ordinal).ToImmutableArray();
        ImmutableArray<Diagnostic> problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();
        return new AllGeneratorsRun(compilation, output, generated, diagnostics, problems);
    }

    /// <summary>The hint names of the generated sources.</summary>
    public string[] HintNames => Sources.Select(s => s.HintName).ToArray();

    /// <summary>The generator diagnostics with <paramref name="id"/>.</summary>
    public Diagnostic[] WithId(string id) => GeneratorDiagnostics.Where(d => d.Id == id).ToArray();

    /// <summary>Asserts that <paramref name="id"/> is the only generator diagnostic and an error; returns it.</summary>
    public Diagnostic Single(string id)
    {
        Assert.True(
            GeneratorDiagnostics.Length == 1 && GeneratorDiagnostics[0].Id == id,
            $"Expected exactly one {id}, got:{Environment.NewLine}{GeneratorHarness.Describe(GeneratorDiagnostics)}");
        Assert.Equal(DiagnosticSeverity.Error, GeneratorDiagnostics[0].Severity);
        return GeneratorDiagnostics[0];
    }

    /// <summary>Fails unless the generators reported nothing and the output compiles without errors or warnings.</summary>
    public void AssertClean()
    {
        Assert.True(GeneratorDiagnostics.IsEmpty, "Generator diagnostics:" + Environment.NewLine + GeneratorHarness.Describe(GeneratorDiagnostics));
        AssertCompiles();
    }

    /// <summary>Fails unless the output compilation has no errors or warnings.</summary>
    public void AssertCompiles() =>
        Assert.True(Problems.IsEmpty, "The output compilation has problems:" + Environment.NewLine + GeneratorHarness.Describe(Problems));

    /// <summary>The source text a generator diagnostic points at.</summary>
    public string TextAt(Location location)
    {
        string path = location.GetLineSpan().Path;
        SyntaxTree tree = Input.SyntaxTrees.Single(t => t.FilePath == path);
        return tree.GetText().ToString(location.SourceSpan);
    }
}

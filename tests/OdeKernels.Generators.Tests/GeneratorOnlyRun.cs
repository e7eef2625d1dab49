using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace OdeKernels.Generators.Tests;

/// <summary>
/// One run of a single generator over in-memory sources, for the network generators' diagnostics tests (the shared
/// <see cref="GeneratorHarness"/> drives the tableau generator).
/// </summary>
internal sealed record GeneratorOnlyRun(Compilation Input, GeneratorRunResult Result, ImmutableArray<Diagnostic> GeneratorDiagnostics, ImmutableArray<Diagnostic> OutputProblems)
{
    public static GeneratorDriver CreateDriver<TGenerator>()
        where TGenerator : IIncrementalGenerator, new() =>
        CSharpGeneratorDriver.Create(
                new[] { new TGenerator().AsSourceGenerator() },
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true))
            .WithUpdatedParseOptions(GeneratorHarness.ParseOptions);

    public static GeneratorOnlyRun Of<TGenerator>(params string[] sources)
        where TGenerator : IIncrementalGenerator, new()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(sources);
        GeneratorDriver driver = CreateDriver<TGenerator>().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        ImmutableArray<Diagnostic> problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();
        return new GeneratorOnlyRun(compilation, result, diagnostics, problems);
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

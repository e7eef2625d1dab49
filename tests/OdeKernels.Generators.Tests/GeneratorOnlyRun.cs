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

    /// <summary>
    /// Asserts that <paramref name="id"/> is the only generator diagnostic, an error, and that the output compiles
    /// cleanly: for an error about the declaration's content (<see cref="IsAboutContent"/>) with the generated stub of
    /// the type's surface as the only source, for one about its shape with nothing generated.
    /// </summary>
    public Diagnostic Single(string id)
    {
        Diagnostic diagnostic = Assert.Single(GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        if (IsAboutContent(id))
        {
            GeneratedSourceResult stub = Assert.Single(Result.GeneratedSources);
            Assert.Contains($"declaration has errors ({id})", stub.SourceText.ToString());
        }
        else
        {
            Assert.Empty(Result.GeneratedSources);
        }

        Assert.True(OutputProblems.IsEmpty, "The output compilation has problems:" + System.Environment.NewLine + GeneratorHarness.Describe(OutputProblems));
        return diagnostic;
    }

    /// <summary>
    /// Whether an error is about a declaration's content (coefficients, widths, layers: the type still gets its
    /// surface) rather than its shape (ODEKx01, ODEKx02 and ODEK3NN: nothing is generated).
    /// </summary>
    public static bool IsAboutContent(string id) =>
        !id.StartsWith("ODEK3", System.StringComparison.Ordinal) && !id.EndsWith("01", System.StringComparison.Ordinal) && !id.EndsWith("02", System.StringComparison.Ordinal);

    public string TextAt(Location location)
    {
        string path = location.GetLineSpan().Path;
        SyntaxTree tree = Input.SyntaxTrees.Single(t => t.FilePath == path);
        return tree.GetText().ToString(location.SourceSpan);
    }
}

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using OdeKernels.Generators.Tableaux;

namespace OdeKernels.Generators.Tests;

/// <summary>
/// Compiles test sources in memory against the running framework and the OdeKernels runtime, and runs
/// <see cref="ButcherTableauGenerator"/> over them the way the compiler does in a build, with step tracking on so
/// that tests can ask why each pipeline step ran.
/// </summary>
internal static class GeneratorHarness
{
    /// <summary>The newest language the compiler package knows (C# 14 is still "preview" to Roslyn 4.14).</summary>
    public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview);

    private static readonly CSharpCompilationOptions s_compilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        warningLevel: 9999,
        deterministic: true);

    // Reading ~200 framework assemblies' metadata is the slow part of a run; every test shares one set.
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(LoadReferences);

    /// <summary>Parses one test source; the path names it in diagnostics and lets <see cref="GeneratorRun.TextAt"/> find it.</summary>
    public static SyntaxTree Parse(string source, string path) => CSharpSyntaxTree.ParseText(source, ParseOptions, path);

    /// <summary>A compilation of <paramref name="sources"/> (named <c>Source0.cs</c>, <c>Source1.cs</c>, ...).</summary>
    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CSharpCompilation.Create(
            "OdeKernels.Generators.Tests.Sample",
            sources.Select((source, i) => Parse(source, $"Source{i}.cs")),
            s_references.Value,
            s_compilationOptions);

    /// <summary>A driver for the tableau generator that records every step's inputs, outputs and run reasons.</summary>
    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
                new[] { new ButcherTableauGenerator().AsSourceGenerator() },
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true))
            .WithUpdatedParseOptions(ParseOptions);

    /// <summary>Compiles <paramref name="sources"/> and runs a fresh driver over them.</summary>
    public static GeneratorRun Run(params string[] sources) => Run(CreateDriver(), CreateCompilation(sources));

    /// <summary>
    /// Runs <paramref name="driver"/> over <paramref name="compilation"/>; pass the previous run's
    /// <see cref="GeneratorRun.Driver"/> to see what an edit leaves cached.
    /// </summary>
    public static GeneratorRun Run(GeneratorDriver driver, Compilation compilation)
    {
        GeneratorDriver next = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        GeneratorDriverRunResult runResult = next.GetRunResult();
        GeneratorRunResult result = runResult.Results.Single();
        if (result.Exception is { } exception)
        {
            throw new InvalidOperationException($"The generator threw: {exception}", exception);
        }

        ImmutableArray<GeneratedSourceResult> sources = result.GeneratedSources
            .OrderBy(s => s.HintName, StringComparer.Ordinal)
            .ToImmutableArray();
        return new GeneratorRun(next, compilation, output, runResult, sources, generatorDiagnostics, output.GetDiagnostics());
    }

    /// <summary>Formats diagnostics one a line, for assertion messages.</summary>
    public static string Describe(IEnumerable<Diagnostic> diagnostics)
    {
        string text = string.Join(Environment.NewLine, diagnostics.Select(d => "  " + d));
        return text.Length == 0 ? "  (none)" : text;
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        string trusted = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string
            ?? throw new InvalidOperationException("TRUSTED_PLATFORM_ASSEMBLIES is not set; the harness needs the running framework's assemblies.");
        IEnumerable<string> paths = trusted.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(typeof(ButcherTableauAttribute).Assembly.Location);

        // The runtime assembly is usually among the trusted ones too; one reference per file keeps the compiler quiet.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var references = ImmutableArray.CreateBuilder<MetadataReference>();
        foreach (string path in paths)
        {
            string full = Path.GetFullPath(path);
            if (File.Exists(full) && seen.Add(full))
            {
                references.Add(MetadataReference.CreateFromFile(full));
            }
        }

        return references.ToImmutable();
    }
}

/// <summary>What one generator run produced.</summary>
/// <param name="Driver">The driver after the run, holding its cache for a next run.</param>
/// <param name="InputCompilation">The compilation the generator ran over.</param>
/// <param name="OutputCompilation">The input plus the generated sources.</param>
/// <param name="RunResult">The driver's full result, with the tracked steps.</param>
/// <param name="Sources">The generated sources, ordered by hint name.</param>
/// <param name="GeneratorDiagnostics">The diagnostics the generator reported.</param>
/// <param name="CompilationDiagnostics">Every diagnostic of <paramref name="OutputCompilation"/> (the generated code's included).</param>
internal sealed record GeneratorRun(
    GeneratorDriver Driver,
    Compilation InputCompilation,
    Compilation OutputCompilation,
    GeneratorDriverRunResult RunResult,
    ImmutableArray<GeneratedSourceResult> Sources,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    ImmutableArray<Diagnostic> CompilationDiagnostics)
{
    /// <summary>The one generated source's text; fails when there is not exactly one.</summary>
    public string SingleSource
    {
        get
        {
            Assert.True(Sources.Length == 1, $"Expected one generated source, got {Sources.Length}: {string.Join(", ", Sources.Select(s => s.HintName))}.");
            return Sources[0].SourceText.ToString();
        }
    }

    /// <summary>The output compilation's errors and warnings.</summary>
    public ImmutableArray<Diagnostic> CompilationProblems =>
        CompilationDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();

    /// <summary>
    /// The source text a diagnostic points at. Generator diagnostics travel as data and come back as file locations
    /// (path and span, no tree), so the text is looked up in the input tree of the same path.
    /// </summary>
    public string TextAt(Location location)
    {
        string path = location.GetLineSpan().Path;
        SyntaxTree tree = InputCompilation.SyntaxTrees.SingleOrDefault(t => t.FilePath == path)
            ?? throw new InvalidOperationException($"No input tree has the path '{path}' of location {location}.");
        SourceText text = tree.GetText();
        Assert.True(location.SourceSpan.End <= text.Length, $"Location {location} lies outside '{path}' ({text.Length} characters).");
        return text.ToString(location.SourceSpan);
    }

    /// <summary>Fails unless the generator reported nothing and the output compiles without errors or warnings.</summary>
    public void AssertClean()
    {
        Assert.True(GeneratorDiagnostics.IsEmpty, "Generator diagnostics:" + Environment.NewLine + GeneratorHarness.Describe(GeneratorDiagnostics));
        AssertCompiles();
    }

    /// <summary>Fails unless the output compilation (the generated code included) has no errors or warnings.</summary>
    public void AssertCompiles() =>
        Assert.True(CompilationProblems.IsEmpty, "The output compilation has problems:" + Environment.NewLine + GeneratorHarness.Describe(CompilationProblems));
}

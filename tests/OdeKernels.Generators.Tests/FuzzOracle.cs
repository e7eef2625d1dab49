using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using OdeKernels.Generators.Dynamics;
using OdeKernels.Generators.Networks;
using OdeKernels.Generators.Tableaux;

namespace OdeKernels.Generators.Tests;

/// <summary>
/// Judges one <see cref="FuzzUnit"/> by the rule of the generators: no generator throws, the generated code compiles
/// without errors or warnings, and each declared type either gets an ODEK error on its own declaration or compiles,
/// use site included, without errors or warnings. When its ODEK errors are about its content (a width, a coefficient)
/// rather than its shape (the kind of type, a name), its use site must compile too: the generated surface keeps the
/// ODEK error alone.
/// </summary>
internal static class FuzzOracle
{
    private const string UnitPath = "Unit.cs";

    /// <summary>
    /// Warnings a declaration earns by itself, whatever the generators do: a type name of lower-case ASCII letters
    /// (CS8981) in the user's own declaration.
    /// </summary>
    private static readonly HashSet<string> UsersOwnWarnings = new(StringComparer.Ordinal) { "CS8981" };

    // Binding the ~200 framework references is the slow part of a compilation; every unit is added to this one, which
    // shares its bound references with the compilations derived from it.
    private static readonly Lazy<CSharpCompilation> s_empty = new(() =>
    {
        CSharpCompilation empty = GeneratorHarness.CreateCompilation();
        return empty.WithOptions(empty.Options.WithAllowUnsafe(true));
    });

    /// <summary>Why the unit breaks the rule (null when it keeps it), and whether a generator reported an ODEK error in it.</summary>
    public static (string? Problem, bool Diagnosed) Judge(FuzzUnit unit)
    {
        SyntaxTree tree = GeneratorHarness.Parse(unit.Source, UnitPath);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
                new[] { new ButcherTableauGenerator().AsSourceGenerator(), new DynamicsGenerator().AsSourceGenerator(), new NetworkGenerator().AsSourceGenerator() },
                parseOptions: GeneratorHarness.ParseOptions)
            .RunGeneratorsAndUpdateCompilation(s_empty.Value.AddSyntaxTrees(tree), out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);

        var problems = new List<string>();
        foreach (GeneratorRunResult result in driver.GetRunResult().Results)
        {
            if (result.Exception is { } exception)
            {
                problems.Add($"{result.Generator.GetGeneratorType().Name} threw {exception.GetType().Name}: {exception.Message}");
            }
        }

        bool IsOdek(Diagnostic d) => d.Id.StartsWith("ODEK", StringComparison.Ordinal);
        problems.AddRange(generatorDiagnostics.Where(d => !IsOdek(d)).Select(d => "generator reported " + d));
        problems.AddRange(generatorDiagnostics.Where(d => IsOdek(d) && d.Location.GetLineSpan().Path != UnitPath).Select(d => "ODEK diagnostic outside the unit: " + d));
        Diagnostic[] odek = generatorDiagnostics.Where(d => IsOdek(d) && d.Severity == DiagnosticSeverity.Error && d.Location.GetLineSpan().Path == UnitPath).ToArray();

        ImmutableArray<Diagnostic> compiled = output.GetDiagnostics();
        problems.AddRange(compiled.Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree is { } t && t != tree).Select(d => "generated code: " + d));
        Diagnostic[] inUnit = compiled
            .Where(d => d.Location.SourceTree == tree || !d.Location.IsInSource)
            .Where(d => d.Severity == DiagnosticSeverity.Error || (d.Severity == DiagnosticSeverity.Warning && !UsersOwnWarnings.Contains(d.Id)))
            .ToArray();

        // An ODEK error outside every declaration (on a support type, say) excuses the whole unit.
        bool diagnosedElsewhere = odek.Any(d => !unit.Parts.Any(p => p.Declaration.IntersectsWith(d.Location.SourceSpan)));
        var claimed = new List<TextSpan>();
        foreach ((TextSpan declaration, TextSpan use) in unit.Parts)
        {
            Diagnostic[] own = odek.Where(d => declaration.IntersectsWith(d.Location.SourceSpan)).ToArray();
            claimed.Add(declaration);
            claimed.Add(use);
            if (own.Length == 0 && !diagnosedElsewhere)
            {
                problems.AddRange(inUnit.Where(d => declaration.IntersectsWith(d.Location.SourceSpan) || use.IntersectsWith(d.Location.SourceSpan)).Select(d => "no ODEK error, but: " + d));
            }
            else if (own.Length > 0 && own.All(d => GeneratorOnlyRun.IsAboutContent(d.Id)))
            {
                problems.AddRange(inUnit.Where(d => d.Severity == DiagnosticSeverity.Error && use.IntersectsWith(d.Location.SourceSpan))
                    .Select(d => $"only content errors ({string.Join(", ", own.Select(o => o.Id).Distinct())}), but the use site fails: {d}"));
            }
        }

        if (odek.Length == 0)
        {
            problems.AddRange(inUnit.Where(d => !d.Location.IsInSource || !claimed.Any(s => s.IntersectsWith(d.Location.SourceSpan))).Select(d => "no ODEK error, but: " + d));
        }

        return (problems.Count == 0 ? null : string.Join(Environment.NewLine, problems.Distinct().Take(8)), odek.Length > 0);
    }
}

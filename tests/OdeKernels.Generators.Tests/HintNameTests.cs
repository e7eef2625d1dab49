using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Tests;

/// <summary>
/// Hint names are unique and stable, so that no declaration can make a generator throw (CS8785) and drop all its
/// output: names that differ only in case, keyword namespaces, the attribute on two partial parts.
/// </summary>
public sealed class HintNameTests
{
    private const string Tableau = "[ButcherTableau(C = new[] { 0.0, 1.0 }, A = new[] { 1.0 }, B = new[] { 0.5, 0.5 }, Order = 2)]";

    [Theory]
    [InlineData("tableau")]
    [InlineData("dynamics")]
    [InlineData("network")]
    public void NamesDifferingOnlyInCase_BothGenerate(string kind)
    {
        AllGeneratorsRun run = AllGeneratorsRun.Of(Declare(kind, "Heun2") + Declare(kind, "heun2").Replace("using OdeKernels;", string.Empty).Replace("namespace Sample;", string.Empty));

        run.AssertClean();
        string[] hints = run.HintNames;
        Assert.Equal(hints.Length, hints.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Contains(hints, h => h.StartsWith("Sample.Heun2.", StringComparison.Ordinal));
        Assert.Contains(hints, h => h.StartsWith("Sample.heun2.", StringComparison.Ordinal));
    }

    [Fact]
    public void CaseCollisionSuffix_IsTheSameOnEveryRun()
    {
        string source = Declare("network", "Heun2") + Declare("network", "heun2").Replace("using OdeKernels;", string.Empty).Replace("namespace Sample;", string.Empty);
        Assert.Equal(AllGeneratorsRun.Of(source).HintNames, AllGeneratorsRun.Of(source).HintNames);

        // FNV-1a of the primary hint name: fixed by the name alone, not by the process or the platform.
        var collisions = GeneratedFile.CaseCollisions(ImmutableArray.Create("A.Net.Network.g.cs", "A.net.Network.g.cs", "A.Other.Network.g.cs"));
        Assert.Equal(new[] { "A.Net.Network.g.cs", "A.net.Network.g.cs" }, collisions.ToArray());
        Assert.Equal("A.Other.Network.g.cs", GeneratedFile.Unique("A.Other.Network.g.cs", "A.Other.Network.g.cs", collisions));
        Assert.Matches(@"^A\.Net\.Network\.[0-9a-f]{8}\.g\.cs$", GeneratedFile.Unique("A.Net.Network.g.cs", "A.Net.Network.g.cs", collisions));
        Assert.NotEqual(
            GeneratedFile.Unique("A.Net.Network.g.cs", "A.Net.Network.g.cs", collisions),
            GeneratedFile.Unique("A.net.Network.g.cs", "A.net.Network.g.cs", collisions));
    }

    [Theory]
    [InlineData("tableau")]
    [InlineData("dynamics")]
    [InlineData("network")]
    public void KeywordNamespace_GeneratesWithoutTheAtSign(string kind)
    {
        AllGeneratorsRun run = AllGeneratorsRun.Of(Declare(kind, "Net").Replace("namespace Sample;", "namespace Sample.@event;"));

        run.AssertClean();
        Assert.All(run.Sources, s => Assert.StartsWith("Sample.event.Net.", s.HintName, StringComparison.Ordinal));
        Assert.All(run.Sources, s => Assert.Contains("namespace Sample.@event;", s.SourceText.ToString(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("tableau", "ButcherTableau")]
    [InlineData("dynamics", "Dynamics")]
    [InlineData("network", "Network")]
    public void AttributeOnTwoPartialParts_IsReportedOnTheSecondAndTheFirstGenerates(string kind, string attribute)
    {
        string first = Declare(kind, "Net");
        string second = first.Split('\n').First(l => l.StartsWith("[" + attribute, StringComparison.Ordinal)) + "\n" + Keyword(kind) + " Net { }\n";
        AllGeneratorsRun run = AllGeneratorsRun.Of(first, "using OdeKernels;\nnamespace Sample;\n" + second);

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("ODEK307", diagnostic.Id);
        Assert.Equal("Source1.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.StartsWith(attribute + "(", run.TextAt(diagnostic.Location), StringComparison.Ordinal);
        Assert.Contains("the one in Source0.cs at line 4 is used", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.NotEmpty(run.Sources);
        Assert.Equal(run.HintNames.Length, run.HintNames.Distinct(StringComparer.OrdinalIgnoreCase).Count());

        // The compiler's own duplicate-attribute error is the only problem: the generated code compiles.
        Assert.All(run.Problems, p => Assert.Equal("CS0579", p.Id));
    }

    /// <summary>A valid declaration of <paramref name="name"/> in namespace Sample: a tableau, a [Dynamics] or a [Network] class.</summary>
    internal static string Declare(string kind, string name) => kind switch
    {
        "tableau" => $"using OdeKernels;\nnamespace Sample;\n\n{Tableau}\npublic partial struct {name} {{ }}\n",
        "dynamics" => $"using OdeKernels;\nnamespace Sample;\n\n[Dynamics(StateSize = 2)]\n[Dense(4, Activation.Tanh)]\n[Dense(2)]\npublic partial class {name} {{ }}\n",
        _ => $"using OdeKernels;\nnamespace Sample;\n\n[Network(Inputs = 3)]\n[Dense(4, Activation.Relu)]\n[Dense(2)]\npublic partial class {name} {{ }}\n",
    };

    private static string Keyword(string kind) => kind == "tableau" ? "public partial struct" : "public partial class";
}

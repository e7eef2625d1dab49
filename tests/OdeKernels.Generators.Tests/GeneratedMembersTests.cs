using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OdeKernels.Generators.Common;
using OdeKernels.Generators.Dynamics;
using OdeKernels.Generators.Networks;
using OdeKernels.Generators.Tableaux;

namespace OdeKernels.Generators.Tests;

/// <summary>
/// Keeps each generator's <see cref="DeclarationRules"/> in step with its emitters: every member that generated code
/// declares (stubs included) is one a user's member of the same name and signature would be reported for, every
/// contextual keyword it uses is checked for in scope, and it names nothing from the global namespace but the roots
/// checked there. A new generated member or keyword fails here until the rules know it.
/// </summary>
public sealed class GeneratedMembersTests
{
    private const string Tableaux = """
        using OdeKernels;
        namespace Sample;
        [ButcherTableau(C = new[] { 0.0, 1.0 / 2, 3.0 / 4, 1.0 }, A = new[] { 1.0 / 2, 0.0, 3.0 / 4, 2.0 / 9, 1.0 / 3, 4.0 / 9 },
            B = new[] { 2.0 / 9, 1.0 / 3, 4.0 / 9, 0.0 }, BHat = new[] { 7.0 / 24, 1.0 / 4, 1.0 / 3, 1.0 / 8 }, Order = 3, EmbeddedOrder = 2)]
        public partial struct Fsal { }
        [ButcherTableau(C = new[] { 0.0, 1.0 }, A = new[] { 1.0 }, B = new[] { 0.5, 0.5 }, BHat = new[] { 1.0, 0.0 }, Order = 2, EmbeddedOrder = 1)]
        public partial struct Embedded { }
        [ButcherTableau(C = new[] { 0.0, 1.0 }, A = new[] { 1.0 }, B = new[] { 0.5, 0.5 }, Order = 2)]
        public partial struct Plain { }
        [ButcherTableau(C = new[] { 0.0, 1.0 }, A = new[] { 1.0 }, B = new[] { 0.5, 0.5 }, Order = 3)]
        public partial struct Stub { }
        """;

    private static readonly string Dynamics = """
        using OdeKernels;
        namespace Sample;
        [Dynamics(StateSize = 2, TimeInput = true)]
        [Pointwise(Activation.Tanh)] [Pointwise(Activation.Relu)] [Pointwise(Activation.Softplus)] [Pointwise(Activation.Sigmoid)]
        [Pointwise(Activation.Silu)] [Pointwise(Activation.Gelu)] [Pointwise(Activation.Sin)] [Pointwise(Activation.Cube)]
        [Dense(3, Activation.Tanh, Bias = false)]
        [Dense(2)]
        public partial class Single32 { }
        [Dynamics(StateSize = 2, Precision = typeof(double))]
        [Dense(3, Activation.Softplus)]
        [Dense(2, Activation.Gelu)]
        public partial class Double64 { }
        [Dynamics(StateSize = 2)]
        [Dense(3)]
        public partial class Stub { }
        [Dynamics(StateSize = 2)]
        [Dense(128, Activation.Tanh)]
        [Dense(128, Activation.Tanh)]
        [Dense(2)]
        public partial class Wide { }
        [Dynamics(StateSize = 2, TimeInput = true, Divergence = true)]
        [Pointwise(Activation.Tanh)] [Pointwise(Activation.Relu)] [Pointwise(Activation.Softplus)] [Pointwise(Activation.Sigmoid)]
        [Pointwise(Activation.Silu)] [Pointwise(Activation.Gelu)] [Pointwise(Activation.Sin)] [Pointwise(Activation.Cube)]
        [Dense(3, Activation.Tanh, Bias = false)]
        [Dense(2)]
        public partial class Divergent32 { }
        [Dynamics(StateSize = 2, Precision = typeof(double), Divergence = true)]
        [Dense(128, Activation.Tanh)]
        [Dense(128, Activation.Tanh)]
        [Dense(2)]
        public partial class DivergentWide64 { }
        [Dynamics(Channels = 2, Height = 3, Width = 3, TimeInput = true)]
        [GroupNorm(2)]
        [Conv2d(2, 3, padding: 1, activation: Activation.Tanh)]
        public partial class Convolution32 { }

        """ + KernelPartsTests.DeepFieldDeclaration;

    private static readonly string Networks = """
        using OdeKernels;
        namespace Sample;
        [Network(Inputs = 2)]
        [Pointwise(Activation.Tanh)] [Pointwise(Activation.Relu)] [Pointwise(Activation.Softplus)] [Pointwise(Activation.Sigmoid)]
        [Pointwise(Activation.Silu)] [Pointwise(Activation.Gelu)] [Pointwise(Activation.Sin)] [Pointwise(Activation.Cube)]
        [Residual(Layers = 2)]
        [Dense(2, Activation.Tanh, Bias = false)]
        [Dense(2)]
        public partial class Single32 { }
        [Network(Inputs = 2, Precision = typeof(double))]
        [Dense(3, Activation.Softplus)]
        [Residual]
        [Dense(3, Activation.Gelu)]
        public partial class Double64 { }
        [Network(Inputs = 2)]
        [Dense(0)]
        public partial class Stub { }
        [Network(Inputs = 2)]
        [Dense(128, Activation.Tanh)]
        [Residual]
        [Dense(128, Activation.Tanh)]
        [Dense(2)]
        public partial class Wide { }
        [Network(Inputs = 2)]
        [Gru(3)]
        public partial class Cell { }
        [Network(Inputs = 2)]
        [Rnn(2, Activation.Tanh)]
        public partial class PlainCell { }
        [Network(Channels = 1, Height = 4, Width = 4, Precision = typeof(double))]
        [Conv2d(2, 3, stride: 2, padding: 1, activation: Activation.Sigmoid)]
        [Residual]
        [GroupNorm(1)]
        [AvgPool2d(2, stride: 1)]
        [GlobalAvgPool2d]
        [Dense(2)]
        public partial class Convolution64 { }

        """ + KernelPartsTests.DeepNetworkDeclaration;

    public static TheoryData<string, string> Generators => new()
    {
        { "tableau", Tableaux },
        { "dynamics", Dynamics },
        { "network", Networks },
    };

    [Theory]
    [MemberData(nameof(Generators))]
    public void EveryGeneratedMember_IsInTheRules(string kind, string source)
    {
        (AllGeneratorsRun run, DeclarationRules rules) = Run(kind, source);
        var missing = new List<string>();
        foreach (INamedTypeSymbol type in GeneratedTypes(run))
        {
            string element = type.Name.EndsWith("64", StringComparison.Ordinal) ? "double" : "float";
            foreach (ISymbol member in type.GetMembers().Where(m => !m.IsImplicitlyDeclared && m.Locations.Any(l => IsGenerated(run, l))))
            {
                if (member is IMethodSymbol { MethodKind: MethodKind.PropertyGet or MethodKind.PropertySet })
                {
                    continue;
                }

                if (rules.Members.Clash(member, element) is null)
                {
                    missing.Add($"{type.Name}.{member.Name} ({member.Kind}: {member.ToDisplayString()})");
                }
            }
        }

        Assert.True(missing.Count == 0, $"The {kind} generator emits members its rules do not know (add them to its *.Members.cs):{Environment.NewLine}{string.Join(Environment.NewLine, missing.Distinct())}");
    }

    [Theory]
    [MemberData(nameof(Generators))]
    public void EveryContextualKeywordAndGlobalRoot_IsInTheRules(string kind, string source)
    {
        (AllGeneratorsRun run, DeclarationRules rules) = Run(kind, source);
        SyntaxNode[] nodes = run.Sources.SelectMany(s => CSharpSyntaxTree.ParseText(s.SourceText, GeneratorHarness.ParseOptions).GetRoot().DescendantNodes()).ToArray();

        // Contextual keywords used as keywords: not the names the generated code declares itself (a local named
        // 'from' is found before any type of that name) and not the 'global' of 'global::'.
        var declared = new HashSet<string>(
            nodes.OfType<VariableDeclaratorSyntax>().Select(v => v.Identifier.ValueText)
                .Concat(nodes.OfType<ParameterSyntax>().Select(p => p.Identifier.ValueText))
                .Concat(nodes.OfType<TypeParameterSyntax>().Select(p => p.Identifier.ValueText)),
            StringComparer.Ordinal);
        string[] keywords = nodes.OfType<IdentifierNameSyntax>()
            .Where(n => n.Parent is not AliasQualifiedNameSyntax alias || alias.Alias != n)
            .Select(n => n.Identifier.ValueText)
            .Where(text => SyntaxFacts.GetContextualKeywordKind(text) != SyntaxKind.None && !declared.Contains(text))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        Assert.NotEmpty(keywords);
        Assert.All(keywords, k => Assert.Contains(k, rules.Keywords));

        string[] roots = nodes.OfType<AliasQualifiedNameSyntax>().Select(n => n.Name.Identifier.ValueText).Distinct(StringComparer.Ordinal).ToArray();
        Assert.All(roots, r => Assert.Contains(r, DeclarationRules.GlobalRoots));
    }

    private static (AllGeneratorsRun Run, DeclarationRules Rules) Run(string kind, string source)
    {
        AllGeneratorsRun run = AllGeneratorsRun.Of(source);
        Assert.All(run.GeneratorDiagnostics, d => Assert.Equal("Source0.cs", d.Location.GetLineSpan().Path));
        Assert.Contains(run.Sources, s => s.SourceText.ToString().Contains("every member throws", StringComparison.Ordinal));
        Assert.True(run.Sources.Length >= 3, "Expected the real types and a stub.");
        run.AssertCompiles();
        DeclarationRules rules = kind switch
        {
            "tableau" => ButcherTableauGenerator.Rules,
            "dynamics" => DynamicsGenerator.Rules,
            _ => NetworkGenerator.Rules,
        };
        return (run, rules);
    }

    private static IEnumerable<INamedTypeSymbol> GeneratedTypes(AllGeneratorsRun run) =>
        run.Input.SyntaxTrees.SelectMany(t => t.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>())
            .Select(d => run.Output.GetTypeByMetadataName("Sample." + d.Identifier.ValueText))
            .OfType<INamedTypeSymbol>();

    private static bool IsGenerated(AllGeneratorsRun run, Location location) =>
        location.SourceTree is { } tree && !run.Input.SyntaxTrees.Contains(tree);
}

using System;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace OdeKernels.Generators.Tests;

/// <summary>
/// Declarations that a generator cannot complete (ODEK301–ODEK310): each gets its error on the offending syntax and
/// nothing generated, so that no generated code fails to compile; and the shapes that look alike but work (overloads,
/// escaped keyword names) generate code that compiles cleanly.
/// </summary>
public sealed class DeclarationDiagnosticsTests
{
    private const string Dense = "[Dynamics(StateSize = 2)]\n[Dense(2)]";
    private const string Network = "[Network(Inputs = 2)]\n[Dense(2)]";
    private const string Tableau = "[ButcherTableau(C = new[] { 0.0, 1.0 }, A = new[] { 1.0 }, B = new[] { 0.5, 0.5 }, Order = 2)]";

    [Theory]
    [InlineData(Dense, "public static partial class Net", "a static class")]
    [InlineData(Dense, "public partial record Net", "a record")]
    [InlineData(Network, "public partial record class Net", "a record")]
    [InlineData(Dense, "public partial struct Net", "a struct")]
    [InlineData(Network, "public partial interface Net", "an interface")]
    [InlineData(Dense, "file partial class Net", "a file-local class")]
    [InlineData(Network, "public partial class Net(int size)", "a class with a primary constructor")]
    [InlineData(Tableau, "public partial class Net", "a class")]
    [InlineData(Tableau, "public partial record Net", "a record")]
    [InlineData(Tableau, "public ref partial struct Net", "a ref struct")]
    public void ODEK301_UnsupportedKindOfType(string attributes, string declaration, string what)
    {
        AllGeneratorsRun run = AllGeneratorsRun.Of(Source(attributes, declaration + " { }"));

        Diagnostic diagnostic = Assert.Single(run.WithId("ODEK301"));
        Assert.Equal("Net", run.TextAt(diagnostic.Location));
        Assert.Contains($"but is {what}", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(run.Sources);
    }

    [Theory]
    [InlineData(Dense, "public int Layers;", "Layers", "the static property 'Layers'")]
    [InlineData(Dense, "public void Evaluate(float t, System.ReadOnlySpan<float> y, System.Span<float> dydt) { }", "Evaluate", "the method 'Evaluate(float, ReadOnlySpan<float>, Span<float>)'")]
    [InlineData(Dense, "private static void CheckBatch(int a, int b, int c) { }", "CheckBatch", "the private helper 'CheckBatch'")]
    [InlineData(Dense, "private int t_scratch;", "t_scratch", "the private per-thread field 't_scratch'")]
    [InlineData(Dense, "public Net(int seed) { }", "Net", "the constructor '(int)'")]
    [InlineData(Network, "public class Parameters { }", "Parameters", "the property 'Parameters'")]
    [InlineData(Network, "public void Forward(System.ReadOnlySpan<float> x, System.Span<float> y, int count) { }", "Forward", "the method 'Forward(")]
    [InlineData(Network, "public static int ForwardTile512;", "ForwardTile512", "the private kernel 'ForwardTile512'")]
    [InlineData(Network, "System.Collections.Generic.IReadOnlyList<DynamicsLayer> INetwork<float>.Layers => null!;", "Layers", "the explicit implementation of 'OdeKernels.INetwork<T>.Layers'")]
    [InlineData(Dense, "string OdeKernels.Generated.ICudaDynamics.CudaDeviceCode => \"\";", "CudaDeviceCode", "the explicit implementation of 'OdeKernels.Generated.ICudaDynamics.CudaDeviceCode'")]
    [InlineData(Tableau, "public static int Info => 1;", "Info", "the static property 'Info'")]
    [InlineData(Tableau, "private static void Stage2() { }", "Stage2", "the private stage combination 'Stage2'")]
    public void ODEK302_MemberClashesWithAGeneratedMember(string attributes, string member, string name, string generated)
    {
        string keyword = attributes == Tableau ? "struct" : "class";
        AllGeneratorsRun run = AllGeneratorsRun.Of(Source(attributes, $"public partial {keyword} Net\n{{\n    {member}\n}}"));

        Diagnostic diagnostic = run.Single("ODEK302");
        Assert.Equal(name, run.TextAt(diagnostic.Location));
        Assert.Contains(generated, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(run.Sources);
    }

    [Theory]
    [InlineData(Dense, "public void Evaluate() { }")]
    [InlineData(Dense, "public void Evaluate(double t, System.ReadOnlySpan<double> y, System.Span<double> dydt) { }")]
    [InlineData(Dense, "public Net(string name) : this(1) { }")]
    [InlineData(Network, "public void Forward(float[] x) { }")]
    [InlineData(Tableau, "public static void Step() { }")]
    public void OverloadsAndChainedConstructors_AreNotClashes(string attributes, string member)
    {
        string keyword = attributes == Tableau ? "struct" : "class";
        AllGeneratorsRun run = AllGeneratorsRun.Of(Source(attributes, $"public partial {keyword} Net\n{{\n    {member}\n}}"));

        run.AssertClean();
        Assert.NotEmpty(run.Sources);
    }

    [Fact]
    public void ODEK303_InheritedMemberWouldBeHidden()
    {
        AllGeneratorsRun run = AllGeneratorsRun.Of(Source(Dense, "public partial class Net : Base { }\npublic class Base { public int StateSize => 1; }"));

        Diagnostic diagnostic = run.Single("ODEK303");
        Assert.Equal("Base", run.TextAt(diagnostic.Location));
        Assert.Contains("inherits property 'StateSize' from 'Sample.Base'", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void ODEK303_BaseClassIsItselfGenerated()
    {
        AllGeneratorsRun run = AllGeneratorsRun.Of(Source(Dense, "public partial class Net : Base { }\n" + Dense + "\npublic partial class Base { }"));

        Diagnostic diagnostic = Assert.Single(run.WithId("ODEK303"));
        Assert.Equal("Base", run.TextAt(diagnostic.Location));
        Assert.Contains("inherits the members that [Dynamics] generates from 'Sample.Base'", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.All(run.Sources, s => Assert.StartsWith("Sample.Base.", s.HintName, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Dense, "class", "Layers")]
    [InlineData(Dense, "class", "Evaluate")]
    [InlineData(Network, "class", "ResidualBlocks")]
    [InlineData(Tableau, "struct", "Step")]
    public void ODEK304_TypeNamedLikeAGeneratedMember(string attributes, string keyword, string name)
    {
        AllGeneratorsRun run = AllGeneratorsRun.Of(Source(attributes, $"public partial {keyword} {name} {{ }}"));

        Diagnostic diagnostic = run.Single("ODEK304");
        Assert.Equal(name, run.TextAt(diagnostic.Location));
        Assert.Contains($"'{name}' has the name of", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(run.Sources);
    }

    [Theory]
    [InlineData("public class Base { public Base(int x) { } }", true)]
    [InlineData("public class Base { private Base() { } public Base(string s) { } }", true)]
    [InlineData("public class Base { public Base(int x = 0) { } }", false)]
    [InlineData("public abstract class Base { protected Base() { } }", false)]
    public void ODEK305_BaseClassWithoutAParameterlessConstructor(string baseClass, bool reported)
    {
        AllGeneratorsRun run = AllGeneratorsRun.Of(Source(Network, "public partial class Net : Base { }\n" + baseClass));

        if (reported)
        {
            Diagnostic diagnostic = Assert.Single(run.WithId("ODEK305"));
            Assert.Equal("Base", run.TextAt(diagnostic.Location));
            Assert.Contains("derives from 'Sample.Base', which has no accessible constructor that takes no arguments", diagnostic.GetMessage(), StringComparison.Ordinal);
            Assert.Empty(run.Sources);
        }
        else
        {
            run.AssertClean();
        }
    }

    [Fact]
    public void ODEK306_DynamicsAndNetworkOnOneClass_EachGeneratorRefuses()
    {
        AllGeneratorsRun run = AllGeneratorsRun.Of(Source("[Dynamics(StateSize = 2)]\n[Network(Inputs = 2)]\n[Dense(2)]", "public partial class Net { }"));

        Diagnostic[] both = run.WithId("ODEK306");
        Assert.Equal(2, both.Length);
        Assert.Equal(new[] { "Dynamics(StateSize = 2)", "Network(Inputs = 2)" }, both.Select(d => run.TextAt(d.Location)).OrderBy(t => t, StringComparer.Ordinal));
        Assert.Empty(run.Sources);
    }

    [Theory]
    [InlineData(Dense, "public partial class Net { }\npublic class var { }", "A type named 'var'")]
    [InlineData(Network, "public partial class Net { }\npublic struct nuint { }", "A type named 'nuint'")]
    [InlineData(Dense, "public partial class Net { public int nameof(int x) => x; }", "A method named 'nameof'")]
    [InlineData(Tableau, "public partial struct Net { }\npublic class unmanaged { }", "A type named 'unmanaged'")]
    public void ODEK308_NameTheGeneratedCodeUsesAsAKeyword(string attributes, string declarations, string what)
    {
        AllGeneratorsRun run = AllGeneratorsRun.Of(Source(attributes, declarations));

        Diagnostic diagnostic = run.Single("ODEK308");
        Assert.Equal("Net", run.TextAt(diagnostic.Location));
        Assert.StartsWith(what, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void ODEK308_TypeNamedSystemInTheGlobalNamespace()
    {
        AllGeneratorsRun run = AllGeneratorsRun.Of(Source(Tableau, "public partial struct Net { }"), "public class System { }");

        Diagnostic diagnostic = run.Single("ODEK308");
        Assert.Contains("'System' is in scope in 'Net' (System)", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("'global::System'", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void ODEK309_ConstructorThatDoesNotCallAGeneratedOne()
    {
        AllGeneratorsRun run = AllGeneratorsRun.Of(Source(Dense, "public partial class Net { public Net(string name) { } }"));

        Diagnostic diagnostic = run.Single("ODEK309");
        Assert.Equal("Net", run.TextAt(diagnostic.Location));
        Assert.Contains("'Net(string)' does not call this(...)", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(run.Sources);
    }

    [Theory]
    [InlineData("public partial class Net { public required int Tag { get; init; } }", "Tag")]
    [InlineData("public partial class Net : Base { }\npublic class Base { public required int Tag; }", "Base")]
    public void ODEK310_RequiredMember(string declarations, string at)
    {
        AllGeneratorsRun run = AllGeneratorsRun.Of(Source(Network, declarations));

        Diagnostic diagnostic = run.Single("ODEK310");
        Assert.Equal(at, run.TextAt(diagnostic.Location));
        Assert.Contains("'Tag' that 'Net' has is required", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(run.Sources);
    }

    [Theory]
    [InlineData(Dense, "class", "@class")]
    [InlineData(Network, "class", "@int")]
    [InlineData(Dense, "class", "dynamic")]
    [InlineData(Tableau, "struct", "@event")]
    [InlineData(Tableau, "struct", "record2")]
    public void KeywordAndLowerCaseNames_AreEscapedInTheGeneratedCode(string attributes, string keyword, string name)
    {
        // The compiler warns (CS8981) about a lower-case name wherever it is declared unescaped: here only in the test source.
        AllGeneratorsRun run = AllGeneratorsRun.Of(Source(attributes, $"public partial {keyword} {name} {{ }}"));

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.NotEmpty(run.Sources);
        Assert.All(run.Problems, p => Assert.Equal("Source0.cs", p.Location.GetLineSpan().Path));
        string escaped = name.StartsWith('@') || name == "record2" ? name : "@" + name;
        Assert.All(run.Sources, s => Assert.Contains($"partial {keyword} {escaped} :", s.SourceText.ToString(), StringComparison.Ordinal));
    }

    private static string Source(string attributes, string declarations) =>
        $"using OdeKernels;\n\nnamespace Sample;\n\n{attributes}\n{declarations}\n";
}

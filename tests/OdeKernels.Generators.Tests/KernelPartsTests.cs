using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using OdeKernels.Generators.Common;
using OdeKernels.Generators.Dynamics;
using OdeKernels.Generators.Networks;

namespace OdeKernels.Generators.Tests;

/// <summary>
/// <see cref="KernelParts"/>: a tile kernel whose layers' code exceeds the budget is emitted as a method calling
/// consecutive parts of at most the budget each (the JIT compiles a method of more than 60,000 bytes of IL without
/// optimization, which made a ResNet train 3.4 times slower), in layer order, with every layer exactly once;
/// a kernel within the budget stays one method. Packing is checked directly, and on a deep residual conv network and a
/// deep conv field as generated (the runtime tests run such a network, split, against the float64 reference and
/// finite differences: <c>ConvolutionNetworkTests</c>, "ConvDeep").
/// </summary>
public sealed class KernelPartsTests
{
    private const string Block = """
        [Residual(Layers = 6)]
        [GroupNorm(2)]
        [Pointwise(Activation.Relu)]
        [Conv2d(4, 3, padding: 1, bias: false)]
        [GroupNorm(2)]
        [Pointwise(Activation.Relu)]
        [Conv2d(4, 3, padding: 1, bias: false)]

        """;

    /// <summary>A residual conv network (41 layers) whose tiles take several parts: the declaration alone, for other tests' sources too.</summary>
    internal static readonly string DeepNetworkDeclaration = """
        [Network(Channels = 2, Height = 6, Width = 6, Precision = typeof(double))]
        [Conv2d(4, 3, padding: 1)]

        """ + string.Concat(Enumerable.Repeat(Block, 6)) + """
        [GroupNorm(2)]
        [Pointwise(Activation.Relu)]
        [GlobalAvgPool2d]
        [Dense(3)]
        public partial class Deep64 { }

        """;

    /// <summary>A conv field of 24 layers whose kernels take several parts: the declaration alone.</summary>
    internal static readonly string DeepFieldDeclaration = """
        [Dynamics(Channels = 8, Height = 7, Width = 7, TimeInput = true)]

        """ + string.Concat(Enumerable.Repeat("[GroupNorm(4)]\n[Pointwise(Activation.Relu)]\n[Conv2d(8, 3, padding: 1)]\n", 8)) + """
        public partial class DeepField { }

        """;

    private const string Header = """
        using OdeKernels;
        namespace Sample;

        """;

    [Fact]
    public void Pack_KeepsAKernelWithinTheBudgetAsOnePart()
    {
        List<List<KernelParts.Section>> parts = KernelParts.Pack([Section("a", 10), Section("b", KernelParts.Budget - 10)]);

        Assert.Single(parts);
        Assert.Equal(["a", "b"], parts[0].Select(s => s.Label));
    }

    [Fact]
    public void Pack_FillsPartsGreedilyInOrderAndGivesAnOversizedSectionItsOwnPart()
    {
        int third = KernelParts.Budget / 3;
        List<List<KernelParts.Section>> parts = KernelParts.Pack(
            [Section("a", third), Section("b", third), Section("c", third), Section("d", KernelParts.Budget + 1), Section("e", 1), Section("f", third)]);

        Assert.Equal(["a b c", "d", "e f"], parts.Select(p => string.Join(" ", p.Select(s => s.Label))));
    }

    [Fact]
    public void DeepNetwork_TilesAreSplitIntoPartsCalledInLayerOrder()
    {
        string text = Generate<NetworkGenerator>(Header + DeepNetworkDeclaration, "Sample.Deep64.Network.g.cs");
        foreach (string kernel in new[] { "ForwardTile", "BackwardTile" })
        {
            foreach (int bits in new[] { 128, 256, 512 })
            {
                AssertSplit(text, $"{kernel}{bits}", layers: 41, backwards: kernel == "BackwardTile");
            }
        }
    }

    [Fact]
    public void DeepConvField_ForwardAndBackwardAreSplitIntoParts()
    {
        string text = Generate<DynamicsGenerator>(Header + DeepFieldDeclaration, "Sample.DeepField.Dynamics.g.cs");
        foreach (int bits in new[] { 128, 256, 512 })
        {
            AssertSplit(text, $"Forward{bits}", layers: 24, backwards: false);
            AssertSplit(text, $"Backward{bits}", layers: 24, backwards: true);
        }
    }

    [Fact]
    public void SmallNetwork_KeepsOneMethodPerKernel()
    {
        const string Small = """
            using OdeKernels;
            namespace Sample;
            [Network(Channels = 1, Height = 4, Width = 4)]
            [Conv2d(2, 3, padding: 1)]
            [GroupNorm(1)]
            [Dense(2)]
            public partial class Small { }
            """;
        string text = Generate<NetworkGenerator>(Small, "Sample.Small.Network.g.cs");

        Assert.Contains("private static void ForwardTile256(", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ForwardTile256_1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("BackwardTile256_1", text, StringComparison.Ordinal);
    }

    private static KernelParts.Section Section(string label, int length)
    {
        var text = new SourceWriter();
        text.Line(new string('x', length - 1));
        return new KernelParts.Section(label, text);
    }

    private static string Generate<TGenerator>(string source, string hintName)
        where TGenerator : IIncrementalGenerator, new()
    {
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<TGenerator>(source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.True(run.OutputProblems.IsEmpty, "The output compilation has problems:" + Environment.NewLine + GeneratorHarness.Describe(run.OutputProblems));
        return run.Result.GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();
    }

    /// <summary>
    /// <paramref name="name"/>'s body is only calls of its parts 1…n in order (n ≥ 2), each part's layers' code is
    /// within the budget, and the parts hold the layer comments "// Layer k:" of all <paramref name="layers"/>
    /// layers once each, in order (descending for a backward pass).
    /// </summary>
    private static void AssertSplit(string text, string name, int layers, bool backwards)
    {
        string body = Body(text, name);
        string[] calls = body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(calls.Length >= 2, $"{name} is not split: {calls.Length} statements.");
        var seen = new List<int>();
        for (int i = 0; i < calls.Length; i++)
        {
            string part = $"{name}_{i + 1}";
            Assert.StartsWith(part + "(", calls[i], StringComparison.Ordinal);
            string partBody = Body(text, part);
            Assert.True(partBody.Length <= KernelParts.Budget + 200, $"{part} holds {partBody.Length} characters.");
            seen.AddRange(Regex.Matches(partBody, @"// Layer (\d+):").Select(m => int.Parse(m.Groups[1].Value)));
        }

        IEnumerable<int> expected = Enumerable.Range(1, layers);
        Assert.Equal(backwards ? expected.Reverse() : expected, seen);
        Assert.DoesNotContain($"{name}_{calls.Length + 1}(", text, StringComparison.Ordinal);
    }

    /// <summary>The text between the braces of the method <paramref name="name"/>'s declaration.</summary>
    private static string Body(string text, string name)
    {
        int start = text.IndexOf($"private static void {name}(", StringComparison.Ordinal);
        Assert.True(start >= 0, $"{name} is not declared.");
        int open = text.IndexOf('{', start), depth = 0;
        for (int i = open; i < text.Length; i++)
        {
            depth += text[i] switch { '{' => 1, '}' => -1, _ => 0 };
            if (depth == 0)
            {
                return text.Substring(open + 1, i - open - 1);
            }
        }

        throw new InvalidOperationException($"{name}'s body does not end.");
    }
}

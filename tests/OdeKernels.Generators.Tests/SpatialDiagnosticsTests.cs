using System;
using Microsoft.CodeAnalysis;
using OdeKernels.Generators.Dynamics;
using OdeKernels.Generators.Networks;

namespace OdeKernels.Generators.Tests;

/// <summary>
/// Feature maps and the layers on them (<c>Channels</c>/<c>Height</c>/<c>Width</c>, <c>[Conv2d]</c>,
/// <c>[GroupNorm]</c>): one faulty declaration per diagnostic, reported alone on the attribute at fault, its message
/// stating the shapes; valid convolution stacks generate code that compiles cleanly and matches its baseline, and
/// shapes propagate layer by layer (an implicit flatten before a dense layer).
/// </summary>
public sealed class SpatialDiagnosticsTests
{
    private const string ConvClassifier = """
        using OdeKernels;

        namespace Sample;

        [Network(Channels = 1, Height = 6, Width = 6)]
        [Conv2d(4, 3, stride: 2, padding: 1, activation: Activation.Relu)]
        [GroupNorm(2)]
        [Residual(Layers = 2)]
        [Conv2d(4, 3, padding: 1, activation: Activation.Tanh)]
        [Conv2d(4, 1, bias: false)]
        [Dense(10)]
        public partial class ConvClassifier
        {
        }
        """;

    private const string ConvField = """
        using OdeKernels;

        namespace Sample;

        [Dynamics(Channels = 4, Height = 3, Width = 3, TimeInput = true, Precision = typeof(double))]
        [GroupNorm(2)]
        [Pointwise(Activation.Relu)]
        [Conv2d(4, 3, padding: 1)]
        [GroupNorm(4)]
        public partial class ConvField
        {
        }
        """;

    [Fact]
    public void ValidConvolutionNetwork_GeneratesCleanCodeMatchingTheBaseline()
    {
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<NetworkGenerator>(ConvClassifier);

        Assert.Empty(run.GeneratorDiagnostics);
        GeneratedSourceResult source = Assert.Single(run.Result.GeneratedSources);
        Assert.True(run.OutputProblems.IsEmpty, "The output compilation has problems:" + Environment.NewLine + GeneratorHarness.Describe(run.OutputProblems));
        string text = source.SourceText.ToString();
        Assert.Contains("// Layer 1: Conv2d 1×6×6 -> 4×3×3, kernel 3, stride 2, padding 1, Relu; weight [4, 1, 3, 3] at 0, bias at 36.", text, StringComparison.Ordinal);
        Assert.Contains("// Layer 5: Dense 36 -> 10", text, StringComparison.Ordinal); // 4×3×3 flattened
        Snapshot.Match(text, "Network.ConvClassifier");
    }

    [Fact]
    public void ValidConvolutionDynamics_GeneratesCleanCodeAndRefusesCuda()
    {
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<DynamicsGenerator>(ConvField);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.True(run.OutputProblems.IsEmpty, "The output compilation has problems:" + Environment.NewLine + GeneratorHarness.Describe(run.OutputProblems));
        Assert.Equal(2, run.Result.GeneratedSources.Length);
        string cuda = Assert.Single(run.Result.GeneratedSources, s => s.HintName.EndsWith(".Cuda.g.cs", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("ICudaRefusal.CudaRefusal => \"layer 1 (GroupNorm 4×3×3 -> 4×3×3)\"", cuda, StringComparison.Ordinal);
        Assert.DoesNotContain("CudaDeviceCode", cuda, StringComparison.Ordinal);
        string kernels = Assert.Single(run.Result.GeneratedSources, s => s.HintName.EndsWith(".Dynamics.g.cs", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("weight [4, 5, 3, 3]", kernels, StringComparison.Ordinal); // t is one more input channel
        Snapshot.Match(kernels, "Dynamics.ConvField");
    }

    [Fact]
    public void ODEK403_ShapeNotPositive()
    {
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<NetworkGenerator>(Declare("[Dense(2)]", "Channels = 0, Height = 28, Width = 28"));
        Diagnostic diagnostic = run.Single("ODEK403");
        Assert.Contains("'Net' declares Channels = 0, Height = 28, Width = 28", diagnostic.GetMessage());
    }

    [Fact]
    public void ODEK404_ShapeDisagreesWithInputs() =>
        Assert.Contains(
            "declares a 1×28×28 feature map (784 values), but Inputs = 100",
            Single(Declare("[Dense(2)]", "Inputs = 100, Channels = 1, Height = 28, Width = 28"), "ODEK404").GetMessage());

    [Fact]
    public void ODEK404_ShapeDisagreesWithStateSize()
    {
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<DynamicsGenerator>(DeclareDynamics("[Conv2d(1, 1)]", "StateSize = 5, Channels = 1, Height = 2, Width = 2"));
        Assert.Contains("but StateSize = 5", run.Single("ODEK404").GetMessage());
    }

    [Fact]
    public void ODEK405_ConvolutionOnAVector()
    {
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<NetworkGenerator>(Declare("[Conv2d(2, 3)]\n[Dense(2)]", "Inputs = 4"));
        Diagnostic diagnostic = run.Single("ODEK405");
        Assert.Equal("Conv2d(2, 3)", run.TextAt(diagnostic.Location));
        Assert.Contains("Layer 1 ([Conv2d(2, 3)]) of 'Net' needs a feature map (C×H×W) input, but its input is a vector of 4 values", diagnostic.GetMessage());
    }

    [Fact]
    public void ODEK405_ConvolutionAfterADenseLayer()
    {
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<NetworkGenerator>(Declare("[Dense(8)]\n[GroupNorm(2)]", "Channels = 1, Height = 4, Width = 4"));
        Diagnostic diagnostic = run.Single("ODEK405");
        Assert.Equal("GroupNorm(2)", run.TextAt(diagnostic.Location));
        Assert.Contains("a vector of 8 values", diagnostic.GetMessage());
    }

    [Theory]
    [InlineData("[Conv2d(0, 3)]", "outChannels = 0")]
    [InlineData("[Conv2d(2, 0)]", "kernel = 0")]
    [InlineData("[Conv2d(2, 3, stride: 0)]", "stride = 0")]
    [InlineData("[Conv2d(2, 3, padding: -1)]", "padding = -1")]
    [InlineData("[AvgPool2d(0)]", "kernel = 0")]
    [InlineData("[AvgPool2d(2, stride: -1)]", "stride = -1")]
    public void ODEK406_SettingOutOfRange(string layer, string expected) =>
        Assert.Contains(expected, Single(Declare(layer + "\n[Dense(2)]", "Channels = 1, Height = 5, Width = 5"), "ODEK406").GetMessage());

    [Theory]
    [InlineData("[Conv2d(2, 5, padding: 2, Algorithm = ConvolutionAlgorithm.Winograd)]", "kernel = 5; Algorithm = ConvolutionAlgorithm.Winograd computes 3×3 convolutions only")]
    [InlineData("[Conv2d(2, 3, stride: 2, Algorithm = ConvolutionAlgorithm.Winograd)]", "stride = 2; Algorithm = ConvolutionAlgorithm.Winograd computes convolutions of stride 1 only")]
    public void ODEK406_WinogradNeedsA3x3KernelOfStride1(string layer, string expected) =>
        Assert.Contains(expected, Single(Declare(layer + "\n[Dense(2)]", "Channels = 1, Height = 5, Width = 5"), "ODEK406").GetMessage());

    [Fact]
    public void AWinogradConvolutionOfKernel3AndStride1IsAcceptedAndItsCodeCompiles()
    {
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<NetworkGenerator>(Declare("[Conv2d(2, 3, padding: 1, Algorithm = ConvolutionAlgorithm.Winograd)]\n[Dense(2)]", "Channels = 1, Height = 5, Width = 5"));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.OutputProblems);
    }

    [Fact]
    public void ODEK407_KernelLargerThanThePaddedInput()
    {
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<NetworkGenerator>(Declare("[Conv2d(2, 5, padding: 1)]\n[Dense(2)]", "Channels = 1, Height = 2, Width = 4"));
        Diagnostic diagnostic = run.Single("ODEK407");
        Assert.Equal("Conv2d(2, 5, padding: 1)", run.TextAt(diagnostic.Location));
        Assert.Contains("takes a 1×2×4 input: a 5×5 kernel with padding 1 gives an output of 0×2, which is empty", diagnostic.GetMessage());
    }

    [Fact]
    public void ODEK407_PoolingWindowLargerThanTheInput() =>
        Assert.Contains(
            "takes a 1×5×5 input: a 6×6 kernel with padding 0 gives an output of 0×0",
            Single(Declare("[AvgPool2d(6)]\n[Dense(2)]", "Channels = 1, Height = 5, Width = 5"), "ODEK407").GetMessage());

    [Fact]
    public void ODEK408_GroupsDoNotDivideTheChannels()
    {
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<NetworkGenerator>(Declare("[GroupNorm(3)]\n[Dense(2)]", "Channels = 4, Height = 5, Width = 5"));
        Diagnostic diagnostic = run.Single("ODEK408");
        Assert.Equal("GroupNorm(3)", run.TextAt(diagnostic.Location));
        Assert.Contains("splits the 4×5×5 input into 3 groups, but 3 does not divide its 4 channels", diagnostic.GetMessage());
    }

    [Fact]
    public void ODEK409_LastLayerChangesTheStateShape()
    {
        // 8×2×2 has the state's 32 values, but not its 2×4×4 shape.
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<DynamicsGenerator>(DeclareDynamics("[Conv2d(8, 3, stride: 2, padding: 1)]", "Channels = 2, Height = 4, Width = 4"));
        Diagnostic diagnostic = run.Single("ODEK409");
        Assert.Equal("Conv2d(8, 3, stride: 2, padding: 1)", run.TextAt(diagnostic.Location));
        Assert.Contains("gives a 8×2×2 feature map, but the state is 2×4×4", diagnostic.GetMessage());
    }

    [Fact]
    public void ODEK410_DivergenceWithAConvolution() =>
        Assert.Contains(
            "layer 2 is a Conv2d layer",
            GeneratorOnlyRun.Of<DynamicsGenerator>(DeclareDynamics("[Pointwise(Activation.Tanh)]\n[Conv2d(1, 3, padding: 1)]", "Channels = 1, Height = 3, Width = 3, Divergence = true"))
                .Single("ODEK410").GetMessage());

    [Fact]
    public void ODEK411_ResidualBlockChangesTheShape()
    {
        // 16×1×1 has the block input's 16 values, but not its 4×2×2 shape.
        GeneratorOnlyRun run = GeneratorOnlyRun.Of<NetworkGenerator>(Declare("[Residual]\n[Conv2d(16, 2)]\n[Dense(2)]", "Channels = 4, Height = 2, Width = 2"));
        Diagnostic diagnostic = run.Single("ODEK411");
        Assert.Equal("Residual", run.TextAt(diagnostic.Location));
        Assert.Contains("takes a 4×2×2 feature map, but its layers give 16×1×1", diagnostic.GetMessage());
    }

    private static Diagnostic Single(string source, string id) => GeneratorOnlyRun.Of<NetworkGenerator>(source).Single(id);

    private static string Declare(string layers, string arguments) => $$"""
        using OdeKernels;

        namespace Sample;

        [Network({{arguments}})]
        {{layers}}
        public partial class Net
        {
        }
        """;

    private static string DeclareDynamics(string layers, string arguments) => $$"""
        using OdeKernels;

        namespace Sample;

        [Dynamics({{arguments}})]
        {{layers}}
        public partial class Field
        {
        }
        """;
}

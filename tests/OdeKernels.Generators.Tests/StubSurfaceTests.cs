using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;

namespace OdeKernels.Generators.Tests;

/// <summary>
/// After an error in a declaration's content (a width, a coefficient) the generators still emit the type's surface,
/// with members that throw, so that the ODEK error is the only error: use sites of the constructors, the interface and
/// the static members compile, and a build that runs anyway (the error's severity lowered) fails loudly.
/// </summary>
public sealed class StubSurfaceTests
{
    private const string DynamicsUse = """
        internal static class Use
        {
            public static int Run()
            {
                var net = new Net(seed: 1);
                OdeKernels.IBatchedDifferentiableSystem<float> system = new Net(net.Parameters);
                OdeKernels.Generated.ICudaDynamics cuda = net;
                system.EvaluateBatch(default, default, default, 0, 0);
                return system.StateSize + net.ParameterCount + Net.Layers.Count + cuda.CudaDeviceCode.Length + Net.CudaDeviceCode.Length;
            }
        }
        """;

    private const string DivergenceUse = """
        internal static class Use
        {
            public static int Run()
            {
                var net = new Net(seed: 1);
                OdeKernels.IDivergenceSystem<float> system = net;
                system.EvaluateWithDivergenceBatch(default, default, default, default, 0, 0);
                system.DivergenceVjpBatch(default, default, default, default, default, default, 0, 0);
                system.EvaluateWithJvpBatch(default, default, default, default, default, 1, 0, 0);
                system.JvpVjpBatch(default, default, default, default, default, default, default, 1, 0, 0);
                return (int)net.Divergence(0f, default) + system.StateSize;
            }
        }
        """;

    private const string NetworkUse = """
        internal static class Use
        {
            public static int Run()
            {
                var net = new Net(seed: 1);
                OdeKernels.INetwork<double> network = new Net(net.Parameters);
                network.Forward(default, default, 0);
                return network.Inputs + network.Outputs + net.ParameterCount + Net.Layers.Count + Net.ResidualBlocks.Count + network.Layers.Count;
            }
        }
        """;

    private const string TableauUse = """
        internal static class Use
        {
            public static int Run() => Order<Net>() + Net.Info.Stages;

            private static int Order<T>() where T : struct, OdeKernels.IRungeKuttaTableau => T.Info.Order;
        }
        """;

    [Theory]
    [InlineData("[Dynamics(StateSize = 2)]\n[Dense(0, Activation.Tanh)]\n[Dense(2)]", DynamicsUse, "ODEK106")]
    [InlineData("[Dynamics(StateSize = 2)]\n[Dense(3)]", DynamicsUse, "ODEK108")]
    [InlineData("[Dynamics(StateSize = 2)]\n[Residual]\n[Dense(2)]", DynamicsUse, "ODEK111")]
    [InlineData("[Dynamics(StateSize = 65, Divergence = true)]\n[Dense(65)]", DivergenceUse, "ODEK112")]
    [InlineData("[Dynamics(StateSize = 2, Divergence = true)]\n[Dense(3)]", DivergenceUse, "ODEK108")]
    [InlineData("[Network(Inputs = 2, Precision = typeof(double))]\n[Residual]\n[Dense(5)]", NetworkUse, "ODEK211")]
    [InlineData("[Network(Inputs = 0, Precision = typeof(double))]\n[Dense(5)]", NetworkUse, "ODEK203")]
    [InlineData("[ButcherTableau(C = new[] { 0.0, 1.0 }, A = new[] { 0.75 }, B = new[] { 0.5, 0.5 }, Order = 2)]", TableauUse, "ODEK006")]
    [InlineData("[ButcherTableau(C = new[] { 0.0, 1.0 }, A = new[] { 1.0 }, B = new[] { 0.5, 0.5 }, Order = 3)]", TableauUse, "ODEK008")]
    public void ContentError_StandsAlone(string attributes, string use, string id)
    {
        AllGeneratorsRun run = AllGeneratorsRun.Of(Source(attributes, use));

        run.Single(id);
        GeneratedSourceResult stub = Assert.Single(run.Sources);
        Assert.Contains($"declaration has errors ({id}); every member throws", stub.SourceText.ToString(), StringComparison.Ordinal);
        run.AssertCompiles();
    }

    [Fact]
    public void StubConstructor_ThrowsNamingTheError()
    {
        AllGeneratorsRun run = AllGeneratorsRun.Of(Source("[Dynamics(StateSize = 2)]\n[Dense(0)]\n[Dense(2)]", DynamicsUse));
        using var image = new MemoryStream();
        EmitResult emitted = run.Output.Emit(image);
        Assert.True(emitted.Success, GeneratorHarness.Describe(emitted.Diagnostics));

        Assembly assembly = Assembly.Load(image.ToArray());
        MethodInfo use = assembly.GetType("Sample.Use")!.GetMethod("Run")!;
        TargetInvocationException thrown = Assert.Throws<TargetInvocationException>(() => use.Invoke(null, null));
        InvalidOperationException inner = Assert.IsType<InvalidOperationException>(thrown.InnerException);
        Assert.Equal("Sample.Net was not generated: its declaration has errors (ODEK106); see the build output.", inner.Message);
    }

    [Theory]
    [InlineData("[Dynamics(StateSize = 2)]\n[Dense(2)]", "public static partial class Net { }")]
    [InlineData("[Network(Inputs = 2)]\n[Dense(0)]", "public partial class Net { public int Layers; }")]
    [InlineData("[Dynamics(StateSize = 0)]\n[Dense(2)]", "public partial class Net : Base { }\npublic class Base { public Base(int x) { } }")]
    public void ShapeError_GeneratesNothing(string attributes, string declaration)
    {
        AllGeneratorsRun run = AllGeneratorsRun.Of($"using OdeKernels;\n\nnamespace Sample;\n\n{attributes}\n{declaration}\n");

        Assert.Contains(run.GeneratorDiagnostics, d => d.Id.StartsWith("ODEK3", StringComparison.Ordinal));
        Assert.Empty(run.Sources);
    }

    private static string Source(string attributes, string use)
    {
        string keyword = attributes.StartsWith("[ButcherTableau", StringComparison.Ordinal) ? "struct" : "class";
        return $"using OdeKernels;\n\nnamespace Sample;\n\n{attributes}\npublic partial {keyword} Net {{ }}\n\n{use}\n";
    }
}

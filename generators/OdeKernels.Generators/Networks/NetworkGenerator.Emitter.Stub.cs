using OdeKernels.Generators.Common;
using OdeKernels.Generators.Layers;

namespace OdeKernels.Generators.Networks;

public sealed partial class NetworkGenerator
{
    /// <summary>
    /// Emits the surface of a <c>[Network]</c> class whose checks failed (a <see cref="StubSpec"/>): <c>INetwork&lt;T&gt;</c>
    /// with members that throw, in the file the network would have gone to, so that code using the class still
    /// compiles and the ODEK error stands alone.
    /// </summary>
    internal static class StubEmitter
    {
        public static string HintName(StubSpec stub) => GeneratedFile.HintName(stub.Namespace, stub.TypeName, ".Network.g.cs");

        public static string Emit(StubSpec stub)
        {
            string t = stub.Element, rt = $"global::System.ReadOnlySpan<{t}>", sp = $"global::System.Span<{t}>";
            string network = $"{RuntimeContract.INetwork.Global}<{t}>";
            SourceWriter w = LayerStackStubEmitter.Open(stub, "Network", network);
            w.Line();
            w.Line("/// <summary>Not generated: the declaration has errors.</summary>");
            w.Line($"public static {LayerStackEmitter.ReadOnlyList}<{RuntimeContract.ResidualBlock.Global}> ResidualBlocks => {stub.Throw};");
            w.Line();
            w.Line($"{LayerStackEmitter.ReadOnlyList}<{LayerStackEmitter.Layer}> {network}.{RuntimeContract.INetwork.Layers} => Layers;");
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line($"public int Inputs => {stub.Throw};");
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line($"public int Outputs => {stub.Throw};");
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line($"public void Forward({rt} x, {sp} y, int count) => {stub.Throw};");
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line($"public void Vjp({rt} x, {rt} a, {sp} dx, {sp} dtheta, int count) => {stub.Throw};");
            w.Close();
            return w.ToString();
        }
    }
}

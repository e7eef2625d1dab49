using OdeKernels.Generators.Common;
using OdeKernels.Generators.Layers;
using static OdeKernels.Generators.Layers.LayerStackEmitter;

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
        public static string HintName(StubSpec stub) => GeneratedFile.HintName(stub.Namespace, stub.TypeName, Emitter.FileSuffix);

        public static string Emit(StubSpec stub)
        {
            string t = stub.Element, rt = ReadOnlySpanOf(t), sp = SpanOf(t);
            string network = $"{RuntimeContract.INetwork.Global}<{t}>";
            SourceWriter w = LayerStackStubEmitter.Open(stub, "Network", network);
            LayerStackStubEmitter.NotGenerated(w, stub, $"public static {ReadOnlyList}<{RuntimeContract.ResidualBlock.Global}> ResidualBlocks");
            w.Line();
            w.Line($"{ReadOnlyList}<{Layer}> {network}.{RuntimeContract.INetwork.Layers} => Layers;");
            LayerStackStubEmitter.Inherited(
                w,
                stub,
                "public int Inputs",
                "public int Outputs",
                $"public void Forward({rt} x, {sp} y, int count)",
                $"public void Vjp({rt} x, {rt} a, {sp} dx, {sp} dtheta, int count)");
            w.Close();
            return w.ToString();
        }
    }
}

using OdeKernels.Generators.Common;
using OdeKernels.Generators.Layers;
using static OdeKernels.Generators.Layers.LayerStackEmitter;

namespace OdeKernels.Generators.Dynamics;

public sealed partial class DynamicsGenerator
{
    /// <summary>
    /// Emits the surface of a <c>[Dynamics]</c> class whose checks failed (a <see cref="StubSpec"/>):
    /// <c>IBatchedDifferentiableSystem&lt;T&gt;</c> and <c>ICudaDynamics</c> with members that throw, in the file the
    /// network would have gone to, so that code using the class still compiles and the ODEK error stands alone.
    /// </summary>
    internal static class StubEmitter
    {
        public static string HintName(StubSpec stub) => GeneratedFile.HintName(stub.Namespace, stub.TypeName, Emitter.FileSuffix);

        public static string Emit(StubSpec stub)
        {
            string t = stub.Element, rt = ReadOnlySpanOf(t), sp = SpanOf(t);
            SourceWriter w = LayerStackStubEmitter.Open(stub, "Dynamics", $"{RuntimeContract.IBatchedDifferentiableSystem.Global}<{t}>, {RuntimeContract.ICudaDynamics.Global}");
            LayerStackStubEmitter.Inherited(
                w,
                stub,
                "public int StateSize",
                $"public void Evaluate({t} t, {rt} y, {sp} dydt)",
                $"public void Vjp({t} t, {rt} y, {rt} a, {sp} dy, {sp} dtheta)",
                $"public void EvaluateBatch({rt} t, {rt} y, {sp} dydt, int count, int stride)",
                $"public void VjpBatch({rt} t, {rt} y, {rt} a, {sp} dy, {sp} dtheta, int count, int stride)",
                $"public void EvaluateAndVjpBatch({rt} t, {rt} y, {rt} a, {sp} dydt, {sp} dy, {sp} dtheta, int count, int stride)");
            LayerStackStubEmitter.NotGenerated(w, stub, "internal static string CudaDeviceCode");
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line($"string {RuntimeContract.ICudaDynamics.Global}.{RuntimeContract.ICudaDynamics.CudaDeviceCode} => CudaDeviceCode;");
            w.Close();
            return w.ToString();
        }
    }
}

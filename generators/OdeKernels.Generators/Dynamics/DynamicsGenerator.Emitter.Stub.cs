using OdeKernels.Generators.Common;
using OdeKernels.Generators.Layers;
using static OdeKernels.Generators.Layers.LayerStackEmitter;

namespace OdeKernels.Generators.Dynamics;

public sealed partial class DynamicsGenerator
{
    /// <summary>
    /// Emits the surface of a <c>[Dynamics]</c> class whose checks failed (a <see cref="StubSpec"/>):
    /// <c>IBatchedDifferentiableSystem&lt;T&gt;</c> (<c>IDivergenceSystem&lt;T&gt;</c> if it opts in) and <c>ICudaDynamics</c> with members that throw, in the file the
    /// network would have gone to, so that code using the class still compiles and the ODEK error stands alone.
    /// </summary>
    internal static class StubEmitter
    {
        public static string HintName(StubSpec stub) => GeneratedFile.HintName(stub.Namespace, stub.TypeName, Emitter.FileSuffix);

        public static string Emit(StubSpec stub)
        {
            string t = stub.Element, rt = ReadOnlySpanOf(t), sp = SpanOf(t);
            string system = stub.Divergence ? RuntimeContract.IDivergenceSystem.Global : RuntimeContract.IBatchedDifferentiableSystem.Global;
            SourceWriter w = LayerStackStubEmitter.Open(stub, "Dynamics", $"{system}<{t}>, {RuntimeContract.ICudaDynamics.Global}");
            LayerStackStubEmitter.Inherited(
                w,
                stub,
                "public int StateSize",
                $"public void Evaluate({t} t, {rt} y, {sp} dydt)",
                $"public void Vjp({t} t, {rt} y, {rt} a, {sp} dy, {sp} dtheta)",
                $"public void EvaluateBatch({rt} t, {rt} y, {sp} dydt, int count, int stride)",
                $"public void VjpBatch({rt} t, {rt} y, {rt} a, {sp} dy, {sp} dtheta, int count, int stride)",
                $"public void EvaluateAndVjpBatch({rt} t, {rt} y, {rt} a, {sp} dydt, {sp} dy, {sp} dtheta, int count, int stride)");
            if (stub.Divergence)
            {
                LayerStackStubEmitter.Inherited(
                    w,
                    stub,
                    $"public void {RuntimeContract.IDivergenceSystem.EvaluateWithDivergenceBatch}({rt} t, {rt} y, {sp} dydt, {sp} divergence, int count, int stride)",
                    $"public void {RuntimeContract.IDivergenceSystem.DivergenceVjpBatch}({rt} t, {rt} y, {rt} a, {rt} b, {sp} dy, {sp} dtheta, int count, int stride)",
                    $"public void {RuntimeContract.IDivergenceSystem.EvaluateWithDivergenceAndVjpBatch}({rt} t, {rt} y, {rt} a, {rt} b, {sp} dydt, {sp} divergence, {sp} dy, {sp} dtheta, int count, int stride)",
                    $"public void {RuntimeContract.IDivergenceSystem.EvaluateWithJvpBatch}({rt} t, {rt} y, {rt} v, {sp} dydt, {sp} jv, int tangents, int count, int stride)",
                    $"public void {RuntimeContract.IDivergenceSystem.JvpVjpBatch}({rt} t, {rt} y, {rt} v, {rt} a, {rt} w, {sp} dy, {sp} dtheta, int tangents, int count, int stride)");
                LayerStackStubEmitter.NotGenerated(w, stub, $"public {t} Divergence({t} t, {rt} y)");
            }

            LayerStackStubEmitter.NotGenerated(w, stub, "internal static string CudaDeviceCode");
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line($"string {RuntimeContract.ICudaDynamics.Global}.{RuntimeContract.ICudaDynamics.CudaDeviceCode} => CudaDeviceCode;");
            w.Close();
            return w.ToString();
        }
    }
}

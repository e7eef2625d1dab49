using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Tableaux;

public sealed partial class ButcherTableauGenerator
{
    /// <summary>
    /// Emits the surface of a tableau whose checks failed (a <see cref="StubSpec"/>): <c>IRungeKuttaTableau</c> with
    /// members that throw, in the file the step would have gone to, so that code using the tableau still compiles and
    /// the ODEK error stands alone.
    /// </summary>
    internal static class StubEmitter
    {
        private const string StepType = RuntimeContract.RungeKuttaStep.Global + "<T>";
        private const string FloatConstraint = "unmanaged, global::System.Numerics.IFloatingPointIeee754<T>";

        public static string HintName(StubSpec stub) => GeneratedFile.HintName(stub.Namespace, stub.TypeName, Emitter.Suffix);

        public static string Emit(StubSpec stub)
        {
            var w = new SourceWriter();
            GeneratedFile.WriteStart(w, stub.Namespace);
            w.Line($"// The [ButcherTableau] declaration has errors ({string.Join(", ", stub.Errors)}); every member throws until they are fixed.");
            w.Open($"partial {stub.Keyword} {stub.TypeName} : {RuntimeContract.IRungeKuttaTableau.Global}");
            w.Line("/// <inheritdoc/>");
            w.Line($"public static {RuntimeContract.TableauInfo.Global} Info => {stub.Throw};");
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line($"public static void Step<T, TSystem>(ref TSystem system, scoped ref readonly {StepType} step)");
            w.Line($"    where T : {FloatConstraint}");
            w.Line($"    where TSystem : struct, {RuntimeContract.IBatchedOdeSystem.Global}<T>");
            w.Line($"    => {stub.Throw};");
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line($"public static void ReverseStep<T, TSystem>(ref TSystem system, scoped ref readonly {StepType} step, scoped ref readonly {RuntimeContract.RungeKuttaReverse.Global}<T> reverse)");
            w.Line($"    where T : {FloatConstraint}");
            w.Line($"    where TSystem : struct, {RuntimeContract.IBatchedDifferentiableSystem.Global}<T>");
            w.Line($"    => {stub.Throw};");
            w.Close();
            return w.ToString();
        }
    }
}

using System.Collections.Generic;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Tableaux;

public sealed partial class ButcherTableauGenerator
{
    /// <summary>
    /// Emits the single-lane reverse step (<c>ReverseStepLane</c>), what <see cref="ReverseEmitter"/> is for a batch and
    /// <see cref="ScalarEmitter"/> for the forward step: one trajectory, components contiguous, the system called
    /// through its own <c>Evaluate</c> and <c>Vjp</c>. The stages that can reach the result are recomputed with the
    /// forward step's combinations, then reversed last to first with the batched reverse step's arithmetic per lane
    /// (k̄ᵢ = bᵢ·h·ȳ′, ȳ += g, k̄ⱼ += aᵢⱼ·h·g), so a lane reversed alone gives the bits it gets inside a batch.
    /// </summary>
    internal static class LaneReverseEmitter
    {
        private const string LaneStepType = RuntimeContract.RungeKuttaLaneStep.Global + "<T>";
        private const string ReverseType = RuntimeContract.RungeKuttaReverse.Global + "<T>";
        private const string SystemInterface = RuntimeContract.IDifferentiableSystem.Global + "<T>";
        private const string FloatConstraint = "unmanaged, global::System.Numerics.IFloatingPointIeee754<T>";
        private const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
        private const string Marshal = "global::System.Runtime.InteropServices.MemoryMarshal";

        public static void Emit(SourceWriter w, TableauSpec spec)
        {
            int s = spec.Stages;
            bool[] live = spec.LiveStages();
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line($"public static void ReverseStepLane<T, TSystem>(ref TSystem system, scoped ref readonly {LaneStepType} step, scoped ref readonly {ReverseType} reverse)");
            w.Line($"    where T : {FloatConstraint}");
            w.Line($"    where TSystem : {SystemInterface}");
            w.Line("{");
            w.Line("    // Stage 1 (f at the start of the step) is provided by the caller.");
            w.Line("    int n = step.StateSize;");
            w.Line("    T t = step.Time, h = step.StepSize;");
            w.Line($"    ref T y = ref {Marshal}.GetReference(step.Y);");
            w.Line($"    ref T z = ref {Marshal}.GetReference(step.StageState);");
            w.Line($"    ref T bar = ref {Marshal}.GetReference(reverse.Bar);");
            w.Line($"    ref T g = ref {Marshal}.GetReference(reverse.Cotangent);");
            w.Line($"    ref T k0 = ref {Marshal}.GetReference(step.Stages);");
            w.Line($"    ref T kb0 = ref {Marshal}.GetReference(reverse.StageBars);");
            for (int j = 1; j < s; j++)
            {
                w.Line($"    ref T k{j} = ref {Unsafe}.Add(ref k0, {Literals.Int(j)} * n);");
                w.Line($"    ref T kb{j} = ref {Unsafe}.Add(ref kb0, {Literals.Int(j)} * n);");
            }

            for (int i = 1; i < s; i++)
            {
                if (!live[i])
                {
                    continue;
                }

                List<(int Stage, double Coefficient)> terms = spec.StageTerms(i);
                w.Line();
                w.Line($"    // Stage {i + 1} (c = {Literals.Double(spec.C[i])}), recomputed");
                ScalarEmitter.EmitCoefficients(w, terms, null, $"a{i + 1}_");
                ScalarEmitter.EmitCombination(w, terms, "z", null, prefix: $"a{i + 1}_");
                w.Line($"    system.Evaluate({StageTime(spec, i)}, step.StageState, {Marshal}.CreateSpan(ref k{i}, n));");
            }

            w.Line();
            for (int i = 0; i < s; i++)
            {
                if (live[i] && spec.B[i] != 0)
                {
                    w.Line($"    T b{i} = T.CreateTruncating({Literals.Double(spec.B[i])});");
                }
            }

            w.Line("    for (int c = 0; c < n; c++)");
            w.Line("    {");
            w.Line($"        var seed = {Unsafe}.Add(ref bar, c);");
            for (int i = 0; i < s; i++)
            {
                if (live[i])
                {
                    w.Line($"        {Unsafe}.Add(ref kb{i}, c) = {(spec.B[i] != 0 ? $"b{i} * h * seed" : "T.Zero")};");
                }
            }

            w.Line("    }");
            for (int i = s - 1; i >= 0; i--)
            {
                if (!live[i])
                {
                    w.Line();
                    w.Line($"    // Stage {i + 1} cannot reach the result (b = 0 and no later stage uses it).");
                    continue;
                }

                w.Line();
                w.Line($"    // Stage {i + 1} (c = {Literals.Double(spec.C[i])})");
                if (i > 0)
                {
                    ScalarEmitter.EmitCombination(w, spec.StageTerms(i), "z", null, prefix: $"a{i + 1}_");
                }

                w.Line("    reverse.Cotangent.Slice(0, n).Clear();");
                w.Line($"    system.Vjp({StageTime(spec, i)}, {(i > 0 ? "step.StageState" : "step.Y")}, {Marshal}.CreateSpan(ref kb{i}, n), reverse.Cotangent, reverse.Parameters);");
                w.Line("    for (int c = 0; c < n; c++)");
                w.Line("    {");
                w.Line($"        var gc = {Unsafe}.Add(ref g, c);");
                w.Line($"        {Unsafe}.Add(ref bar, c) += gc;");
                for (int j = 0; j < i; j++)
                {
                    double a = spec.GetA(i, j);
                    if (a != 0 && live[j])
                    {
                        w.Line($"        {Unsafe}.Add(ref kb{j}, c) += {(a == 1.0 ? "h" : $"a{i + 1}_{j} * h")} * gc;");
                    }
                }

                w.Line("    }");
            }

            w.Line("}");
        }

        /// <summary>
        /// t + cᵢ·h, as the batched steps' <c>SetStageTime</c> computes it; t itself where cᵢ = 0 (no zero is multiplied
        /// in generated code; the two differ only in the sign of a zero time).
        /// </summary>
        private static string StageTime(TableauSpec spec, int stage) =>
            spec.C[stage] == 0 ? "t" : $"t + T.CreateTruncating({Literals.Double(spec.C[stage])}) * h";
    }
}

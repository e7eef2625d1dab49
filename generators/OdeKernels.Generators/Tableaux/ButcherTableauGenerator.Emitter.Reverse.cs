using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Tableaux;

public sealed partial class ButcherTableauGenerator
{
    /// <summary>
    /// Emits the reverse-mode (adjoint) step of a tableau: with k̄ᵢ = h bᵢ ȳ′ seeded, the stages are visited last to
    /// first; each rebuilds its input with the forward stage combination, takes one batched VJP
    /// g = k̄ᵢᵀ∂f/∂y (and ∂f/∂θ into the parameter cotangent), adds g to ȳ and h aᵢⱼ g to every earlier k̄ⱼ it was
    /// built from. Coefficients are literals and the stage order is unrolled; stages that cannot reach the result
    /// (bᵢ = 0 and no later stage uses them, such as an FSAL last stage) are left out at compile time.
    /// </summary>
    internal static class ReverseEmitter
    {
        private const string StepType = RuntimeContract.RungeKuttaStep.Global + "<T>";
        private const string ReverseType = RuntimeContract.RungeKuttaReverse.Global + "<T>";
        private const string SystemInterface = RuntimeContract.IBatchedDifferentiableSystem.Global + "<T>";
        private const string FloatConstraint = "unmanaged, global::System.Numerics.IFloatingPointIeee754<T>";

        public static void Emit(SourceWriter w, TableauSpec spec)
        {
            int s = spec.Stages;
            bool[] live = spec.LiveStages();
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line($"public static void ReverseStep<T, TSystem>(ref TSystem system, scoped ref readonly {StepType} step, scoped ref readonly {ReverseType} reverse)");
            w.Line($"    where T : {FloatConstraint}");
            w.Line($"    where TSystem : struct, {SystemInterface}");
            w.Line("{");
            for (int i = 0; i < s; i++)
            {
                if (!live[i])
                {
                    continue;
                }

                w.Line(spec.B[i] != 0
                    ? $"    reverse.SeedStage(in step, {Literals.Int(i)}, {Literals.Double(spec.B[i])});"
                    : $"    reverse.ClearStage(in step, {Literals.Int(i)});");
            }

            for (int i = s - 1; i >= 0; i--)
            {
                if (!live[i])
                {
                    w.Line($"    // Stage {i + 1} cannot reach the result (b = 0 and no later stage uses it).");
                    continue;
                }

                w.Line();
                w.Line($"    // Stage {i + 1} (c = {Literals.Double(spec.C[i])})");
                string input = "step.Y";
                if (i > 0)
                {
                    w.Line($"    Stage{i + 1}(in step, step.StageState);");
                    input = "step.StageState";
                }

                w.Line($"    step.SetStageTime({Literals.Double(spec.C[i])});");
                w.Line("    reverse.ClearCotangent(in step);");
                w.Line($"    system.VjpBatch(step.StageTime, {input}, reverse.StageBar(in step, {Literals.Int(i)}), reverse.Cotangent, reverse.Parameters, step.Count, step.Stride);");
                w.Line("    reverse.AddCotangentToBar(in step);");
                for (int j = 0; j < i; j++)
                {
                    double a = spec.GetA(i, j);
                    if (a != 0 && live[j])
                    {
                        w.Line($"    reverse.Propagate(in step, {Literals.Int(j)}, {Literals.Double(a)});");
                    }
                }
            }

            w.Line("}");
        }
    }
}

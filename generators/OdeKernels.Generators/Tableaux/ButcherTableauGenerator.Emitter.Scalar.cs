using System.Collections.Generic;
using System.Linq;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Tableaux;

public sealed partial class ButcherTableauGenerator
{
    /// <summary>
    /// Emits the single-lane step of a tableau (<c>StepLane</c>): one trajectory, components contiguous, the system
    /// called through its own <c>Evaluate</c> (a struct system is inlined by the JIT). Each combination does the
    /// batched step's scalar-tail arithmetic for one lane, term for term in the same order (zero coefficients skipped,
    /// a coefficient of 1 not multiplied, Σ summed left to right, then y + h·Σ; no contraction to FMA), so a lane
    /// solved alone gives the bits it gets inside a batch.
    /// </summary>
    internal static class ScalarEmitter
    {
        private const string LaneStepType = RuntimeContract.RungeKuttaLaneStep.Global + "<T>";
        private const string SystemInterface = RuntimeContract.IOdeSystem.Global + "<T>";
        private const string FloatConstraint = "unmanaged, global::System.Numerics.IFloatingPointIeee754<T>";
        private const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
        private const string Marshal = "global::System.Runtime.InteropServices.MemoryMarshal";

        public static void Emit(SourceWriter w, TableauSpec spec)
        {
            int s = spec.Stages;
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line("public static bool HasLaneStep => true;");
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line($"public static T StepLane<T, TSystem>(ref TSystem system, scoped ref readonly {LaneStepType} step)");
            w.Line($"    where T : {FloatConstraint}");
            w.Line($"    where TSystem : {SystemInterface}");
            w.Line("{");
            w.Line("    // Stage 1 (f at the start of the step) is provided by the solver: FSAL or evaluated after acceptance.");
            w.Line("    int n = step.StateSize;");
            w.Line("    T t = step.Time, h = step.StepSize;");
            w.Line($"    ref T y = ref {Marshal}.GetReference(step.Y);");
            w.Line($"    ref T z = ref {Marshal}.GetReference(step.StageState);");
            w.Line($"    ref T o = ref {Marshal}.GetReference(step.YNew);");
            w.Line($"    ref T k0 = ref {Marshal}.GetReference(step.Stages);");
            for (int j = 1; j < s; j++)
            {
                w.Line($"    ref T k{j} = ref {Unsafe}.Add(ref k0, {Literals.Int(j)} * n);");
            }

            for (int stage = 1; stage < s; stage++)
            {
                bool intoSolution = spec.WritesSolution(stage);
                string target = intoSolution ? "o" : "z";
                List<(int Stage, double Coefficient)> terms = spec.StageTerms(stage);
                w.Line();
                w.Line($"    // Stage {stage + 1} (c = {Literals.Double(spec.C[stage])})");
                EmitCoefficients(w, terms, null, $"a{stage + 1}_");
                EmitCombination(w, terms, target, null, prefix: $"a{stage + 1}_");
                string input = intoSolution ? "step.YNew" : "step.StageState";
                w.Line($"    system.Evaluate(t + T.CreateTruncating({Literals.Double(spec.C[stage])}) * h, {input}, {Marshal}.CreateSpan(ref k{stage}, n));");
            }

            List<(int Stage, double Coefficient)> solution = spec.SolutionTerms();
            List<(int Stage, double Coefficient)>? error = spec.ErrorTerms();
            w.Line();
            if (error is null)
            {
                EmitCoefficients(w, solution, null);
                EmitCombination(w, solution, "o", null);
                w.Line("    return T.Zero;");
            }
            else
            {
                EmitCoefficients(w, spec.IsFsal ? null : solution, error);
                if (!spec.IsFsal)
                {
                    // Without an error estimate the batched step writes ynew alone, with the same expression.
                    w.Line("    if (!step.EstimateError)");
                    w.Line("    {");
                    EmitCombination(w, solution, "o", null, "        ");
                    w.Line("        return T.Zero;");
                    w.Line("    }");
                }
                else
                {
                    w.Line("    if (!step.EstimateError)");
                    w.Line("    {");
                    w.Line("        return T.Zero;");
                    w.Line("    }");
                }

                w.Line();
                w.Line("    T atol = step.AbsoluteTolerance, rtol = step.RelativeTolerance, e = T.Zero;");
                w.Line("    if (step.MaximumNorm)");
                w.Line("    {");
                EmitCombination(w, spec.IsFsal ? null : solution, "o", error, "        ", maximumNorm: true);
                w.Line("        return e;");
                w.Line("    }");
                w.Line();
                EmitCombination(w, spec.IsFsal ? null : solution, "o", error);
                w.Line("    return e;");
            }

            w.Line("}");
        }

        /// <summary>Declares the non-zero coefficients other than 1 as locals, as the batched combinations do.</summary>
        internal static void EmitCoefficients(SourceWriter w, List<(int Stage, double Coefficient)>? terms, List<(int Stage, double Coefficient)>? errorTerms, string prefix = "b")
        {
            foreach ((int j, double a) in NonZero(terms).Where(t => t.Coefficient != 1.0))
            {
                w.Line($"    T {prefix}{j} = T.CreateTruncating({Literals.Double(a)});");
            }

            foreach ((int j, double d) in NonZero(errorTerms))
            {
                w.Line($"    T d{j} = T.CreateTruncating({Literals.Double(d)});");
            }
        }

        /// <summary>
        /// One pass over the components: <c>target = y + h·Σ wⱼkⱼ</c> when <paramref name="terms"/> is given (else
        /// the new state is read from ynew), and when <paramref name="errorTerms"/> is given the scaled error of
        /// <c>h·Σ dⱼkⱼ</c> added to <c>e</c>, as the batched <c>Solution</c>/<c>Error</c> combinations do per lane
        /// (with <paramref name="maximumNorm"/>, Boost.Odeint's scaled error taken into the maximum <c>e</c> instead).
        /// </summary>
        internal static void EmitCombination(SourceWriter w, List<(int Stage, double Coefficient)>? terms, string target, List<(int Stage, double Coefficient)>? errorTerms, string pad = "    ", string prefix = "b", bool maximumNorm = false)
        {
            List<(int Stage, double Coefficient)> sum = NonZero(terms), err = NonZero(errorTerms);
            w.Line($"{pad}for (int c = 0; c < n; c++)");
            w.Line($"{pad}{{");
            string inner = pad + "    ";
            w.Line($"{inner}var yi = {Unsafe}.Add(ref y, c);");
            if (terms is not null)
            {
                string combination = sum.Count == 0 ? "yi" : $"yi + h * ({Weighted(sum, prefix)})";
                w.Line($"{inner}var next = {combination};");
                w.Line($"{inner}{Unsafe}.Add(ref {target}, c) = next;");
            }
            else
            {
                w.Line($"{inner}var next = {Unsafe}.Add(ref {target}, c);");
            }

            if (errorTerms is not null)
            {
                string error = err.Count == 0 ? "(yi - yi)" : $"h * ({Weighted(err, "d")})";
                if (maximumNorm)
                {
                    // Boost.Odeint's default_error_checker: |e| / (atol + rtol·(|y| + |h|·|f|)), f the first stage.
                    w.Line($"{inner}var r = T.Abs({error}) / (atol + rtol * (T.Abs(yi) + T.Abs(h) * T.Abs({Unsafe}.Add(ref k0, c))));");
                    w.Line($"{inner}e = T.Max(e, r);");
                }
                else
                {
                    w.Line($"{inner}var r = ({error}) / (atol + rtol * T.Max(T.Abs(yi), T.Abs(next)));");
                    w.Line($"{inner}e += r * r;");
                }
            }

            w.Line($"{pad}}}");
            w.Line();
        }

        private static List<(int Stage, double Coefficient)> NonZero(List<(int Stage, double Coefficient)>? terms) =>
            terms?.Where(t => t.Coefficient != 0).ToList() ?? new();

        private static string Weighted(List<(int Stage, double Coefficient)> terms, string prefix) =>
            string.Join(" + ", terms.Select(t => t.Coefficient == 1.0
                ? $"{Unsafe}.Add(ref k{t.Stage}, c)"
                : $"{prefix}{t.Stage} * {Unsafe}.Add(ref k{t.Stage}, c)"));
    }
}

using System.Collections.Generic;
using System.Linq;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Tableaux;

public sealed partial class ButcherTableauGenerator
{
    /// <summary>
    /// Emits the state step of a tableau (<c>StepState</c>): one trajectory whose state is a value
    /// (<c>IStateVector</c>), the stages in locals <c>k0..k(s-1)</c> so that the JIT keeps them in registers, the
    /// system called through <c>ISmallOdeSystem.Evaluate</c>. By default each combination is
    /// <see cref="ScalarEmitter"/>'s written with the state's operators (same terms, same order, coefficient 1 not
    /// multiplied, y + h·Σ), so the bits are the span path's; with <c>FusedMultiplyAdd</c> set, Σ and y + h·Σ are
    /// chained fused multiply-adds instead (one rounding each), in a second body chosen by the arithmetic type
    /// (<c>IStateArithmetic</c>), which the JIT folds per compiled loop.
    /// </summary>
    internal static class StateEmitter
    {
        private const string SettingsType = RuntimeContract.StateStepSettings.Global + "<T>";
        private const string StateInterface = RuntimeContract.IStateVector.Global + "<TState, T>";
        private const string SystemInterface = RuntimeContract.ISmallOdeSystem.Global + "<T, TState>";
        private const string AggressiveInlining = "global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)";
        private const string FloatConstraint = "unmanaged, global::System.Numerics.IFloatingPointIeee754<T>";
        private const string NoInlining = "global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)";

        /// <summary>
        /// The largest step inlined into the integrator's loop. A call per step spills every live double (the SysV ABI
        /// saves no XMM register) and passes the state through memory; Rk4's four stages inline and leave no call in
        /// the loop. Dopri5's seven stages inlined spent the loop's inlining budget, so the loop's own small helpers
        /// (the state's constructor, the controller) became calls and Lorenz took 1.7× longer (the one-trajectory
        /// report, AMD EPYC AVX2); a larger step stays a call of its own, whose cost is small beside its stages.
        /// </summary>
        private const int MaxInlinedStages = 4;
        private const string ArithmeticInterface = RuntimeContract.IStateArithmetic.Global;
        private const string Parameters = "ref TSystem system, T t, T h, in TState y, in TState k1, in " + SettingsType + " settings, scoped global::System.Span<TState> stages, out TState last, out T errorSquares";

        public static void Emit(SourceWriter w, TableauSpec spec)
        {
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line("public static bool HasStateStep => true;");
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line($"[{AggressiveInlining}]");
            w.Line($"public static TState StepState<T, TState, TSystem, TArithmetic>({Parameters})");
            EmitConstraints(w);
            w.Line($"    where TArithmetic : struct, {ArithmeticInterface}");
            w.Line("{");
            w.Line("    // One body per arithmetic rather than a choice per combination in one body of twice the IL. TArithmetic is a");
            w.Line("    // struct type, so the JIT folds this choice and the integrator's loop holds only the body taken.");
            w.Line("    return TArithmetic.FusedMultiplyAdd");
            w.Line("        ? StepStateFused<T, TState, TSystem>(ref system, t, h, in y, in k1, in settings, stages, out last, out errorSquares)");
            w.Line("        : StepStatePlain<T, TState, TSystem>(ref system, t, h, in y, in k1, in settings, stages, out last, out errorSquares);");
            w.Line("}");
            EmitBody(w, spec, fused: false);
            EmitBody(w, spec, fused: true);
        }

        private static void EmitConstraints(SourceWriter w)
        {
            w.Line($"    where T : {FloatConstraint}");
            w.Line($"    where TState : struct, {StateInterface}");
            w.Line($"    where TSystem : {SystemInterface}");
        }

        /// <summary>The step with every combination plain (the span path's arithmetic) or fused.</summary>
        private static void EmitBody(SourceWriter w, TableauSpec spec, bool fused)
        {
            int s = spec.Stages;
            w.Line();
            w.Line($"[{(s <= MaxInlinedStages ? AggressiveInlining : NoInlining)}]");
            w.Line($"private static TState StepState{(fused ? "Fused" : "Plain")}<T, TState, TSystem>({Parameters})");
            EmitConstraints(w);
            w.Line("{");
            w.Line("    TState s0 = k1;");
            w.Line("    TState next;");
            for (int stage = 1; stage < s; stage++)
            {
                List<(int Stage, double Coefficient)> terms = spec.StageTerms(stage);
                bool intoSolution = spec.WritesSolution(stage);
                string input = intoSolution ? "next" : $"z{stage}";
                w.Line();
                w.Line($"    // Stage {stage + 1} (c = {Literals.Double(spec.C[stage])})");
                ScalarEmitter.EmitCoefficients(w, terms, null, $"a{stage + 1}_");
                w.Line($"    {(intoSolution ? string.Empty : "TState ")}{input} = {Combination(terms, $"a{stage + 1}_", fused)};");
                w.Line($"    TState s{stage} = system.Evaluate(t + T.CreateTruncating({Literals.Double(spec.C[stage])}) * h, {input});");
            }

            List<(int Stage, double Coefficient)> solution = spec.SolutionTerms();
            List<(int Stage, double Coefficient)>? error = spec.ErrorTerms();
            w.Line();
            if (!spec.IsFsal)
            {
                ScalarEmitter.EmitCoefficients(w, solution, null);
                w.Line($"    next = {Combination(solution, "b", fused)};");
            }

            w.Line("    if (!stages.IsEmpty)");
            w.Line("    {");
            for (int j = 0; j < s; j++)
            {
                w.Line($"        stages[{Literals.Int(j)}] = s{j};");
            }

            w.Line("    }");
            w.Line();
            w.Line($"    last = s{s - 1};");
            if (error is null)
            {
                w.Line("    errorSquares = T.Zero;");
                w.Line("    return next;");
                w.Line("}");
                return;
            }

            w.Line("    if (!settings.EstimateError)");
            w.Line("    {");
            w.Line("        errorSquares = T.Zero;");
            w.Line("        return next;");
            w.Line("    }");
            w.Line();
            ScalarEmitter.EmitCoefficients(w, null, error);
            List<(int Stage, double Coefficient)> err = error.Where(t => t.Coefficient != 0).ToList();
            string estimate = err.Count == 0 ? "T.Zero * y" : $"h * ({(fused ? Fused(err, "d") : Plain(err, "d"))})";
            w.Line($"    TState e = {estimate};");
            w.Line("    errorSquares = TState.ScaledErrorSquares(e, y, next, settings.AbsoluteTolerance, settings.RelativeTolerance);");
            w.Line("    return next;");
            w.Line("}");
        }

        /// <summary><c>y + h·Σ wⱼkⱼ</c>, plain or fused.</summary>
        private static string Combination(List<(int Stage, double Coefficient)> terms, string prefix, bool fused)
        {
            List<(int Stage, double Coefficient)> sum = terms.Where(t => t.Coefficient != 0).ToList();
            if (sum.Count == 0)
            {
                return "y";
            }

            return fused ? $"TState.FusedMultiplyAdd(h, {Fused(sum, prefix)}, y)" : $"y + h * ({Plain(sum, prefix)})";
        }

        /// <summary>Σ wⱼkⱼ as the scalar path writes it: left to right, a coefficient of 1 not multiplied.</summary>
        private static string Plain(List<(int Stage, double Coefficient)> terms, string prefix) =>
            string.Join(" + ", terms.Select(t => t.Coefficient == 1.0 ? $"s{t.Stage}" : $"{prefix}{t.Stage} * s{t.Stage}"));

        /// <summary>Σ wⱼkⱼ as a chain of fused multiply-adds from the first term on.</summary>
        private static string Fused(List<(int Stage, double Coefficient)> terms, string prefix)
        {
            (int j0, double a0) = terms[0];
            string acc = a0 == 1.0 ? $"s{j0}" : $"{prefix}{j0} * s{j0}";
            foreach ((int j, double a) in terms.Skip(1))
            {
                acc = a == 1.0 ? $"{acc} + s{j}" : $"TState.FusedMultiplyAdd({prefix}{j}, s{j}, {acc})";
            }

            return acc;
        }
    }
}

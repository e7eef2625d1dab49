using System.Collections.Generic;
using System.Linq;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Tableaux;

public sealed partial class ButcherTableauGenerator
{
    /// <summary>
    /// Emits the state step of a tableau (<c>StepState</c>): one trajectory whose state is a value
    /// (<c>IStateVector</c>), the stages in locals <c>s0..s(s-1)</c> so that the JIT keeps them in registers, the
    /// system called through <c>ISmallOdeSystem.Evaluate</c>. By default each combination is
    /// <see cref="ScalarEmitter"/>'s written with the state's operators (same terms, same order, coefficient 1 not
    /// multiplied, y + h·Σ), so the bits are the span path's; with <c>FusedMultiplyAdd</c> set, each combination is
    /// y + Σ (h·aⱼ)kⱼ in chained fused multiply-adds instead (one rounding each), in a second body chosen by the
    /// arithmetic type (<c>IStateArithmetic</c>), which the JIT folds per compiled loop.
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

        /// <summary>
        /// The parameters of a body (and, neither a call nor by value, of the public step). A step too large to inline (a call of its own) returns the error and leaves the
        /// solution in an out parameter: the error then comes back in a register, on the chain from one step's error
        /// to the next step's size, and the solution, which the next step needs no sooner than that size, through
        /// memory (Lotka–Volterra, Dopri5: 5.00 → 4.73 µs a solve, AMD EPYC AVX-512). Such a step also has bodies
        /// that take the state and first stage by value (<paramref name="byValue"/>), for states of at most
        /// <see cref="RegisterBytes"/>: two doubles then arrive in two registers (SysV ABI) rather than through a
        /// store and a load on the way into the call (5.20 → 5.00 µs); a larger state passed by value is copied to
        /// the stack, which cost Lorenz 14%, so it keeps <c>in</c>.
        /// </summary>
        private static string BodyParameters(bool call, bool byValue) =>
            $"ref TSystem system, T t, T h, {(byValue ? string.Empty : "in ")}TState y, {(byValue ? string.Empty : "in ")}TState k1, in {SettingsType} settings, scoped global::System.Span<TState> stages, out TState last, "
            + (call ? "out TState solution" : "out T errorSquares");

        /// <summary>The largest state passed by value to a step that is a call (<see cref="BodyParameters"/>).</summary>
        private const int RegisterBytes = 16;

        public static void Emit(SourceWriter w, TableauSpec spec)
        {
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line("public static bool HasStateStep => true;");
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line($"[{AggressiveInlining}]");
            w.Line($"public static TState StepState<T, TState, TSystem, TArithmetic>({BodyParameters(call: false, byValue: false)})");
            EmitConstraints(w);
            w.Line($"    where TArithmetic : struct, {ArithmeticInterface}");
            w.Line("{");
            w.Line("    // One body per arithmetic rather than a choice per combination in one body of twice the IL. TArithmetic is a");
            w.Line("    // struct type, so the JIT folds this choice and the integrator's loop holds only the body taken.");
            bool call = spec.Stages > MaxInlinedStages;
            if (call)
            {
                w.Line("    // The size is a constant of the compiled loop: a small state goes by value (see the bodies taking it so).");
                w.Line($"    if (global::System.Runtime.CompilerServices.Unsafe.SizeOf<TState>() <= {Literals.Int(RegisterBytes)})");
                w.Line("    {");
                w.Line("        TState solution;");
                EmitBodyCall(w, "        ", "errorSquares = ", byValue: true, "solution");
                w.Line("        return solution;");
                w.Line("    }");
                w.Line();
                w.Line("    TState result;");
                EmitBodyCall(w, "    ", "errorSquares = ", byValue: false, "result");
                w.Line("    return result;");
            }
            else
            {
                EmitBodyCall(w, "    ", "return ", byValue: false, "errorSquares");
            }

            w.Line("}");
            EmitBody(w, spec, fused: false, call, byValue: false);
            EmitBody(w, spec, fused: true, call, byValue: false);
            if (call)
            {
                EmitBody(w, spec, fused: false, call, byValue: true);
                EmitBody(w, spec, fused: true, call, byValue: true);
            }
        }

        /// <summary>
        /// The public step's call of a body, the arithmetic chosen by <c>TArithmetic</c>: <paramref name="assign"/> takes
        /// what the body returns, its last out argument is <paramref name="output"/>.
        /// </summary>
        private static void EmitBodyCall(SourceWriter w, string pad, string assign, bool byValue, string output)
        {
            string name = byValue ? "ByValue" : string.Empty, by = byValue ? string.Empty : "in ";
            string arguments = $"(ref system, t, h, {by}y, {by}k1, in settings, stages, out last, out {output})";
            w.Line($"{pad}{assign}TArithmetic.FusedMultiplyAdd");
            w.Line($"{pad}    ? StepStateFused{name}<T, TState, TSystem>{arguments}");
            w.Line($"{pad}    : StepStatePlain{name}<T, TState, TSystem>{arguments};");
        }

        private static void EmitConstraints(SourceWriter w)
        {
            w.Line($"    where T : {FloatConstraint}");
            w.Line($"    where TState : struct, {StateInterface}");
            w.Line($"    where TSystem : {SystemInterface}");
        }

        /// <summary>
        /// The step with every combination plain (the span path's arithmetic) or fused. Each sum Σ wⱼkⱼ is accumulated
        /// as soon as its stage kⱼ exists (the same terms added in the same order, so the same bits): a stage then
        /// lives only until the last sum that needs it has taken it, instead of until the solution at the end, which
        /// keeps Rk4's state in registers where the JIT would otherwise spill its partial sums. Coefficients are
        /// written where they are used and stage inputs passed straight to the system, not held in locals: an inlinee
        /// may declare only a few locals, and Dopri5's step with one local per coefficient was never inlined.
        /// </summary>
        private static void EmitBody(SourceWriter w, TableauSpec spec, bool fused, bool call, bool byValue)
        {
            int s = spec.Stages;
            w.Line();
            w.Line($"[{(s <= MaxInlinedStages ? AggressiveInlining : NoInlining)}]");
            w.Line($"private static {(call ? "T" : "TState")} StepState{(fused ? "Fused" : "Plain")}{(byValue ? "ByValue" : string.Empty)}<T, TState, TSystem>({BodyParameters(call, byValue)})");
            EmitConstraints(w);
            w.Line("{");
            w.Line("    TState s0 = k1;");

            // The sums: each later stage's input, then the solution unless the last stage's input is the solution (FSAL).
            var sums = new List<Sum>();
            for (int stage = 1; stage < s; stage++)
            {
                sums.Add(new Sum($"w{stage}", NonZero(spec.StageTerms(stage))));
            }

            if (!spec.IsFsal)
            {
                sums.Add(new Sum("wb", NonZero(spec.SolutionTerms())));
            }

            // The error's sum too, whether or not this step estimates its error (a fixed step of an embedded pair pays
            // its few multiply-adds): a sum taken at the end would keep every stage live through the step.
            List<(int Stage, double Coefficient)>? error = spec.ErrorTerms();
            Sum? errorSum = error is null ? null : new Sum(ErrorSum, NonZero(error));
            if (errorSum is { Terms.Count: > 0 })
            {
                sums.Add(errorSum);
            }

            EmitAccumulation(w, sums, 0, fused);
            for (int stage = 1; stage < s; stage++)
            {
                string time = $"t + {Coefficient(spec.C[stage])} * h";
                w.Line();
                w.Line($"    // Stage {stage + 1} (c = {Literals.Double(spec.C[stage])})");
                if (spec.WritesSolution(stage))
                {
                    w.Line($"    TState next = {Combination(sums[stage - 1], fused)};");
                    w.Line($"    TState s{stage} = system.Evaluate({time}, next);");
                }
                else
                {
                    w.Line($"    TState s{stage} = system.Evaluate({time}, {Combination(sums[stage - 1], fused)});");
                }

                EmitAccumulation(w, sums, stage, fused);
            }

            w.Line();
            if (!spec.IsFsal)
            {
                w.Line($"    TState next = {Combination(sums[s - 1], fused)};");
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
            if (errorSum is null)
            {
                EmitReturn(w, "    ", call, "T.Zero");
                w.Line("}");
                return;
            }

            w.Line("    if (!settings.EstimateError)");
            w.Line("    {");
            EmitReturn(w, "        ", call, "T.Zero");
            w.Line("    }");
            w.Line();
            w.Line($"    TState e = {(errorSum.Terms.Count == 0 ? "T.Zero * y" : fused ? ErrorSum : $"h * {ErrorSum}")};");
            EmitReturn(w, "    ", call,
                "settings.MaximumNorm",
                "    ? TState.ScaledErrorMaximum(e, y, k1, h, settings.AbsoluteTolerance, settings.RelativeTolerance)",
                "    : TState.ScaledErrorSquares(e, y, next, settings.AbsoluteTolerance, settings.RelativeTolerance)");
            w.Line("}");
        }

        /// <summary>
        /// The end of a body, given the error's expression in lines: the solution returned and the error in
        /// <c>errorSquares</c>, or (a step that is a call, see <see cref="BodyParameters"/>) the solution in
        /// <c>solution</c> and the error returned.
        /// </summary>
        private static void EmitReturn(SourceWriter w, string pad, bool call, params string[] error)
        {
            if (call)
            {
                w.Line($"{pad}solution = next;");
            }

            for (int i = 0; i < error.Length; i++)
            {
                string head = i > 0 ? string.Empty : call ? "return " : "errorSquares = ";
                w.Line($"{pad}{head}{error[i]}{(i == error.Length - 1 ? ";" : string.Empty)}");
            }

            if (!call)
            {
                w.Line($"{pad}return next;");
            }
        }

        /// <summary>A sum Σ wⱼkⱼ of the step: its accumulator's name and its non-zero terms in order.</summary>
        private sealed record Sum(string Name, List<(int Stage, double Coefficient)> Terms);

        /// <summary>
        /// Adds stage <paramref name="stage"/>'s term to every sum that has one: the first term declares the accumulator.
        /// Plain: Σ wⱼkⱼ left to right, as the span path (y + h·Σ comes after), each term added by the state's
        /// <c>MultiplyAdd</c> (a multiply, then an add: the operators' bits in one call, which spends less of the JIT's
        /// inlining budget than two operators and leaves it enough for Lorenz's <c>Evaluate</c> in Dopri5). Fused: y + Σ (h·wⱼ)kⱼ, one fused
        /// multiply-add per term from y on (the error from its first term), as GCC contracts Boost.Odeint's
        /// <c>scale_sum</c>: a new stage then reaches the next stage's input through one multiply-add, not a multiply,
        /// an add, a multiply by h and an add.
        /// </summary>
        private static void EmitAccumulation(SourceWriter w, List<Sum> sums, int stage, bool fused)
        {
            foreach (Sum sum in sums)
            {
                int at = sum.Terms.FindIndex(t => t.Stage == stage);
                if (at < 0)
                {
                    continue;
                }

                double a = sum.Terms[at].Coefficient;
                string declare = at == 0 ? "TState " : string.Empty;
                string value;
                if (fused)
                {
                    string scaled = a == 1.0 ? "h" : $"h * {Coefficient(a)}";
                    value = at == 0 && sum.Name == ErrorSum
                        ? $"({scaled}) * s{stage}"
                        : $"TState.FusedMultiplyAdd({scaled}, s{stage}, {(at == 0 ? "y" : sum.Name)})";
                }
                else
                {
                    value = at == 0 ? Term(stage, a) : a == 1.0 ? $"{sum.Name} + s{stage}" : $"TState.MultiplyAdd({Coefficient(a)}, s{stage}, {sum.Name})";
                }

                w.Line($"    {declare}{sum.Name} = {value};");
            }
        }

        /// <summary>A stage's input from its accumulated sum: y + h·Σ plain, the accumulator itself fused, y without terms.</summary>
        private static string Combination(Sum sum, bool fused) =>
            sum.Terms.Count == 0 ? "y" : fused ? sum.Name : $"TState.MultiplyAdd(h, {sum.Name}, y)";

        /// <summary>The error's accumulator: h·Σ dⱼkⱼ fused, Σ dⱼkⱼ plain.</summary>
        private const string ErrorSum = "wd";

        private static List<(int Stage, double Coefficient)> NonZero(List<(int Stage, double Coefficient)> terms) =>
            terms.Where(t => t.Coefficient != 0).ToList();

        /// <summary>A coefficient as a value of T (the span path's locals hold the same <c>T.CreateTruncating</c>).</summary>
        private static string Coefficient(double a) => $"T.CreateTruncating({Literals.Double(a)})";

        /// <summary>wⱼkⱼ, a coefficient of 1 not multiplied (as the scalar path).</summary>
        private static string Term(int stage, double a) => a == 1.0 ? $"s{stage}" : $"{Coefficient(a)} * s{stage}";
    }
}

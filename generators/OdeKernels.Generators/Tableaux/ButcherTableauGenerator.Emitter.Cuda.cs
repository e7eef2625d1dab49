using System.Collections.Generic;
using System.Linq;
using System.Text;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Tableaux;

public sealed partial class ButcherTableauGenerator
{
    /// <summary>
    /// Emits a tableau's CUDA C step (<c>IRungeKuttaTableau.CudaStepSource</c>), which the runtime's CUDA backend puts
    /// between a network's device code and the solver kernels: the arithmetic of the C# step for one lane (stages
    /// unrolled, zero coefficients skipped, coefficients as round-trip literals rounded once to the element type,
    /// Σ aⱼkⱼ summed left to right, then y + h·Σ; the FSAL stage written straight into the new solution; the squared
    /// scaled error summed over components), plus the tableau's constants for the kernels' controller and adjoints.
    /// </summary>
    internal static class CudaEmitter
    {
        public static void Emit(SourceWriter w, TableauSpec spec)
        {
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line("public static string CudaStepSource =>");
            w.StringLines(StepSource(spec));
        }

        /// <summary>The CUDA C text (lines end in '\n').</summary>
        public static string StepSource(TableauSpec spec)
        {
            int s = spec.Stages;
            var w = new StringBuilder();
            string kind = spec.HasEmbedded ? $"order {Literals.Int(spec.Order)}({Literals.Int(spec.EmbeddedOrder)})" : $"order {Literals.Int(spec.Order)}, fixed step";
            w.Append($"// {spec.Name}: {Literals.Int(s)} stages, {kind}{(spec.IsFsal ? ", FSAL" : string.Empty)}.\n");
            w.Append($"#define ODE_STAGES {Literals.Int(s)}\n");
            w.Append($"#define ODE_ORDER {Literals.Int(spec.Order)}\n");
            w.Append($"#define ODE_EMBEDDED_ORDER {Literals.Int(spec.EmbeddedOrder)}\n");
            w.Append($"#define ODE_CONTROLLER_Q {Literals.Int(spec.ControllerOrder)}\n");
            w.Append($"#define ODE_FSAL {(spec.IsFsal ? 1 : 0)}\n");

            // A as a dense s × s matrix (zero on and above the diagonal), as the kernels index it.
            IEnumerable<double> a = Enumerable.Range(0, s * s).Select(at => spec.GetA(at / s, at % s));
            w.Append($"__constant__ double ode_tableau_c[{Literals.Int(s)}] = {{ {string.Join(", ", spec.C.Select(Literals.CDouble))} }};\n");
            w.Append($"__constant__ double ode_tableau_a[{Literals.Int(s * s)}] = {{ {string.Join(", ", a.Select(Literals.CDouble))} }};\n");
            w.Append($"__constant__ double ode_tableau_b[{Literals.Int(s)}] = {{ {string.Join(", ", spec.B.Select(Literals.CDouble))} }};\n\n");
            w.Append("template <int M, class Sys>\n");
            w.Append("__device__ __forceinline__ void ode_rk_step(const Sys& sys, ode_t t, ode_t h, const ode_t* y, ode_t (*k)[M], ode_t* ys, ode_t* yn, ode_t* error_squares, ode_t atol, ode_t rtol)\n{\n");
            w.Append("    (void)error_squares; (void)atol; (void)rtol;\n");
            for (int stage = 1; stage < s; stage++)
            {
                string target = spec.WritesSolution(stage) ? "yn" : "ys";
                string c = Literals.CDouble(spec.C[stage]);
                w.Append($"    // Stage {Literals.Int(stage + 1)}, c = {c}.\n");
                w.Append($"    for (int i = 0; i < M; ++i) {{ ode_t yi = y[i]; {target}[i] = {Combination(spec.StageTerms(stage))}; }}\n");
                w.Append($"    sys.eval(t + (ode_t){c} * h, {target}, k[{Literals.Int(stage)}]);\n");
            }

            List<(int Stage, double Coefficient)> solution = spec.SolutionTerms();
            if (spec.ErrorTerms() is { } error)
            {
                string errorSum = error.Any(t => t.Coefficient != 0) ? $"h * ({Weighted(error)})" : "(yi - yi)";
                string next = spec.IsFsal ? "yn[i]" : Combination(solution);
                w.Append("    if (error_squares)\n    {\n        ode_t e = (ode_t)0;\n");
                w.Append($"        for (int i = 0; i < M; ++i) {{ ode_t yi = y[i]; ode_t next = {next};{(spec.IsFsal ? string.Empty : " yn[i] = next;")} ode_t r = ({errorSum}) / (atol + rtol * ode_maxabs(yi, next)); e += r * r; }}\n");
                w.Append("        *error_squares = e;\n    }\n");
                if (!spec.IsFsal)
                {
                    w.Append("    else\n    {\n");
                    w.Append($"        for (int i = 0; i < M; ++i) {{ ode_t yi = y[i]; yn[i] = {Combination(solution)}; }}\n");
                    w.Append("    }\n");
                }
            }
            else if (!spec.IsFsal)
            {
                w.Append($"    for (int i = 0; i < M; ++i) {{ ode_t yi = y[i]; yn[i] = {Combination(solution)}; }}\n");
            }

            w.Append("}\n\n");
            AppendReverseStep(w, spec);
            return w.ToString();
        }

        /// <summary>
        /// The reverse-mode step for one lane (<c>ode_rk_reverse_step</c>, used by the Checkpointed kernel), the
        /// arithmetic of the generated C# <c>ReverseStepLane</c> unrolled from the same model: the stages that reach the
        /// result (<see cref="TableauSpec.LiveStages"/>) recomputed with the forward step's combinations, k̄ᵢ = (h·bᵢ)·ȳ
        /// for every stage, then from the last live stage back: g = VJP of f at stage i with k̄ᵢ, ȳ += g, and
        /// k̄ⱼ += (h·aᵢⱼ)·g for the non-zero aᵢⱼ. bar holds the cotangent of the step's result on entry and that of its
        /// start on return; the parameter cotangent goes to the lane's column (stride apart). Returns the evaluations
        /// spent, f and VJP counting one each.
        /// </summary>
        private static void AppendReverseStep(StringBuilder w, TableauSpec spec)
        {
            int s = spec.Stages;
            bool[] live = spec.LiveStages();
            w.Append("template <int M, class Net>\n");
            w.Append("__device__ int ode_rk_reverse_step(const ode_t* p, ode_t t, ode_t h, const ode_t* y, ode_t* bar, double* dtheta, int stride, ode_t (*k)[M], ode_t (*ys)[M], ode_t (*kbar)[M])\n{\n");
            int evaluations = 0;
            for (int stage = 0; stage < s; stage++)
            {
                if (!live[stage])
                {
                    continue;
                }

                evaluations += 2;
                w.Append($"    for (int i = 0; i < M; ++i) {{ ode_t yi = y[i]; ys[{Literals.Int(stage)}][i] = {Combination(spec.StageTerms(stage))}; }}\n");
                w.Append($"    Net::f(t + (ode_t){Literals.CDouble(spec.C[stage])} * h, ys[{Literals.Int(stage)}], k[{Literals.Int(stage)}], p);\n");
            }

            for (int stage = 0; stage < s; stage++)
            {
                w.Append($"    {{ ode_t w = h * (ode_t){Literals.CDouble(spec.B[stage])}; for (int i = 0; i < M; ++i) kbar[{Literals.Int(stage)}][i] = w * bar[i]; }}\n");
            }

            w.Append("    ode_t ybar[M];\n");
            for (int stage = s - 1; stage >= 0; stage--)
            {
                if (!live[stage])
                {
                    continue;
                }

                string i = Literals.Int(stage);
                w.Append($"    for (int i = 0; i < M; ++i) ybar[i] = (ode_t)0;\n");
                w.Append($"    Net::vjp(t + (ode_t){Literals.CDouble(spec.C[stage])} * h, ys[{i}], kbar[{i}], ybar, dtheta, stride, p);\n");
                w.Append("    for (int i = 0; i < M; ++i) bar[i] += ybar[i];\n");
                foreach ((int j, double a) in spec.StageTerms(stage).Where(t => t.Coefficient != 0))
                {
                    w.Append($"    {{ ode_t w = h * (ode_t){Literals.CDouble(a)}; for (int i = 0; i < M; ++i) kbar[{Literals.Int(j)}][i] += w * ybar[i]; }}\n");
                }
            }

            w.Append($"    return {Literals.Int(evaluations)};\n}}\n\n");
        }

        /// <summary>yi + h * (Σ wⱼkⱼ over non-zero wⱼ), or yi when every weight is zero.</summary>
        private static string Combination(List<(int Stage, double Coefficient)> terms) =>
            terms.Any(t => t.Coefficient != 0) ? $"yi + h * ({Weighted(terms)})" : "yi";

        private static string Weighted(List<(int Stage, double Coefficient)> terms) =>
            string.Join(" + ", terms.Where(t => t.Coefficient != 0).Select(t => t.Coefficient == 1.0
                ? $"k[{Literals.Int(t.Stage)}][i]"
                : $"(ode_t){Literals.CDouble(t.Coefficient)} * k[{Literals.Int(t.Stage)}][i]"));
    }
}

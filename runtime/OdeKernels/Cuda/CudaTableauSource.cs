using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace OdeKernels.Cuda;

/// <summary>
/// Emits a tableau's CUDA C step from its <see cref="TableauInfo"/>: the arithmetic of the generated C# step
/// (<c>ButcherTableauGenerator.Emitter.Simd.cs</c>) for one lane: stages unrolled, zero coefficients skipped,
/// coefficients as round-trip literals rounded once to the element type, Σ aⱼkⱼ summed left to right, then
/// y + h·Σ; the FSAL stage written straight into the new solution; the squared scaled error summed over components.
/// </summary>
/// <remarks>
/// The step is written here, at run time, rather than by the tableau generator: <see cref="TableauInfo"/> already
/// carries the validated coefficients of every tableau (built-in or declared), so any tableau runs on CUDA with no
/// second generated file per tableau, and the text is as deterministic as generated code.
/// </remarks>
internal static class CudaTableauSource
{
    public static string Emit(TableauInfo tableau)
    {
        ArgumentNullException.ThrowIfNull(tableau);
        int s = tableau.Stages;
        var w = new StringBuilder();
        string kind = tableau.HasEmbedded ? $"order {tableau.Order}({tableau.EmbeddedOrder})" : $"order {tableau.Order}, fixed step";
        w.Append(CultureInfo.InvariantCulture, $"// {tableau.Name}: {s} stages, {kind}{(tableau.IsFsal ? ", FSAL" : string.Empty)}.\n");
        w.Append(CultureInfo.InvariantCulture, $"#define ODE_STAGES {s}\n");
        w.Append(CultureInfo.InvariantCulture, $"#define ODE_ORDER {tableau.Order}\n");
        w.Append(CultureInfo.InvariantCulture, $"#define ODE_EMBEDDED_ORDER {tableau.EmbeddedOrder}\n");
        w.Append(CultureInfo.InvariantCulture, $"#define ODE_CONTROLLER_Q {Math.Min(tableau.Order, Math.Max(tableau.EmbeddedOrder, 1)) + 1}\n");
        w.Append(CultureInfo.InvariantCulture, $"#define ODE_FSAL {(tableau.IsFsal ? 1 : 0)}\n");
        var a = new double[s * s];
        for (int i = 0; i < s; i++)
        {
            for (int j = 0; j < i; j++)
            {
                a[(i * s) + j] = tableau.GetA(i, j);
            }
        }

        w.Append(CultureInfo.InvariantCulture, $"__constant__ double ode_tableau_c[{s}] = {{ {string.Join(", ", tableau.C.Select(Literal))} }};\n");
        w.Append(CultureInfo.InvariantCulture, $"__constant__ double ode_tableau_a[{s * s}] = {{ {string.Join(", ", a.Select(Literal))} }};\n");
        w.Append(CultureInfo.InvariantCulture, $"__constant__ double ode_tableau_b[{s}] = {{ {string.Join(", ", tableau.B.Select(Literal))} }};\n\n");
        w.Append("template <int M, class Sys>\n");
        w.Append("__device__ __forceinline__ void ode_rk_step(const Sys& sys, ode_t t, ode_t h, const ode_t* y, ode_t (*k)[M], ode_t* ys, ode_t* yn, ode_t* error_squares, ode_t atol, ode_t rtol)\n{\n");
        w.Append("    (void)error_squares; (void)atol; (void)rtol;\n");
        for (int stage = 1; stage < s; stage++)
        {
            string target = tableau.IsFsal && stage == s - 1 ? "yn" : "ys";
            var row = Enumerable.Range(0, stage).Select(j => (j, tableau.GetA(stage, j))).ToList();
            w.Append(CultureInfo.InvariantCulture, $"    // Stage {stage + 1}, c = {Literal(tableau.C[stage])}.\n");
            w.Append(CultureInfo.InvariantCulture, $"    for (int i = 0; i < M; ++i) {{ ode_t yi = y[i]; {target}[i] = {Combination(row)}; }}\n");
            w.Append(CultureInfo.InvariantCulture, $"    sys.eval(t + (ode_t){Literal(tableau.C[stage])} * h, {target}, k[{stage}]);\n");
        }

        List<(int, double)> solution = Enumerable.Range(0, s).Select(j => (j, tableau.B[j])).ToList();
        if (tableau.HasEmbedded)
        {
            var error = Enumerable.Range(0, s).Select(j => (j, tableau.B[j] - tableau.BHat![j])).Where(t => t.Item2 != 0).ToList();
            string errorSum = error.Count == 0 ? "(yi - yi)" : $"h * ({Weighted(error)})";
            string next = tableau.IsFsal ? "yn[i]" : Combination(solution);
            w.Append("    if (error_squares)\n    {\n        ode_t e = (ode_t)0;\n");
            w.Append(CultureInfo.InvariantCulture, $"        for (int i = 0; i < M; ++i) {{ ode_t yi = y[i]; ode_t next = {next};{(tableau.IsFsal ? string.Empty : " yn[i] = next;")} ode_t r = ({errorSum}) / (atol + rtol * ode_maxabs(yi, next)); e += r * r; }}\n");
            w.Append("        *error_squares = e;\n    }\n");
            if (!tableau.IsFsal)
            {
                w.Append("    else\n    {\n");
                w.Append(CultureInfo.InvariantCulture, $"        for (int i = 0; i < M; ++i) {{ ode_t yi = y[i]; yn[i] = {Combination(solution)}; }}\n");
                w.Append("    }\n");
            }
        }
        else if (!tableau.IsFsal)
        {
            w.Append(CultureInfo.InvariantCulture, $"    for (int i = 0; i < M; ++i) {{ ode_t yi = y[i]; yn[i] = {Combination(solution)}; }}\n");
        }

        w.Append("}\n\n");
        return w.ToString();
    }

    /// <summary>yi + h * (Σ wⱼkⱼ over non-zero wⱼ), or yi when every weight is zero.</summary>
    private static string Combination(List<(int Stage, double Weight)> terms)
    {
        var used = terms.Where(t => t.Weight != 0).ToList();
        return used.Count == 0 ? "yi" : $"yi + h * ({Weighted(used)})";
    }

    private static string Weighted(List<(int Stage, double Weight)> terms) =>
        string.Join(" + ", terms.Where(t => t.Weight != 0).Select(t => t.Weight == 1.0
            ? $"k[{t.Stage}][i]"
            : $"(ode_t){Literal(t.Weight)} * k[{t.Stage}][i]"));

    /// <summary>A C double literal that reads back as exactly <paramref name="value"/>.</summary>
    internal static string Literal(double value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.IndexOfAny(['.', 'E', 'e']) >= 0 ? text : text + ".0";
    }
}

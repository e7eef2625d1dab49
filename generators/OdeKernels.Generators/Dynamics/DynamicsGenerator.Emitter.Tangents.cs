using System.Linq;
using OdeKernels.Generators.Activations;
using OdeKernels.Generators.Common;
using OdeKernels.Generators.Layers;
using static OdeKernels.Generators.Layers.LayerStackEmitter;

namespace OdeKernels.Generators.Dynamics;

public sealed partial class DynamicsGenerator
{
    internal static partial class Emitter
    {
        /// <summary>
        /// Emits the forward-mode kernel of one tile, after <c>Forward</c>: the tangents of <c>m</c> directions (in the
        /// tangent input rows) through every layer, t held fixed. A dense layer maps a tangent u to W·u (no bias, no
        /// time column); an activation to X'(z)·u with the derivative of the table (<c>BackwardX</c> of 1, reading the
        /// kept exponential or z as the primal reverse pass does), evaluated once per unit and kept in the layer's slope
        /// rows for <see cref="EmitTangentBackward"/>. With <c>unit</c> the directions are e₀ … e_{m−1} and a first
        /// dense layer reads W·eᵣ as W's column r instead of multiplying.
        /// </summary>
        private static void EmitTangentForward(SourceWriter w, DynamicsSpec spec, TileLayout layout, TangentLayout tangents, int bits)
        {
            string t = spec.Element, b = Literals.Int(bits), vec = Vector(bits);
            w.Line($"/// <summary>J·vᵣ for the m directions in the tile's tangent input rows, after <see cref=\"Forward{b}\"/>; with <paramref name=\"unit\"/> vᵣ = eᵣ.</summary>");
            w.Open($"private static void Tangent{b}(ref {t} p, ref {t} s, int m, bool unit)");
            w.Line($"const int W = {Literals.Int(Lanes(spec.IsDouble, bits))};");
            for (int k = 0; k < spec.Layers.Count; k++)
            {
                LayerSpec layer = spec.Layers[k];
                string outputs = Literals.Int(layer.Outputs), columns = Literals.Int(layer.Columns);
                w.Line();
                w.Line($"// Tangent of {Describe(layer, k)}");
                w.OpenBlock();
                w.Line($"ref {t} tpre = ref {Unsafe}.Add(ref s, {Literals.Int(tangents.PreRows[k])} * W);");
                if (layer.IsDense)
                {
                    w.Line($"ref {t} tin = ref {Unsafe}.Add(ref s, {Literals.Int(tangents.InputRows[k])} * W);");
                    if (k == 0)
                    {
                        w.Open("if (unit)");
                        w.Line("// W·eᵣ is column r of W: no product.");
                        w.Open("for (int r = 0; r < m; r++)");
                        w.Open($"for (int o = 0; o < {outputs}; o++)");
                        w.Line($"{vec}.StoreUnsafe({vec}.Create({Unsafe}.Add(ref p, {Plus(layer.WeightOffset, $"(o * {columns})")} + r)), ref tpre, (nuint)(((r * {outputs}) + o) * W));");
                        w.Close();
                        w.Close();
                        w.Close();
                        w.Open("else");
                    }

                    // The dense sums' emitter indents its lines by one level itself, as inside a layer's block.
                    w.Line("for (int r = 0; r < m; r++)");
                    w.Line("{");
                    EmitBlockedTangentProduct(w, t, vec, layer);
                    w.Line("}");
                    if (k == 0)
                    {
                        w.Close();
                    }

                    if (layer.Activation != ActivationKind.Identity)
                    {
                        w.Line();
                    }
                }

                if (layer.Activation != ActivationKind.Identity)
                {
                    int exponential = layout.Layers.ExponentialRows[k];
                    bool kept = exponential >= 0;
                    w.Line($"ref {t} tout = ref {Unsafe}.Add(ref s, {Literals.Int(tangents.OutputRows[k])} * W);");
                    w.Line($"ref {t} value = ref {Unsafe}.Add(ref s, {Literals.Int(kept ? exponential : layout.Layers.PreRows[k])} * W);");
                    w.Line($"ref {t} slope = ref {Unsafe}.Add(ref s, {Literals.Int(tangents.SlopeRows[k])} * W);");
                    w.Open($"for (int o = 0; o < {outputs}; o++)");
                    w.Line("// X'(z) once per unit, kept for the reverse pass: the derivative is linear in g, so g·X'(z) is the same product.");
                    w.Line($"var d = {CSharpActivationPrinter.BackwardName(layer.Activation)}({vec}<{t}>.One, {vec}.LoadUnsafe(ref value, (nuint)(o * W)));");
                    w.Line($"{vec}.StoreUnsafe(d, ref slope, (nuint)(o * W));");
                    w.Open("for (int r = 0; r < m; r++)");
                    w.Line($"nuint at = (nuint)(((r * {outputs}) + o) * W);");
                    w.Line($"{vec}.StoreUnsafe({vec}.LoadUnsafe(ref tpre, at) * d, ref tout, at);");
                    w.Close();
                    w.Close();
                }

                w.Close();
            }

            w.Close();
            w.Line();
        }

        /// <summary>
        /// Emits the reverse pass over <see cref="EmitTangentForward"/> and <c>Forward</c> together, layer by layer from
        /// the last: the primal gradient (gradient rows, seeded with a) and the directions' cotangents (cotangent
        /// buffers, seeded with wᵣ) go down side by side. Through an activation, the cotangent ū of a tangent
        /// u' = X'(z)·u becomes X'(z)·ū, and z's gradient gains X''(z)·Σᵣ ūᵣ·uᵣ (<c>SecondX</c>, the table's second
        /// derivative); through a dense layer, W's gradient gains Σᵣ ūᵣ ⊗ uᵣ beside g ⊗ x, and ūᵣ becomes Wᵀūᵣ where
        /// something below needs it. The directions' own cotangents are not wanted (they are held fixed).
        /// </summary>
        private static void EmitTangentBackward(SourceWriter w, DynamicsSpec spec, TileLayout layout, TangentLayout tangents, int bits)
        {
            string t = spec.Element, b = Literals.Int(bits), vec = Vector(bits);
            int lanes = Lanes(spec.IsDouble, bits);
            bool perLane = KeepsParameterLanes(spec.ParameterCount, lanes);
            w.Line($"/// <summary>The vector-Jacobian product of (f, J·v₀ … J·v_{{m−1}}) for one tile after <see cref=\"Tangent{b}\"/>: parameter gradients into <paramref name=\"g\"/>, the state's into gradient row {Literals.Int(layout.InputGradientRow)}.</summary>");
            w.Open($"private static void TangentBackward{b}(ref {t} p, ref {t} s, ref {t} g, bool wantDy, bool wantTheta, int m, bool unit)");
            w.Line($"const int W = {Literals.Int(lanes)};");
            EmitLoadTime(w, spec, bits);
            int current = layout.GradientA, other = layout.GradientB, tangent = tangents.CotangentA, tangentOther = tangents.CotangentB;
            string width = Literals.Int(tangents.Width);
            for (int k = spec.Layers.Count - 1; k >= 0; k--)
            {
                LayerSpec layer = spec.Layers[k];
                string outputs = Literals.Int(layer.Outputs);
                bool denseBefore = DenseBefore(spec.Layers, k);
                w.Line();
                w.Line($"// Reverse of {Describe(layer, k)}");
                if (layer.Activation != ActivationKind.Identity)
                {
                    int exponential = layout.Layers.ExponentialRows[k];
                    bool kept = exponential >= 0;
                    ActivationFormula formula = ActivationTable.Of(layer.Activation);
                    OpenGuarded(w, layer.IsDense || denseBefore ? null : "wantDy");
                    w.Line($"    ref {t} gradient = ref {Unsafe}.Add(ref s, {Literals.Int(current)} * W);");
                    w.Line($"    ref {t} cotangent = ref {Unsafe}.Add(ref s, {Literals.Int(tangent)} * W);");
                    w.Line($"    ref {t} tpre = ref {Unsafe}.Add(ref s, {Literals.Int(tangents.PreRows[k])} * W);");
                    w.Line($"    ref {t} pre = ref {Unsafe}.Add(ref s, {Literals.Int(layout.Layers.PreRows[k])} * W);");
                    w.Line($"    ref {t} output = ref {Unsafe}.Add(ref s, {Literals.Int(layout.Layers.OutputRows[k])} * W);");
                    if (kept)
                    {
                        w.Line($"    ref {t} exponential = ref {Unsafe}.Add(ref s, {Literals.Int(exponential)} * W);");
                    }

                    w.Line($"    ref {t} slope = ref {Unsafe}.Add(ref s, {Literals.Int(tangents.SlopeRows[k])} * W);");
                    w.Line($"    for (int c = 0; c < {outputs}; c++)");
                    w.Line("    {");
                    w.Line("        nuint at = (nuint)(c * W);");
                    w.Line($"        var x = {vec}.LoadUnsafe(ref pre, at);");
                    w.Line($"        var y = {vec}.LoadUnsafe(ref output, at);");
                    if (kept)
                    {
                        w.Line($"        var e = {vec}.LoadUnsafe(ref exponential, at);");
                    }

                    string second = string.Join(", ", formula.SecondInputs);
                    w.Line($"        var d = {vec}.LoadUnsafe(ref slope, at);");
                    w.Line($"        var curvature = {vec}<{t}>.Zero;");
                    w.Line("        for (int r = 0; r < m; r++)");
                    w.Line("        {");
                    w.Line("            " + ProductSum.Accumulate(
                        layer.FusedMultiplyAdd, vec, "curvature", $"{vec}.LoadUnsafe(ref cotangent, (nuint)(((r * {width}) + c) * W))", $"{vec}.LoadUnsafe(ref tpre, (nuint)(((r * {outputs}) + c) * W))"));
                    w.Line("        }");
                    w.Line();
                    w.Line($"        {vec}.StoreUnsafe(({vec}.LoadUnsafe(ref gradient, at) * d) + {CSharpActivationPrinter.SecondName(layer.Activation)}(curvature, {second}), ref gradient, at);");
                    w.Line("        for (int r = 0; r < m; r++)");
                    w.Line("        {");
                    w.Line($"            nuint tat = (nuint)(((r * {width}) + c) * W);");
                    w.Line($"            {vec}.StoreUnsafe({vec}.LoadUnsafe(ref cotangent, tat) * d, ref cotangent, tat);");
                    w.Line("        }");
                    w.Line("    }");
                    w.Line("}");
                }

                if (!layer.IsDense)
                {
                    continue;
                }

                if (layer.Activation != ActivationKind.Identity)
                {
                    w.Line();
                }

                if (perLane)
                {
                    EmitFusedDenseBackward(w, spec, layout, tangents, bits, k, current, other, tangent);
                }
                else
                {
                    EmitDenseBackward(w, t, vec, layer, layout.Layers.InputRows[k], current, other, denseBefore ? null : "wantDy", perLane, lanes, layout.Layers.TransposeRow);
                    w.Line();
                    EmitTangentWeightGradientSummed(w, spec, tangents, bits, k, tangent);
                }

                // Below this layer the cotangents feed W's gradients (a dense layer before) or, through an activated
                // pointwise layer's curvature, only the state's gradient; with neither, nothing reads them.
                bool activatedBefore = spec.Layers.Take(k).Any(l => l.Activation != ActivationKind.Identity);
                if (denseBefore || activatedBefore)
                {
                    w.Line();
                    OpenGuarded(w, denseBefore ? null : "wantDy");
                    w.Line($"    ref {t} cotangent = ref {Unsafe}.Add(ref s, {Literals.Int(tangent)} * W);");
                    w.Line($"    ref {t} inputCotangent = ref {Unsafe}.Add(ref s, {Literals.Int(tangentOther)} * W);");
                    w.Line("    for (int r = 0; r < m; r++)");
                    w.Line("    {");
                    EmitBlockedTransposeProduct(w, t, vec, layer, "        ", "cotangent", "inputCotangent", $"r * {width}");
                    w.Line("    }");
                    w.Line("}");
                }

                (current, other) = (other, current);
                (tangent, tangentOther) = (tangentOther, tangent);
            }

            w.Close();
            w.Line();
        }
    }
}

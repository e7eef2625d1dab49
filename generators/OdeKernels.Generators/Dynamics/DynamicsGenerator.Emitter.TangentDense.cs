using OdeKernels.Generators.Common;
using OdeKernels.Generators.Layers;
using static OdeKernels.Generators.Layers.LayerStackEmitter;

namespace OdeKernels.Generators.Dynamics;

public sealed partial class DynamicsGenerator
{
    internal static partial class Emitter
    {
        /// <summary>The most unit directions whose share of a weight's gradient is written out, not looped over.</summary>
        private const int UnrolledDirections = 4;

        /// <summary>
        /// The parameter gradient and the input gradient of dense layer <paramref name="k"/> in
        /// <see cref="EmitTangentBackward"/>, where <c>g</c> holds per-lane partial sums: W's gradient takes
        /// g ⊗ x + Σᵣ ūᵣ ⊗ uᵣ in one read-modify-write of each weight's lanes. Those P × W sums outgrow the first-level
        /// cache, so a second pass over them for the tangents' share would cost as much again as the products; the time
        /// column and the bias take g alone (the tangents carry neither). With unit directions a first layer's
        /// Σᵣ ūᵣ[o]·uᵣ[j] is ū_j[o], no product. The input gradient Wᵀg follows, blocked (<see cref="EmitBlockedTransposeProduct"/>).
        /// </summary>
        private static void EmitFusedDenseBackward(SourceWriter w, DynamicsSpec spec, TileLayout layout, TangentLayout tangents, int bits, int k, int current, int other, int tangent)
        {
            LayerSpec layer = spec.Layers[k];
            string t = spec.Element, vec = Vector(bits), width = Literals.Int(tangents.Width);
            string inputs = Literals.Int(layer.Inputs), columns = Literals.Int(layer.Columns);
            w.OpenBlock();
            w.Line($"ref {t} gradient = ref {Unsafe}.Add(ref s, {Literals.Int(current)} * W);");
            w.Open("if (wantTheta)");
            w.Line($"ref {t} input = ref {Unsafe}.Add(ref s, {Literals.Int(layout.Layers.InputRows[k])} * W);");
            w.Line($"ref {t} cotangent = ref {Unsafe}.Add(ref s, {Literals.Int(tangent)} * W);");
            if (k > 0)
            {
                w.Line($"ref {t} tin = ref {Unsafe}.Add(ref s, {Literals.Int(tangents.InputRows[k])} * W);");
            }

            w.Open($"for (int o = 0; o < {Literals.Int(layer.Outputs)}; o++)");
            w.Line($"var go = {vec}.LoadUnsafe(ref gradient, (nuint)(o * W));");
            w.Line($"ref {t} row = ref {Unsafe}.Add(ref g, ({Plus(layer.WeightOffset, $"(o * {columns})")}) * W);");
            if (k > 0 && spec.StateSize <= UnrolledDirections)
            {
                // Unit directions: m = StateSize, known here, so each ūᵣ[o] is loaded once per o and the sum over r
                // is straight-line code (the same products in the same order as the loop).
                w.Open("if (unit)");
                for (int r = 0; r < spec.StateSize; r++)
                {
                    w.Line($"var c{Literals.Int(r)} = {vec}.LoadUnsafe(ref cotangent, (nuint)({Scaled(Plus(r * tangents.Width, "o"))}));");
                }

                w.Open($"for (int j = 0; j < {inputs}; j++)");
                w.Line("nuint at = (nuint)(j * W);");
                w.Line($"var sum = {ProductSum.Add(layer.FusedMultiplyAdd, vec, $"{vec}.LoadUnsafe(ref row, at)", "go", $"{vec}.LoadUnsafe(ref input, at)")};");
                for (int r = 0; r < spec.StateSize; r++)
                {
                    w.Line(ProductSum.Accumulate(layer.FusedMultiplyAdd, vec, "sum", "c" + Literals.Int(r), $"{vec}.LoadUnsafe(ref tin, (nuint)({Scaled(Plus(r * layer.Inputs, "j"))}))"));
                }

                w.Line($"{vec}.StoreUnsafe(sum, ref row, at);");
                w.Close();
                w.Close();
                w.Open("else");
            }

            w.Open($"for (int j = 0; j < {inputs}; j++)");
            w.Line("nuint at = (nuint)(j * W);");
            w.Line($"var sum = {ProductSum.Add(layer.FusedMultiplyAdd, vec, $"{vec}.LoadUnsafe(ref row, at)", "go", $"{vec}.LoadUnsafe(ref input, at)")};");
            string product = ProductSum.Accumulate(
                layer.FusedMultiplyAdd, vec, "sum", $"{vec}.LoadUnsafe(ref cotangent, (nuint)(((r * {width}) + o) * W))", $"{vec}.LoadUnsafe(ref tin, (nuint)(((r * {inputs}) + j) * W))");
            if (k == 0)
            {
                w.Line("// With unit directions, uᵣ = eᵣ: Σᵣ ūᵣ[o]·uᵣ[j] = ū_j[o], no product.");
                w.Open("if (unit)");
                w.Line($"sum += {vec}.LoadUnsafe(ref cotangent, (nuint)(((j * {width}) + o) * W));");
                w.Close();
                w.Open("else");
                w.Line($"ref {t} tin = ref {Unsafe}.Add(ref s, {Literals.Int(tangents.InputRows[k])} * W);");
            }

            w.Open("for (int r = 0; r < m; r++)");
            w.Line(product);
            w.Close();
            if (k == 0)
            {
                w.Close();
            }

            w.Line();
            w.Line($"{vec}.StoreUnsafe(sum, ref row, at);");
            w.Close();
            if (k > 0 && spec.StateSize <= UnrolledDirections)
            {
                w.Close();
            }

            if (layer.TimeInput)
            {
                w.Line();
                w.Line($"nuint tc = (nuint)({inputs} * W);");
                w.Line($"{vec}.StoreUnsafe({ProductSum.Add(layer.FusedMultiplyAdd, vec, $"{vec}.LoadUnsafe(ref row, tc)", "go", "time")}, ref row, tc);");
            }

            if (layer.Bias)
            {
                w.Line();
                w.Line($"nuint bias = (nuint)(({Literals.Int(layer.BiasOffset)} + o) * W);");
                w.Line($"{vec}.StoreUnsafe({vec}.LoadUnsafe(ref g, bias) + go, ref g, bias);");
            }

            w.Close();
            w.Close();
            w.Line();
            OpenGuarded(w, DenseBefore(spec.Layers, k) ? null : "wantDy");
            w.Line($"    ref {t} inputGradient = ref {Unsafe}.Add(ref s, {Literals.Int(other)} * W);");
            EmitBlockedTransposeProduct(w, t, vec, layer, "    ", "gradient", "inputGradient", direction: null);
            w.Line("}");
            w.Close();
        }

        /// <summary>A row index times W, parenthesised where it is a sum.</summary>
        private static string Scaled(string row) => row.Contains(" ") ? $"({row}) * W" : $"{row} * W";

        /// <summary>
        /// The tangents' share Σᵣ ūᵣ ⊗ uᵣ of dense layer <paramref name="k"/>'s weight gradient where <c>g</c> is
        /// θ's gradient itself (no per-lane sums): each weight's lanes summed and added, after <c>EmitDenseBackward</c>
        /// has added g ⊗ x.
        /// </summary>
        private static void EmitTangentWeightGradientSummed(SourceWriter w, DynamicsSpec spec, TangentLayout tangents, int bits, int k, int tangent)
        {
            LayerSpec layer = spec.Layers[k];
            string t = spec.Element, vec = Vector(bits), width = Literals.Int(tangents.Width);
            string inputs = Literals.Int(layer.Inputs), columns = Literals.Int(layer.Columns);
            w.Open("if (wantTheta)");
            w.Line($"ref {t} cotangent = ref {Unsafe}.Add(ref s, {Literals.Int(tangent)} * W);");
            w.Line($"ref {t} tin = ref {Unsafe}.Add(ref s, {Literals.Int(tangents.InputRows[k])} * W);");
            w.Open($"for (int o = 0; o < {Literals.Int(layer.Outputs)}; o++)");
            w.Open($"for (int j = 0; j < {inputs}; j++)");
            if (k == 0)
            {
                w.Line("// With unit directions, uᵣ = eᵣ: Σᵣ ūᵣ[o]·uᵣ[j] = ū_j[o], no product.");
                w.Line($"var sum = unit ? {vec}.LoadUnsafe(ref cotangent, (nuint)(((j * {width}) + o) * W)) : {vec}<{t}>.Zero;");
                w.Open("if (!unit)");
            }
            else
            {
                w.Line($"var sum = {vec}<{t}>.Zero;");
            }

            w.Open("for (int r = 0; r < m; r++)");
            w.Line(ProductSum.Accumulate(
                layer.FusedMultiplyAdd, vec, "sum", $"{vec}.LoadUnsafe(ref cotangent, (nuint)(((r * {width}) + o) * W))", $"{vec}.LoadUnsafe(ref tin, (nuint)(((r * {inputs}) + j) * W))"));
            w.Close();
            if (k == 0)
            {
                w.Close();
            }

            w.Line();
            w.Line($"{Unsafe}.Add(ref g, {Plus(layer.WeightOffset, $"(o * {columns})")} + j) += {vec}.Sum(sum);");
            w.Close();
            w.Close();
            w.Close();
        }
    }
}

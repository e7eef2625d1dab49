using OdeKernels.Generators.Common;
using OdeKernels.Generators.Layers;
using static OdeKernels.Generators.Layers.LayerStackEmitter;

namespace OdeKernels.Generators.Dynamics;

public sealed partial class DynamicsGenerator
{
    internal static partial class Emitter
    {
        /// <summary>
        /// <c>to = Wᵀ·from</c> for a dense layer (as <c>EmitWeightTransposeProduct</c>: row j of <paramref name="to"/>
        /// is Σₒ Wₒⱼ·row o of <paramref name="from"/>, in the order of o), <see cref="LayerStackEmitter.ProductBlock"/> rows j at a time.
        /// </summary>
        private static void EmitBlockedTransposeProduct(SourceWriter w, string t, string vec, LayerSpec layer, string indent, string from, string to, string? direction)
        {
            string Row(string index) => direction is null ? (index.Contains(" ") ? $"({index})" : index) : $"(({direction}) + {index})";
            int whole = layer.Inputs / ProductBlock * ProductBlock;
            string outputs = Literals.Int(layer.Outputs), columns = Literals.Int(layer.Columns);
            if (whole > 0)
            {
                w.Line($"{indent}for (int j = 0; j < {Literals.Int(whole)}; j += {Literals.Int(ProductBlock)})");
                w.Line(indent + "{");
                w.Line($"{indent}    ref {t} column = ref {Unsafe}.Add(ref p, {Plus(layer.WeightOffset, "j")});");
                for (int q = 0; q < ProductBlock; q++)
                {
                    w.Line($"{indent}    var sum{Literals.Int(q)} = {vec}<{t}>.Zero;");
                }

                w.Line($"{indent}    for (int o = 0; o < {outputs}; o++)");
                w.Line(indent + "    {");
                w.Line($"{indent}        var v = {vec}.LoadUnsafe(ref {from}, (nuint)({Row("o")} * W));");
                w.Line($"{indent}        ref {t} weights = ref {Unsafe}.Add(ref column, o * {columns});");
                for (int q = 0; q < ProductBlock; q++)
                {
                    w.Line($"{indent}        " + ProductSum.Accumulate(layer.FusedMultiplyAdd, vec, "sum" + Literals.Int(q), $"{vec}.Create({Unsafe}.Add(ref weights, {Literals.Int(q)}))", "v"));
                }

                w.Line(indent + "    }");
                w.Line();
                for (int q = 0; q < ProductBlock; q++)
                {
                    w.Line($"{indent}    {vec}.StoreUnsafe(sum{Literals.Int(q)}, ref {to}, (nuint)({Row($"j + {Literals.Int(q)}")} * W));");
                }

                w.Line(indent + "}");
            }

            if (whole < layer.Inputs)
            {
                if (whole > 0)
                {
                    w.Line();
                }

                EmitWeightTransposeProduct(w, t, vec, layer, indent, from, to, direction, whole);
            }
        }

        /// <summary>
        /// The tangent of a dense layer's pre-activation, W·uᵣ (no bias, no time column) for direction r (declared by
        /// the caller), into row r of <c>tpre</c>: the forward sums' blocks (<see cref="LayerStackEmitter.EmitBlockedDenseSums"/>),
        /// each sum in the order of j, sharing the load of uᵣ[j] (a narrow output layer's sums no longer wait on each other).
        /// </summary>
        private static void EmitBlockedTangentProduct(SourceWriter w, string t, string vec, LayerSpec layer) =>
            LayerStackEmitter.EmitBlockedDenseSums(w, t, vec, layer, "tpre", direction: "r");
    }
}

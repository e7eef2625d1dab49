using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Layers;

internal static partial class LayerStackEmitter
{
    /// <summary>
    /// A dense layer's parameter gradient for one tile, per lane: <c>g</c> holds W partial sums per parameter (see
    /// <see cref="KeepsParameterLanes"/>), each grown by one vector operation; the driver sums the lanes once per call.
    /// Inside <c>if (wantTheta)</c>, with <c>gradient</c> (the layer's output gradient) and <c>input</c> declared.
    /// </summary>
    private static void EmitParameterGradientPerLane(SourceWriter w, string t, string vec, LayerSpec layer)
    {
        string inputs = Literals.Int(layer.Inputs), columns = Literals.Int(layer.Columns);
        w.Line($"        for (int o = 0; o < {Literals.Int(layer.Outputs)}; o++)");
        w.Line("        {");
        w.Line($"            var go = {vec}.LoadUnsafe(ref gradient, (nuint)(o * W));");
        w.Line($"            ref {t} row = ref {Unsafe}.Add(ref g, ({Plus(layer.WeightOffset, $"(o * {columns})")}) * W);");
        w.Line($"            for (int j = 0; j < {inputs}; j++)");
        w.Line("            {");
        w.Line("                nuint at = (nuint)(j * W);");
        w.Line($"                {vec}.StoreUnsafe({ProductSum.Add(layer.FusedMultiplyAdd, vec, $"{vec}.LoadUnsafe(ref row, at)", "go", $"{vec}.LoadUnsafe(ref input, at)")}, ref row, at);");
        w.Line("            }");
        if (layer.TimeInput)
        {
            w.Line();
            w.Line($"            nuint tc = (nuint)({inputs} * W);");
            w.Line($"            {vec}.StoreUnsafe({ProductSum.Add(layer.FusedMultiplyAdd, vec, $"{vec}.LoadUnsafe(ref row, tc)", "go", "time")}, ref row, tc);");
        }

        if (layer.Bias)
        {
            w.Line();
            w.Line($"            nuint bias = (nuint)(({Literals.Int(layer.BiasOffset)} + o) * W);");
            w.Line($"            {vec}.StoreUnsafe({vec}.LoadUnsafe(ref g, bias) + go, ref g, bias);");
        }

        w.Line("        }");
    }

    /// <summary>
    /// A dense layer's parameter gradient for one tile, summed over its lanes straight into θ's gradient (<c>g</c> is
    /// <c>dtheta</c>): dW[o, j] += Σₗ gₒ,ₗ·xⱼ,ₗ. The layer's input (and t) is first transposed into the tile's
    /// transpose rows (lane l's columns at l × columns), so a vector of W consecutive weights of a row takes one
    /// broadcast-multiply-add per lane, kept in a register across the lanes: as few operations as the per-lane sums,
    /// without their P × W buffer. The columns past the last whole vector, and the bias, take a horizontal sum.
    /// </summary>
    private static void EmitParameterGradientSummed(SourceWriter w, string t, string vec, LayerSpec layer, int lanes, int transposeRow)
    {
        int whole = layer.Columns / lanes * lanes;
        string inputs = Literals.Int(layer.Inputs), columns = Literals.Int(layer.Columns);
        bool timeInWhole = layer.TimeInput && layer.Inputs < whole;
        if (whole > 0)
        {
            w.Line($"        ref {t} transposed = ref {Unsafe}.Add(ref s, {Literals.Int(transposeRow)} * W);");
            w.Line($"        for (int j = 0; j < {inputs}; j++)");
            w.Line("        {");
            w.Line("            for (int l = 0; l < W; l++)");
            w.Line("            {");
            w.Line($"                {Unsafe}.Add(ref transposed, (l * {columns}) + j) = {Unsafe}.Add(ref input, (j * W) + l);");
            w.Line("            }");
            w.Line("        }");
            w.Line();
            if (timeInWhole)
            {
                w.Line("        for (int l = 0; l < W; l++)");
                w.Line("        {");
                w.Line($"            {Unsafe}.Add(ref transposed, (l * {columns}) + {inputs}) = {vec}.GetElement(time, l);");
                w.Line("        }");
                w.Line();
            }
        }

        w.Line($"        for (int o = 0; o < {Literals.Int(layer.Outputs)}; o++)");
        w.Line("        {");
        w.Line($"            ref {t} lanes = ref {Unsafe}.Add(ref gradient, o * W);");
        w.Line($"            var go = {vec}.LoadUnsafe(ref lanes);");
        w.Line($"            ref {t} row = ref {Unsafe}.Add(ref g, {Plus(layer.WeightOffset, $"(o * {columns})")});");
        if (whole > 0)
        {
            w.Line($"            for (int j = 0; j < {Literals.Int(whole)}; j += W)");
            w.Line("            {");
            w.Line($"                var sum = {vec}.LoadUnsafe(ref row, (nuint)j);");
            w.Line("                for (int l = 0; l < W; l++)");
            w.Line("                {");
            w.Line("                    " + ProductSum.Accumulate(
                layer.FusedMultiplyAdd, vec, "sum", $"{vec}.Create({Unsafe}.Add(ref lanes, l))", $"{vec}.LoadUnsafe(ref transposed, (nuint)((l * {columns}) + j))"));
            w.Line("                }");
            w.Line();
            w.Line($"                {vec}.StoreUnsafe(sum, ref row, (nuint)j);");
            w.Line("            }");
        }

        if (whole < layer.Inputs)
        {
            w.Line();
            w.Line($"            for (int j = {Literals.Int(whole)}; j < {inputs}; j++)");
            w.Line("            {");
            w.Line($"                {Unsafe}.Add(ref row, j) += {vec}.Sum(go * {vec}.LoadUnsafe(ref input, (nuint)(j * W)));");
            w.Line("            }");
        }

        if (layer.TimeInput && !timeInWhole)
        {
            w.Line();
            w.Line($"            {Unsafe}.Add(ref row, {inputs}) += {vec}.Sum(go * time);");
        }

        if (layer.Bias)
        {
            w.Line();
            w.Line($"            {Unsafe}.Add(ref g, {Literals.Int(layer.BiasOffset)} + o) += {vec}.Sum(go);");
        }

        w.Line("        }");
    }
}

using System.Linq;
using OdeKernels.Generators.Activations;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Layers;

internal static partial class LayerStackEmitter
{
    /// <summary>
    /// One layer's forward code for a tile, as a block inside a kernel that declares <c>W</c>, <c>p</c> (the
    /// parameters), <c>s</c> (the scratch tile) and, for a layer with time input, <c>time</c>. A dense layer computes
    /// z = b + Σⱼ Wᵢⱼ xⱼ (+ W·t) in this order wherever it is emitted, so a layer is bit for bit the same in both stacks.
    /// With <paramref name="block"/> &gt; 1 a dense layer computes that many outputs at a time, in independent sums
    /// that share each input's load (the same terms in the same order, so the same bits; see
    /// <c>DynamicsGenerator.Emitter.ProductBlock</c>).
    /// </summary>
    internal static void EmitLayerForward(SourceWriter w, string t, int bits, LayerSpec layer, int k, LayerRows rows, int block = 1)
    {
        string vec = Vector(bits);
        w.Line();
        w.Line($"// {Describe(layer, k)}");
        if (layer.Spatial is { } spatial)
        {
            EmitSpatialForward(w, t, vec, layer, spatial, k, rows);
            return;
        }

        w.Line("{");
        w.Line($"    ref {t} input = ref {Unsafe}.Add(ref s, {Literals.Int(rows.InputRows[k])} * W);");
        if (layer.IsDense)
        {
            EmitDenseForward(w, t, vec, layer, rows.PreRows[k], rows.OutputRows[k], rows.ExponentialRows[k], block);
        }
        else if (layer.Activation != ActivationKind.Identity)
        {
            w.Line($"    ref {t} output = ref {Unsafe}.Add(ref s, {Literals.Int(rows.OutputRows[k])} * W);");
            EmitExponentialReference(w, t, rows.ExponentialRows[k]);
            w.Line($"    for (int c = 0; c < {Literals.Int(layer.Outputs)}; c++)");
            w.Line("    {");
            w.Line("        nuint at = (nuint)(c * W);");
            EmitActivate(w, vec, layer, $"{vec}.LoadUnsafe(ref input, at)", rows.ExponentialRows[k]);
            w.Line("    }");
        }

        w.Line("}");
    }

    /// <summary>Declares <c>exponential</c>, the row of a layer's kept exponential, if it keeps one.</summary>
    private static void EmitExponentialReference(SourceWriter w, string t, int exponentialRow)
    {
        if (exponentialRow >= 0)
        {
            w.Line($"    ref {t} exponential = ref {Unsafe}.Add(ref s, {Literals.Int(exponentialRow)} * W);");
        }
    }

    /// <summary>Stores the activation of <paramref name="argument"/> at <c>output[at]</c> and, if kept, its exponential at <c>exponential[at]</c>.</summary>
    private static void EmitActivate(SourceWriter w, string vec, LayerSpec layer, string argument, int exponentialRow, string indent = "        ")
    {
        if (exponentialRow >= 0)
        {
            w.Line($"{indent}{vec}.StoreUnsafe({CSharpActivationPrinter.ForwardName(layer.Activation)}({argument}, out var e), ref output, at);");
            w.Line($"{indent}{vec}.StoreUnsafe(e, ref exponential, at);");
        }
        else
        {
            w.Line($"{indent}{vec}.StoreUnsafe({CSharpActivationPrinter.ForwardName(layer.Activation)}({argument}), ref output, at);");
        }
    }

    private static void EmitDenseForward(SourceWriter w, string t, string vec, LayerSpec layer, int preRow, int outputRow, int exponentialRow, int block)
    {
        int whole = layer.Outputs / block * block;
        bool activated = layer.Activation != ActivationKind.Identity;
        w.Line($"    ref {t} pre = ref {Unsafe}.Add(ref s, {Literals.Int(preRow)} * W);");
        if (activated)
        {
            w.Line($"    ref {t} output = ref {Unsafe}.Add(ref s, {Literals.Int(outputRow)} * W);");
            EmitExponentialReference(w, t, exponentialRow);
        }

        if (block > 1 && whole > 0)
        {
            EmitBlockedDenseForward(w, t, vec, layer, exponentialRow, block, whole);
            if (whole == layer.Outputs)
            {
                return;
            }

            w.Line();
        }
        else
        {
            whole = 0;
        }

        w.Line($"    for (int o = {Literals.Int(whole)}; o < {Literals.Int(layer.Outputs)}; o++)");
        w.Line("    {");
        EmitDenseSum(w, t, vec, layer, "z", "o", "        ");
        w.Line("        nuint at = (nuint)(o * W);");
        w.Line($"        {vec}.StoreUnsafe(z, ref pre, at);");
        if (activated)
        {
            EmitActivate(w, vec, layer, "z", exponentialRow);
        }

        w.Line("    }");
    }

    /// <summary>Outputs 0 … <paramref name="whole"/> − 1 of a dense layer, <paramref name="block"/> at a time (see <see cref="EmitLayerForward"/>).</summary>
    private static void EmitBlockedDenseForward(SourceWriter w, string t, string vec, LayerSpec layer, int exponentialRow, int block, int whole)
    {
        string columns = Literals.Int(layer.Columns), inputs = Literals.Int(layer.Inputs);
        string Column(int q, string j) => q == 0 ? j : $"{Literals.Int(q * layer.Columns)} + {j}";
        w.Line($"    for (int o = 0; o < {Literals.Int(whole)}; o += {Literals.Int(block)})");
        w.Line("    {");
        w.Line($"        ref {t} row = ref {Unsafe}.Add(ref p, {Plus(layer.WeightOffset, $"(o * {columns})")});");
        for (int q = 0; q < block; q++)
        {
            string bias = q == 0 ? $"{Literals.Int(layer.BiasOffset)} + o" : $"{Literals.Int(layer.BiasOffset + q)} + o";
            w.Line($"        var z{Literals.Int(q)} = {(layer.Bias ? $"{vec}.Create({Unsafe}.Add(ref p, {bias}))" : $"{vec}<{t}>.Zero")};");
        }

        w.Line($"        for (int j = 0; j < {inputs}; j++)");
        w.Line("        {");
        w.Line($"            var x = {vec}.LoadUnsafe(ref input, (nuint)(j * W));");
        for (int q = 0; q < block; q++)
        {
            w.Line("            " + ProductSum.Accumulate(layer.FusedMultiplyAdd, vec, "z" + Literals.Int(q), $"{vec}.Create({Unsafe}.Add(ref row, {Column(q, "j")}))", "x"));
        }

        w.Line("        }");
        w.Line();
        if (layer.TimeInput)
        {
            for (int q = 0; q < block; q++)
            {
                w.Line("        " + ProductSum.Accumulate(layer.FusedMultiplyAdd, vec, "z" + Literals.Int(q), $"{vec}.Create({Unsafe}.Add(ref row, {Column(q, inputs)}))", "time"));
            }

            w.Line();
        }

        for (int q = 0; q < block; q++)
        {
            w.Line("        {");
            w.Line($"            nuint at = (nuint)({(q == 0 ? "o" : $"(o + {Literals.Int(q)})")} * W);");
            w.Line($"            {vec}.StoreUnsafe(z{Literals.Int(q)}, ref pre, at);");
            if (layer.Activation != ActivationKind.Identity)
            {
                EmitActivate(w, vec, layer, $"z{Literals.Int(q)}", exponentialRow, "            ");
            }

            w.Line("        }");
        }

        w.Line("    }");
    }

    /// <summary>
    /// One layer's reverse code for a tile (the kernel also declares <c>g</c>, the parameter gradient, and
    /// <c>wantTheta</c>): the gradient of the layer's output in row <paramref name="current"/> becomes the gradient of
    /// its input, in place through the activation and into row <paramref name="other"/> through a dense layer, which
    /// then swaps the two. Work whose only use is the input gradient runs under <paramref name="guard"/> (null: always).
    /// With <paramref name="perLane"/>, <c>g</c> holds per-lane partial sums (see <see cref="KeepsParameterLanes"/>);
    /// without, it is θ's gradient itself and the tile adds each parameter's lanes, summed, into it.
    /// </summary>
    internal static void EmitLayerBackward(
        SourceWriter w, string t, int bits, LayerSpec layer, int k, LayerRows rows, string? guard, bool perLane, ref int current, ref int other)
    {
        string vec = Vector(bits);
        w.Line();
        w.Line($"// {Describe(layer, k)}");
        if (layer.Activation != ActivationKind.Identity)
        {
            // A dense layer's (convolution's) activation always feeds its own weight gradient; a pointwise layer's only what lies before it.
            EmitActivationBackward(w, t, vec, layer, rows.PreRows[k], rows.ExponentialRows[k], current, layer.IsMap ? null : guard);
        }

        if (layer.IsDense)
        {
            EmitDenseBackward(w, t, vec, layer, rows.InputRows[k], current, other, guard, perLane, Lanes(t == "double", bits), rows.TransposeRow);
            (current, other) = (other, current);
        }
        else if (layer.Spatial is { } spatial)
        {
            EmitSpatialBackward(w, t, vec, layer, spatial, rows.InputRows[k], current, other, guard, perLane);
            (current, other) = (other, current);
        }
    }

    /// <summary>
    /// Whether a layer with parameters (dense, convolution, group norm) comes before layer <paramref name="k"/>, so that
    /// its input gradient is always needed.
    /// </summary>
    internal static bool DenseBefore(EquatableArray<LayerSpec> layers, int k) => layers.Take(k).Any(l => l.IsMap);

    /// <summary>Opens a block, under <c>if (guard)</c> unless <paramref name="guard"/> is null, at <paramref name="indent"/>.</summary>
    internal static void OpenGuarded(SourceWriter w, string? guard, string indent = "")
    {
        w.Line(guard is null ? indent + "{" : $"{indent}if ({guard})");
        if (guard is not null)
        {
            w.Line(indent + "{");
        }
    }

    /// <summary>The derivative reads the kept exponential (tanh, sigmoid) or the activation's input.</summary>
    private static void EmitActivationBackward(SourceWriter w, string t, string vec, LayerSpec layer, int preRow, int exponentialRow, int gradientRow, string? guard)
    {
        bool kept = exponentialRow >= 0;
        string name = kept ? "exponential" : "pre";
        OpenGuarded(w, guard);
        w.Line($"    ref {t} gradient = ref {Unsafe}.Add(ref s, {Literals.Int(gradientRow)} * W);");
        w.Line($"    ref {t} {name} = ref {Unsafe}.Add(ref s, {Literals.Int(kept ? exponentialRow : preRow)} * W);");
        w.Line($"    for (int c = 0; c < {Literals.Int(layer.Outputs)}; c++)");
        w.Line("    {");
        w.Line("        nuint at = (nuint)(c * W);");
        string value = $"{vec}.LoadUnsafe(ref {name}, at)";
        w.Line($"        {vec}.StoreUnsafe({CSharpActivationPrinter.BackwardName(layer.Activation)}({vec}.LoadUnsafe(ref gradient, at), {value}), ref gradient, at);");
        w.Line("    }");
        w.Line("}");
    }

    internal static void EmitDenseBackward(
        SourceWriter w, string t, string vec, LayerSpec layer, int inputRow, int gradientRow, int inputGradientRow, string? guard, bool perLane, int lanes, int transposeRow)
    {
        w.Line("{");
        w.Line($"    ref {t} gradient = ref {Unsafe}.Add(ref s, {Literals.Int(gradientRow)} * W);");
        w.Line("    if (wantTheta)");
        w.Line("    {");
        w.Line($"        ref {t} input = ref {Unsafe}.Add(ref s, {Literals.Int(inputRow)} * W);");
        if (perLane)
        {
            EmitParameterGradientPerLane(w, t, vec, layer);
        }
        else
        {
            EmitParameterGradientSummed(w, t, vec, layer, lanes, transposeRow);
        }

        w.Line("    }");
        w.Line();
        OpenGuarded(w, guard, "    ");
        w.Line($"        ref {t} inputGradient = ref {Unsafe}.Add(ref s, {Literals.Int(inputGradientRow)} * W);");
        EmitWeightTransposeProduct(w, t, vec, layer, "        ", "gradient", "inputGradient", direction: null);
        w.Line("    }");
        w.Line("}");
    }

    /// <summary>
    /// <c>to = Wᵀ·from</c> for a dense layer, at <paramref name="indent"/>: row j of <paramref name="to"/> is Σₒ Wₒⱼ·row o
    /// of <paramref name="from"/>, in the order of o. With <paramref name="direction"/> (e.g. <c>r * 4</c>) the rows are
    /// offset by it, as the rows of one tangent direction are. Rows before <paramref name="first"/> are left alone.
    /// </summary>
    internal static void EmitWeightTransposeProduct(SourceWriter w, string t, string vec, LayerSpec layer, string indent, string from, string to, string? direction, int first = 0)
    {
        string Row(string index) => direction is null ? index : $"(({direction}) + {index})";
        w.Line($"{indent}for (int j = {Literals.Int(first)}; j < {Literals.Int(layer.Inputs)}; j++)");
        w.Line(indent + "{");
        w.Line($"{indent}    ref {t} column = ref {Unsafe}.Add(ref p, {Plus(layer.WeightOffset, "j")});");
        w.Line($"{indent}    var sum = {vec}<{t}>.Zero;");
        w.Line($"{indent}    for (int o = 0; o < {Literals.Int(layer.Outputs)}; o++)");
        w.Line(indent + "    {");
        w.Line($"{indent}        " + ProductSum.Accumulate(
            layer.FusedMultiplyAdd, vec, "sum", $"{vec}.Create({Unsafe}.Add(ref column, o * {Literals.Int(layer.Columns)}))", $"{vec}.LoadUnsafe(ref {from}, (nuint)({Row("o")} * W))"));
        w.Line(indent + "    }");
        w.Line();
        w.Line($"{indent}    {vec}.StoreUnsafe(sum, ref {to}, (nuint)({Row("j")} * W));");
        w.Line(indent + "}");
    }

    /// <summary>An index expression <c>offset + term</c>, without a <c>0 +</c>.</summary>
    internal static string Plus(int offset, string term) => offset == 0 ? term : $"{Literals.Int(offset)} + {term}";

    /// <summary>The comment line above layer <paramref name="k"/>'s code: its kind, widths and where its parameters lie.</summary>
    internal static string Describe(LayerSpec l, int k)
    {
        string number = Literals.Int(k + 1);
        if (l.Spatial is { } spatial)
        {
            return DescribeSpatial(l, spatial, k);
        }

        if (!l.IsDense)
        {
            return $"Layer {number}: Pointwise({l.Activation}), {Literals.Int(l.Outputs)} components.";
        }

        string time = l.TimeInput ? " + t" : string.Empty;
        string bias = l.Bias ? $", bias at {Literals.Int(l.BiasOffset)}" : ", no bias";
        return $"Layer {number}: Dense {Literals.Int(l.Inputs)}{time} -> {Literals.Int(l.Outputs)}, {l.Activation}; weight [{Literals.Int(l.Outputs)}, {Literals.Int(l.Columns)}] at {Literals.Int(l.WeightOffset)}{bias}.";
    }
}

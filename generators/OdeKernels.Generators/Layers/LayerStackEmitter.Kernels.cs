using System.Linq;
using OdeKernels.Generators.Activations;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Layers;

internal static partial class LayerStackEmitter
{
    /// <summary>
    /// The sums one blocked product keeps in registers. A sum of 32 products in one register waits on each add's
    /// latency in turn (the next output's chain lies beyond the reorder window); independent sums that share the
    /// vector they multiply keep the adders busy. Eight, not four: two FP add (or FMA) pipes with a latency of 3–4
    /// cycles (Zen 3, Ice Lake) need 6–8 sums in flight, and eight accumulators plus the shared input and one
    /// broadcast weight still fit the 16 registers of AVX2 (measured on the flows' FlowNet, float64, AVX2: the
    /// divergence-and-VJP pass 14% faster than with four; its f-only pass, one output at a time before, 1.6× faster).
    /// Each sum still adds its terms in the order of the unblocked loop, so the results are bit for bit the same.
    /// </summary>
    internal const int ProductBlock = 8;

    /// <summary>
    /// One layer's forward code for a tile, as a block inside a kernel that declares <c>W</c>, <c>p</c> (the
    /// parameters), <c>s</c> (the scratch tile) and, for a layer with time input, <c>time</c>. A dense layer computes
    /// z = b + Σⱼ Wᵢⱼ xⱼ (+ W·t) in this order wherever it is emitted, so a layer is bit for bit the same in both stacks;
    /// it computes <see cref="ProductBlock"/> outputs at a time (the last few together too), in independent sums that
    /// share each input's load (the same terms in the same order, so the same bits).
    /// </summary>
    internal static void EmitLayerForward(SourceWriter w, string t, int bits, LayerSpec layer, int k, LayerRows rows)
    {
        string vec = Vector(bits);
        w.Line();
        w.Line($"// {Describe(layer, k)}");
        if (layer.Spatial is { } spatial)
        {
            EmitSpatialForward(w, t, bits, layer, spatial, k, rows);
            return;
        }

        w.Line("{");
        w.Line($"    ref {t} input = ref {Unsafe}.Add(ref s, {Literals.Int(rows.InputRows[k])} * W);");
        if (layer.IsDense)
        {
            EmitDenseForward(w, t, vec, layer, rows.PreRows[k], rows.OutputRows[k], rows.ExponentialRows[k]);
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

    private static void EmitDenseForward(SourceWriter w, string t, string vec, LayerSpec layer, int preRow, int outputRow, int exponentialRow)
    {
        w.Line($"    ref {t} pre = ref {Unsafe}.Add(ref s, {Literals.Int(preRow)} * W);");
        EmitBlockedDenseSums(w, t, vec, layer, "pre");
        if (layer.Activation != ActivationKind.Identity)
        {
            // The activations after the sums, not inside their block: eight sums held across an activation's
            // temporaries made the JIT spill them inside the product loop (a float tanh layer ran 2× slower).
            w.Line();
            w.Line($"    ref {t} output = ref {Unsafe}.Add(ref s, {Literals.Int(outputRow)} * W);");
            EmitExponentialReference(w, t, exponentialRow);
            w.Line($"    for (int o = 0; o < {Literals.Int(layer.Outputs)}; o++)");
            w.Line("    {");
            w.Line("        nuint at = (nuint)(o * W);");
            EmitActivate(w, vec, layer, $"{vec}.LoadUnsafe(ref pre, at)", exponentialRow);
            w.Line("    }");
        }
    }

    /// <summary>
    /// A dense layer's sums z = b + Σⱼ Wᵢⱼ xⱼ (+ W·t) for every output i into row <paramref name="target"/> of the
    /// tile, <see cref="ProductBlock"/> outputs at a time and the last (outputs mod <see cref="ProductBlock"/>)
    /// together, each sum in <see cref="EmitDenseSum"/>'s order (so the same bits as one output at a time). With a
    /// <paramref name="direction"/> (the loop variable r of a forward-mode pass), the tangent W·uᵣ instead: from row r
    /// of <c>tin</c> into row r of the target, without bias or time column.
    /// </summary>
    internal static void EmitBlockedDenseSums(SourceWriter w, string t, string vec, LayerSpec layer, string target, string? direction = null)
    {
        int whole = layer.Outputs / ProductBlock * ProductBlock;
        if (whole > 0)
        {
            EmitDenseSumBlock(w, t, vec, layer, 0, whole, ProductBlock, target, direction: direction);
        }

        int rest = layer.Outputs - whole;
        if (rest > 0)
        {
            if (whole > 0)
            {
                w.Line();
            }

            EmitDenseSumBlock(w, t, vec, layer, whole, layer.Outputs, rest, target, direction: direction);
        }
    }

    /// <summary>
    /// Outputs <paramref name="from"/> … <paramref name="to"/> − 1 of a dense layer, <paramref name="block"/> at a time
    /// (a loop over <c>o</c> unless there is only one block), stored into row <paramref name="target"/>;
    /// <paramref name="after"/> writes what follows each block inside the loop, given the expression of its first output;
    /// the block's sums are named <paramref name="sum"/>0, <paramref name="sum"/>1, …. With a <paramref name="direction"/>,
    /// the tangent's sums (see <see cref="EmitBlockedDenseSums"/>).
    /// </summary>
    internal static void EmitDenseSumBlock(
        SourceWriter w, string t, string vec, LayerSpec layer, int from, int to, int block, string target, System.Action<string>? after = null, string sum = "z", string? direction = null)
    {
        string columns = Literals.Int(layer.Columns), inputs = Literals.Int(layer.Inputs);
        string Column(int q, string j) => q == 0 ? j : $"{Literals.Int(q * layer.Columns)} + {j}";
        bool loops = to - from > block, affine = direction is null;
        string Output(int q) => loops ? (q == 0 ? "o" : $"(o + {Literals.Int(q)})") : Literals.Int(from + q);
        string Offset(int q) => affine ? Output(q) : $"(({direction} * {Literals.Int(layer.Outputs)}) + {Output(q)})";
        string input = affine ? "input" : "tin", inputAt = affine ? "j" : $"(({direction} * {inputs}) + j)";
        if (loops)
        {
            w.Line($"    for (int o = {Literals.Int(from)}; o < {Literals.Int(to)}; o += {Literals.Int(block)})");
        }

        w.Line("    {");
        w.Line($"        ref {t} row = ref {Unsafe}.Add(ref p, {(loops ? Plus(layer.WeightOffset, $"(o * {columns})") : Literals.Int(layer.WeightOffset + (from * layer.Columns)))});");
        for (int q = 0; q < block; q++)
        {
            string bias = loops ? Plus(layer.BiasOffset + q, "o") : Literals.Int(layer.BiasOffset + from + q);
            w.Line($"        var {sum}{Literals.Int(q)} = {(layer.Bias && affine ? $"{vec}.Create({Unsafe}.Add(ref p, {bias}))" : $"{vec}<{t}>.Zero")};");
        }

        w.Line($"        for (int j = 0; j < {inputs}; j++)");
        w.Line("        {");
        w.Line($"            var x = {vec}.LoadUnsafe(ref {input}, (nuint)({inputAt} * W));");
        for (int q = 0; q < block; q++)
        {
            w.Line("            " + ProductSum.Accumulate(layer.FusedMultiplyAdd, vec, sum + Literals.Int(q), $"{vec}.Create({Unsafe}.Add(ref row, {Column(q, "j")}))", "x"));
        }

        w.Line("        }");
        w.Line();
        for (int q = 0; q < block; q++)
        {
            if (layer.TimeInput && affine)
            {
                w.Line("        " + ProductSum.Accumulate(layer.FusedMultiplyAdd, vec, sum + Literals.Int(q), $"{vec}.Create({Unsafe}.Add(ref row, {Column(q, inputs)}))", "time"));
            }

            w.Line($"        {vec}.StoreUnsafe({sum}{Literals.Int(q)}, ref {target}, (nuint)({Offset(q)} * W));");
        }

        after?.Invoke(loops ? "o" : Literals.Int(from));
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
            EmitSpatialBackward(w, t, bits, layer, spatial, k, rows.InputRows[k], current, other, guard, perLane);
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

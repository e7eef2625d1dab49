using OdeKernels.Generators.Activations;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Layers;

internal static partial class LayerStackEmitter
{
    /// <summary>
    /// The most outputs of a dense layer that <see cref="EmitForwardOnly"/> accumulates in registers while the layer
    /// before it makes its units: one vector each, beside the few the activation needs, within AVX2's 16 registers.
    /// </summary>
    internal const int FusedOutputs = 4;

    /// <summary>
    /// The most inputs of a fused pair's first layer that are loaded into registers once per tile (and its sum
    /// unrolled) rather than reloaded for every hidden unit: the spiral's 2 (x³) and other narrow states.
    /// </summary>
    internal const int HeldInputs = 4;

    /// <summary>
    /// Whether <see cref="EmitForwardOnly"/> can write these layers: dense and pointwise ones only. A stack with
    /// convolutions, group normalisations or pooling (feature-map layers) has no f-only kernel: its evaluations run the
    /// full forward kernel, whose feature-map loops keep nothing the f-only kernel could skip for dense layers.
    /// </summary>
    internal static bool ForwardOnlyHandles(EquatableArray<LayerSpec> layers)
    {
        for (int k = 0; k < layers.Count; k++)
        {
            if (layers[k].Spatial is not null)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The layers' forward code for a tile when only f is wanted (the ODE solve's evaluations), in a kernel that
    /// declares what <see cref="EmitLayerForward"/>'s does. It keeps none of what only the reverse pass reads (the
    /// pre-activations and exponentials of activated layers), and an activated dense layer followed by a dense layer
    /// of at most <see cref="FusedOutputs"/> outputs is one loop: each hidden unit, once made, is added into the next
    /// layer's sums, held in registers, so the hidden layer is never read back as a whole (the C++ reference loop's
    /// fusion; a first layer that reads its inputs from the tile sums a block of units at a time and passes them
    /// through its row). Other dense layers sum <see cref="ProductBlock"/> outputs at a time. Every sum adds the same
    /// terms in the same order as <see cref="EmitLayerForward"/>'s (b, then Σⱼ in increasing j, then the time column),
    /// so f is bit for bit the same.
    /// </summary>
    internal static void EmitForwardOnly(SourceWriter w, string t, int bits, EquatableArray<LayerSpec> layers, LayerRows rows)
    {
        string vec = Vector(bits);
        for (int k = 0; k < layers.Count; k++)
        {
            LayerSpec layer = layers[k];
            w.Line();
            if (Fuses(layers, k))
            {
                w.Line($"// {Describe(layer, k)}");
                w.Line($"// Fused with {Describe(layers[k + 1], k + 1)}");
                EmitFusedDensePair(w, t, vec, layer, layers[k + 1], rows, k);
                k++;
                continue;
            }

            w.Line($"// {Describe(layer, k)}");
            w.Line("{");
            w.Line($"    ref {t} input = ref {Unsafe}.Add(ref s, {Literals.Int(rows.InputRows[k])} * W);");
            if (layer.IsDense || layer.Activation != ActivationKind.Identity)
            {
                w.Line($"    ref {t} output = ref {Unsafe}.Add(ref s, {Literals.Int(rows.OutputRows[k])} * W);");
            }

            if (layer.IsDense)
            {
                EmitBlockedDenseSums(w, t, vec, layer, "output");
                if (layer.Activation != ActivationKind.Identity)
                {
                    w.Line();
                    w.Line($"    for (int o = 0; o < {Literals.Int(layer.Outputs)}; o++)");
                    w.Line("    {");
                    w.Line("        nuint at = (nuint)(o * W);");
                    w.Line($"        {vec}.StoreUnsafe({ValueOf(layer, rows, k, $"{vec}.LoadUnsafe(ref output, at)")}, ref output, at);");
                    w.Line("    }");
                }
            }
            else if (layer.Activation != ActivationKind.Identity)
            {
                w.Line($"    for (int c = 0; c < {Literals.Int(layer.Outputs)}; c++)");
                w.Line("    {");
                w.Line("        nuint at = (nuint)(c * W);");
                w.Line($"        {vec}.StoreUnsafe({ValueOf(layer, rows, k, $"{vec}.LoadUnsafe(ref input, at)")}, ref output, at);");
                w.Line("    }");
            }

            w.Line("}");
        }
    }

    /// <summary>Whether layer <paramref name="k"/> (dense, activated) and the dense layer after it run as one loop.</summary>
    internal static bool Fuses(EquatableArray<LayerSpec> layers, int k) =>
        k + 1 < layers.Count && layers[k].IsDense && layers[k].Activation != ActivationKind.Identity
        && layers[k + 1].IsDense && layers[k + 1].Outputs <= FusedOutputs;

    /// <summary>
    /// Hidden layer <paramref name="first"/> unit by unit (o), each unit h₀ added at once into the sums zq of
    /// <paramref name="second"/>, which start at its bias and get its time column after the last unit. Units whose
    /// inputs are held in registers are summed one at a time (a few products each); otherwise <see cref="FusedBlock"/>
    /// units' sums at a time, so that no sum waits on its own previous add.
    /// </summary>
    private static void EmitFusedDensePair(SourceWriter w, string t, string vec, LayerSpec first, LayerSpec second, LayerRows rows, int k)
    {
        w.Line("{");
        w.Line($"    ref {t} input = ref {Unsafe}.Add(ref s, {Literals.Int(rows.InputRows[k])} * W);");
        w.Line($"    ref {t} output = ref {Unsafe}.Add(ref s, {Literals.Int(rows.OutputRows[k + 1])} * W);");
        for (int q = 0; q < second.Outputs; q++)
        {
            string start = second.Bias ? $"{vec}.Create({Unsafe}.Add(ref p, {Literals.Int(second.BiasOffset + q)}))" : $"{vec}<{t}>.Zero";
            w.Line($"    var z{Literals.Int(q)} = {start};");
        }

        bool held = first.Inputs <= HeldInputs;
        if (held)
        {
            for (int j = 0; j < first.Inputs; j++)
            {
                w.Line($"    var x{Literals.Int(j)} = {vec}.LoadUnsafe(ref input, (nuint)({Literals.Int(j)} * W));");
            }
        }

        int block = held ? 1 : FusedBlock(first.Outputs);
        if (block == 1)
        {
            w.Line($"    for (int o = 0; o < {Literals.Int(first.Outputs)}; o++)");
            w.Line("    {");
            EmitDenseSum(w, t, vec, first, "z", "o", "        ", held);
            w.Line($"        var h = {ValueOf(first, rows, k, "z")};");
            EmitFusedSums(w, vec, second, "o", "h", "        ");
            w.Line("    }");
        }
        else
        {
            // block units' sums at a time into the hidden row (in registers, the sums and an activation's temporaries
            // would spill inside the product loop), then each unit, activated, into the next layer's sums in order.
            w.Line($"    ref {t} hidden = ref {Unsafe}.Add(ref s, {Literals.Int(rows.OutputRows[k])} * W);");
            EmitDenseSumBlock(w, t, vec, first, 0, first.Outputs, block, "hidden", start =>
            {
                w.Line();
                w.Line($"        for (int u = {start}; u < {start} + {Literals.Int(block)}; u++)");
                w.Line("        {");
                w.Line($"            var h = {ValueOf(first, rows, k, $"{vec}.LoadUnsafe(ref hidden, (nuint)(u * W))")};");
                EmitFusedSums(w, vec, second, "u", "h", "            ");
                w.Line("        }");
            }, sum: "u");
        }

        w.Line();
        for (int q = 0; q < second.Outputs; q++)
        {
            string z = "z" + Literals.Int(q);
            if (second.TimeInput)
            {
                w.Line("    " + ProductSum.Accumulate(
                    second.FusedMultiplyAdd, vec, z, $"{vec}.Create({Unsafe}.Add(ref p, {Literals.Int(second.WeightOffset + (q * second.Columns) + second.Inputs)}))", "time"));
            }

            w.Line($"    {vec}.StoreUnsafe({ValueOf(second, rows, k + 1, z, "e" + Literals.Int(q))}, ref output, (nuint)({Literals.Int(q)} * W));");
        }

        w.Line("}");
    }

    /// <summary>
    /// The hidden units a fused pair sums at a time when its first layer reads its inputs from the tile: the largest
    /// divisor of the layer's width up to <see cref="ProductBlock"/> (one unit's sum of 32 inputs in one register waits
    /// on each add's latency in turn; see <see cref="ProductBlock"/>), or 1.
    /// </summary>
    private static int FusedBlock(int units)
    {
        for (int block = ProductBlock; block > 1; block--)
        {
            if (units % block == 0)
            {
                return block;
            }
        }

        return 1;
    }

    /// <summary>Adds hidden unit <paramref name="unit"/>'s value <paramref name="h"/> into each sum zq of the fused pair's second layer.</summary>
    private static void EmitFusedSums(SourceWriter w, string vec, LayerSpec second, string unit, string h, string indent)
    {
        for (int q = 0; q < second.Outputs; q++)
        {
            w.Line(indent + ProductSum.Accumulate(
                second.FusedMultiplyAdd, vec, "z" + Literals.Int(q), $"{vec}.Create({Unsafe}.Add(ref p, {Plus(second.WeightOffset + (q * second.Columns), unit)}))", h));
        }
    }

    /// <summary>
    /// <c>var {z} = b[{o}] + Σⱼ W[{o}, j] input[j] (+ W[{o}, t] t)</c>, in <see cref="EmitLayerForward"/>'s order; with
    /// <paramref name="held"/>, the inputs are the registers <c>x0</c>, <c>x1</c>, … and the sum over j is unrolled.
    /// </summary>
    private static void EmitDenseSum(SourceWriter w, string t, string vec, LayerSpec layer, string z, string o, string indent, bool held = false)
    {
        w.Line($"{indent}ref {t} row = ref {Unsafe}.Add(ref p, {Plus(layer.WeightOffset, $"({o} * {Literals.Int(layer.Columns)})")});");
        string start = layer.Bias ? $"{vec}.Create({Unsafe}.Add(ref p, {Literals.Int(layer.BiasOffset)} + {o}))" : $"{vec}<{t}>.Zero";
        w.Line($"{indent}var {z} = {start};");
        if (held)
        {
            for (int j = 0; j < layer.Inputs; j++)
            {
                w.Line(indent + ProductSum.Accumulate(layer.FusedMultiplyAdd, vec, z, $"{vec}.Create({Unsafe}.Add(ref row, {Literals.Int(j)}))", "x" + Literals.Int(j)));
            }
        }
        else
        {
            w.Line($"{indent}for (int j = 0; j < {Literals.Int(layer.Inputs)}; j++)");
            w.Line($"{indent}{{");
            w.Line($"{indent}    " + ProductSum.Accumulate(layer.FusedMultiplyAdd, vec, z, $"{vec}.Create({Unsafe}.Add(ref row, j))", $"{vec}.LoadUnsafe(ref input, (nuint)(j * W))"));
            w.Line($"{indent}}}");
        }

        w.Line();
        if (layer.TimeInput)
        {
            w.Line(indent + ProductSum.Accumulate(layer.FusedMultiplyAdd, vec, z, $"{vec}.Create({Unsafe}.Add(ref row, {Literals.Int(layer.Inputs)}))", "time"));
        }
    }

    /// <summary>
    /// The layer's activation of <paramref name="argument"/> (the argument itself for the identity); an exponential
    /// the activation also returns goes to the unused local <paramref name="unused"/> (the JIT drops its arithmetic).
    /// </summary>
    private static string ValueOf(LayerSpec layer, LayerRows rows, int k, string argument, string unused = "e") =>
        layer.Activation == ActivationKind.Identity ? argument
        : rows.ExponentialRows[k] >= 0 ? $"{CSharpActivationPrinter.ForwardName(layer.Activation)}({argument}, out var {unused})"
        : $"{CSharpActivationPrinter.ForwardName(layer.Activation)}({argument})";
}

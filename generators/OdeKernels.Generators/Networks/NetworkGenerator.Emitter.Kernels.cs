using System.Linq;
using OdeKernels.Generators.Common;
using OdeKernels.Generators.Dynamics;

namespace OdeKernels.Generators.Networks;

public sealed partial class NetworkGenerator
{
    internal static partial class Emitter
    {
        /// <summary>
        /// Where each value of a tile lives in the scratch buffer, in rows of one vector (W lanes) each: the input, then
        /// per layer its pre-activation (dense layers) and its output, after each residual block the sum y + g(y), then
        /// two gradient buffers that the backward pass alternates between and one that holds a block's skip gradient.
        /// The forward pass keeps every value, so the backward pass needs no tape and recomputes nothing.
        /// </summary>
        internal sealed class TileLayout
        {
            public const int InputRow = 0;

            public TileLayout(NetworkSpec spec)
            {
                int layers = spec.Layers.Count, row = InputRow + spec.Inputs, input = InputRow;
                InputRows = new int[layers];
                PreRows = new int[layers];
                OutputRows = new int[layers];
                BlockInputRows = new int[spec.Blocks.Count];
                BlockOutputRows = new int[spec.Blocks.Count];
                for (int k = 0; k < layers; k++)
                {
                    LayerSpec layer = spec.Layers[k];
                    int b = IndexOf(spec, spec.BlockStartingAt(k));
                    if (b >= 0)
                    {
                        BlockInputRows[b] = input;
                    }

                    InputRows[k] = input;
                    if (layer.IsDense)
                    {
                        PreRows[k] = row;
                        row += layer.Outputs;
                    }
                    else
                    {
                        PreRows[k] = input;
                    }

                    if (layer.Activation == ActivationKind.Identity)
                    {
                        OutputRows[k] = PreRows[k];
                    }
                    else
                    {
                        OutputRows[k] = row;
                        row += layer.Outputs;
                    }

                    input = OutputRows[k];
                    b = IndexOf(spec, spec.BlockEndingAt(k));
                    if (b >= 0)
                    {
                        BlockOutputRows[b] = row;
                        row += layer.Outputs;
                        input = BlockOutputRows[b];
                    }
                }

                OutputRow = input;
                GradientA = row;
                GradientB = row + spec.MaxWidth;
                SkipRow = GradientB + spec.MaxWidth;
                Rows = SkipRow + spec.MaxWidth;

                // Each dense layer moves the gradient into the other buffer; residual sums add in place.
                InputGradientRow = spec.Layers.Count(l => l.IsDense) % 2 == 0 ? GradientA : GradientB;
            }

            /// <summary>The first row of each layer's input.</summary>
            public int[] InputRows { get; }

            /// <summary>The first row of each layer's activation input: the dense pre-activation, or the input of a pointwise layer.</summary>
            public int[] PreRows { get; }

            /// <summary>The first row of each layer's output (the pre-activation itself when the activation is the identity).</summary>
            public int[] OutputRows { get; }

            /// <summary>The first row of each residual block's input y.</summary>
            public int[] BlockInputRows { get; }

            /// <summary>The first row of each residual block's output y + g(y).</summary>
            public int[] BlockOutputRows { get; }

            /// <summary>The first row of the network's output.</summary>
            public int OutputRow { get; }

            public int GradientA { get; }

            public int GradientB { get; }

            /// <summary>The gradient of a residual block's output, kept while the backward pass runs through g.</summary>
            public int SkipRow { get; }

            /// <summary>The gradient buffer that holds aᵀ∂f/∂x when the backward pass ends.</summary>
            public int InputGradientRow { get; }

            public int Rows { get; }

            private static int IndexOf(NetworkSpec spec, ResidualBlockSpec? block) =>
                block is null ? -1 : spec.Blocks.ToList().IndexOf(block);
        }

        private static void EmitForward(SourceWriter w, NetworkSpec spec, TileLayout layout, int bits)
        {
            string t = spec.Element, b = Literals.Int(bits);
            string vec = Intrinsics + "Vector" + b;
            w.Line($"/// <summary>The network for one tile of {Literals.Int(Lanes(spec, bits))} lanes: reads x from the scratch tile and leaves every layer's values in it.</summary>");
            w.Open($"private static void ForwardTile{b}(ref {t} p, ref {t} s)");
            w.Line($"const int W = {Literals.Int(Lanes(spec, bits))};");
            for (int k = 0; k < spec.Layers.Count; k++)
            {
                LayerSpec layer = spec.Layers[k];
                w.Line();
                w.Line($"// {Describe(spec, k)}");
                w.Line("{");
                w.Line($"    ref {t} input = ref {Unsafe}.Add(ref s, {Literals.Int(layout.InputRows[k])} * W);");
                if (layer.IsDense)
                {
                    EmitDenseForward(w, spec, layout, k, vec);
                }
                else if (layer.Activation != ActivationKind.Identity)
                {
                    w.Line($"    ref {t} output = ref {Unsafe}.Add(ref s, {Literals.Int(layout.OutputRows[k])} * W);");
                    w.Line($"    for (int c = 0; c < {Literals.Int(layer.Outputs)}; c++)");
                    w.Line("    {");
                    w.Line("        nuint at = (nuint)(c * W);");
                    w.Line($"        {vec}.StoreUnsafe(Forward{layer.Activation}({vec}.LoadUnsafe(ref input, at)), ref output, at);");
                    w.Line("    }");
                }

                w.Line("}");
                if (spec.BlockEndingAt(k) is { } block)
                {
                    int index = spec.Blocks.ToList().IndexOf(block);
                    w.Line();
                    w.Line($"// Residual block {Literals.Int(index + 1)} (layers {Literals.Int(block.First + 1)}-{Literals.Int(block.Last + 1)}): y + g(y).");
                    w.Line("{");
                    w.Line($"    ref {t} y = ref {Unsafe}.Add(ref s, {Literals.Int(layout.BlockInputRows[index])} * W);");
                    w.Line($"    ref {t} g = ref {Unsafe}.Add(ref s, {Literals.Int(layout.OutputRows[k])} * W);");
                    w.Line($"    ref {t} sum = ref {Unsafe}.Add(ref s, {Literals.Int(layout.BlockOutputRows[index])} * W);");
                    w.Line($"    for (int c = 0; c < {Literals.Int(block.Width)}; c++)");
                    w.Line("    {");
                    w.Line("        nuint at = (nuint)(c * W);");
                    w.Line($"        {vec}.StoreUnsafe({vec}.LoadUnsafe(ref y, at) + {vec}.LoadUnsafe(ref g, at), ref sum, at);");
                    w.Line("    }");
                    w.Line("}");
                }
            }

            w.Close();
            w.Line();
        }

        /// <summary>z = b + Σⱼ Wᵢⱼ xⱼ in the order of the dynamics emitter, so a layer is bit for bit the same in both.</summary>
        private static void EmitDenseForward(SourceWriter w, NetworkSpec spec, TileLayout layout, int k, string vec)
        {
            LayerSpec layer = spec.Layers[k];
            string t = spec.Element;
            bool activated = layer.Activation != ActivationKind.Identity;
            w.Line($"    ref {t} pre = ref {Unsafe}.Add(ref s, {Literals.Int(layout.PreRows[k])} * W);");
            if (activated)
            {
                w.Line($"    ref {t} output = ref {Unsafe}.Add(ref s, {Literals.Int(layout.OutputRows[k])} * W);");
            }

            w.Line($"    for (int o = 0; o < {Literals.Int(layer.Outputs)}; o++)");
            w.Line("    {");
            w.Line($"        ref {t} row = ref {Unsafe}.Add(ref p, {Plus(layer.WeightOffset, $"(o * {Literals.Int(layer.Columns)})")});");
            string start = layer.Bias ? $"{vec}.Create({Unsafe}.Add(ref p, {Literals.Int(layer.BiasOffset)} + o))" : $"{vec}<{t}>.Zero";
            w.Line($"        var z = {start};");
            w.Line($"        for (int j = 0; j < {Literals.Int(layer.Inputs)}; j++)");
            w.Line("        {");
            w.Line($"            z += {vec}.Create({Unsafe}.Add(ref row, j)) * {vec}.LoadUnsafe(ref input, (nuint)(j * W));");
            w.Line("        }");
            w.Line();
            w.Line("        nuint at = (nuint)(o * W);");
            w.Line($"        {vec}.StoreUnsafe(z, ref pre, at);");
            if (activated)
            {
                w.Line($"        {vec}.StoreUnsafe(Forward{layer.Activation}(z), ref output, at);");
            }

            w.Line("    }");
        }

        /// <summary>
        /// Emits the reverse pass of one tile: starting from the output cotangent in gradient buffer A, each layer turns
        /// the gradient of its output into the gradient of its input (activations in place, dense layers into the other
        /// buffer), accumulating dense parameter gradients per lane. At the end of a residual block (met first, going
        /// backwards) the gradient is copied aside; after g's first layer it is added back, the skip connection's share.
        /// Work whose only use is an input gradient nobody needs (before the first dense layer, unless dx is wanted) is
        /// skipped.
        /// </summary>
        private static void EmitBackward(SourceWriter w, NetworkSpec spec, TileLayout layout, int bits)
        {
            string t = spec.Element, b = Literals.Int(bits);
            string vec = Intrinsics + "Vector" + b;
            w.Line($"/// <summary>aᵀ∂f for one tile after <see cref=\"ForwardTile{b}\"/>: per-lane parameter gradients into <paramref name=\"g\"/>, aᵀ∂f/∂x into gradient row {Literals.Int(layout.InputGradientRow)}.</summary>");
            w.Open($"private static void BackwardTile{b}(ref {t} p, ref {t} s, ref {t} g, bool wantDx, bool wantTheta)");
            w.Line($"const int W = {Literals.Int(Lanes(spec, bits))};");
            int current = layout.GradientA, other = layout.GradientB;
            for (int k = spec.Layers.Count - 1; k >= 0; k--)
            {
                LayerSpec layer = spec.Layers[k];
                string? guard = DenseBefore(spec, k) ? null : "wantDx";
                if (spec.BlockEndingAt(k) is { } ending)
                {
                    w.Line();
                    w.Line($"// Residual block over layers {Literals.Int(ending.First + 1)}-{Literals.Int(ending.Last + 1)}: keep the output gradient for the skip connection.");
                    EmitCopyOrAdd(w, spec, current, layout.SkipRow, ending.Width, DenseBefore(spec, ending.First) ? null : "wantDx", add: false, vec);
                }

                w.Line();
                w.Line($"// {Describe(spec, k)}");
                if (layer.Activation != ActivationKind.Identity)
                {
                    // A dense layer's activation always feeds its own weight gradient; a pointwise layer's only what lies before it.
                    EmitActivationBackward(w, spec, layer, layout.PreRows[k], layout.OutputRows[k], current, layer.IsDense ? null : guard, vec);
                }

                if (layer.IsDense)
                {
                    EmitDenseBackward(w, spec, layer, layout.InputRows[k], current, other, guard, vec);
                    (current, other) = (other, current);
                }

                if (spec.BlockStartingAt(k) is { } starting)
                {
                    w.Line();
                    w.Line($"// Residual block over layers {Literals.Int(starting.First + 1)}-{Literals.Int(starting.Last + 1)}: the skip connection adds the block's output gradient.");
                    EmitCopyOrAdd(w, spec, layout.SkipRow, current, starting.Width, DenseBefore(spec, starting.First) ? null : "wantDx", add: true, vec);
                }
            }

            w.Close();
            w.Line();
        }

        private static bool DenseBefore(NetworkSpec spec, int k) => spec.Layers.Take(k).Any(l => l.IsDense);

        private static void EmitCopyOrAdd(SourceWriter w, NetworkSpec spec, int fromRow, int toRow, int width, string? guard, bool add, string vec)
        {
            string t = spec.Element;
            w.Line(guard is null ? "{" : $"if ({guard})");
            if (guard is not null)
            {
                w.Line("{");
            }

            w.Line($"    ref {t} from = ref {Unsafe}.Add(ref s, {Literals.Int(fromRow)} * W);");
            w.Line($"    ref {t} to = ref {Unsafe}.Add(ref s, {Literals.Int(toRow)} * W);");
            w.Line($"    for (int c = 0; c < {Literals.Int(width)}; c++)");
            w.Line("    {");
            w.Line("        nuint at = (nuint)(c * W);");
            string value = add ? $"{vec}.LoadUnsafe(ref to, at) + {vec}.LoadUnsafe(ref from, at)" : $"{vec}.LoadUnsafe(ref from, at)";
            w.Line($"        {vec}.StoreUnsafe({value}, ref to, at);");
            w.Line("    }");
            w.Line("}");
        }

        private static void EmitActivationBackward(SourceWriter w, NetworkSpec spec, LayerSpec layer, int preRow, int outputRow, int gradientRow, string? guard, string vec)
        {
            string t = spec.Element;
            bool usesOutput = DynamicsGenerator.Emitter.UsesOutput(layer.Activation);
            w.Line(guard is null ? "{" : $"if ({guard})");
            if (guard is not null)
            {
                w.Line("{");
            }

            w.Line($"    ref {t} gradient = ref {Unsafe}.Add(ref s, {Literals.Int(gradientRow)} * W);");
            w.Line($"    ref {t} {(usesOutput ? "output" : "pre")} = ref {Unsafe}.Add(ref s, {Literals.Int(usesOutput ? outputRow : preRow)} * W);");
            w.Line($"    for (int c = 0; c < {Literals.Int(layer.Outputs)}; c++)");
            w.Line("    {");
            w.Line("        nuint at = (nuint)(c * W);");
            string value = $"{vec}.LoadUnsafe(ref {(usesOutput ? "output" : "pre")}, at)";
            w.Line($"        {vec}.StoreUnsafe(Backward{layer.Activation}({vec}.LoadUnsafe(ref gradient, at), {value}), ref gradient, at);");
            w.Line("    }");
            w.Line("}");
        }

        private static void EmitDenseBackward(SourceWriter w, NetworkSpec spec, LayerSpec layer, int inputRow, int gradientRow, int inputGradientRow, string? guard, string vec)
        {
            string t = spec.Element;
            string inputs = Literals.Int(layer.Inputs), outputs = Literals.Int(layer.Outputs), columns = Literals.Int(layer.Columns);
            w.Line("{");
            w.Line($"    ref {t} gradient = ref {Unsafe}.Add(ref s, {Literals.Int(gradientRow)} * W);");
            w.Line("    if (wantTheta)");
            w.Line("    {");
            w.Line($"        ref {t} input = ref {Unsafe}.Add(ref s, {Literals.Int(inputRow)} * W);");
            w.Line($"        for (int o = 0; o < {outputs}; o++)");
            w.Line("        {");
            w.Line($"            var go = {vec}.LoadUnsafe(ref gradient, (nuint)(o * W));");
            w.Line($"            ref {t} row = ref {Unsafe}.Add(ref g, ({Plus(layer.WeightOffset, $"(o * {columns})")}) * W);");
            w.Line($"            for (int j = 0; j < {inputs}; j++)");
            w.Line("            {");
            w.Line("                nuint at = (nuint)(j * W);");
            w.Line($"                {vec}.StoreUnsafe({vec}.LoadUnsafe(ref row, at) + (go * {vec}.LoadUnsafe(ref input, at)), ref row, at);");
            w.Line("            }");
            if (layer.Bias)
            {
                w.Line();
                w.Line($"            nuint bias = (nuint)(({Literals.Int(layer.BiasOffset)} + o) * W);");
                w.Line($"            {vec}.StoreUnsafe({vec}.LoadUnsafe(ref g, bias) + go, ref g, bias);");
            }

            w.Line("        }");
            w.Line("    }");
            w.Line();
            w.Line(guard is null ? "    {" : $"    if ({guard})");
            if (guard is not null)
            {
                w.Line("    {");
            }

            w.Line($"        ref {t} inputGradient = ref {Unsafe}.Add(ref s, {Literals.Int(inputGradientRow)} * W);");
            w.Line($"        for (int j = 0; j < {inputs}; j++)");
            w.Line("        {");
            w.Line($"            ref {t} column = ref {Unsafe}.Add(ref p, {Plus(layer.WeightOffset, "j")});");
            w.Line($"            var sum = {vec}<{t}>.Zero;");
            w.Line($"            for (int o = 0; o < {outputs}; o++)");
            w.Line("            {");
            w.Line($"                sum += {vec}.Create({Unsafe}.Add(ref column, o * {columns})) * {vec}.LoadUnsafe(ref gradient, (nuint)(o * W));");
            w.Line("            }");
            w.Line();
            w.Line($"            {vec}.StoreUnsafe(sum, ref inputGradient, (nuint)(j * W));");
            w.Line("        }");
            w.Line("    }");
            w.Line("}");
        }

        /// <summary>An index expression <c>offset + term</c>, without a <c>0 +</c>.</summary>
        private static string Plus(int offset, string term) => offset == 0 ? term : $"{Literals.Int(offset)} + {term}";

        private static string Describe(NetworkSpec spec, int k)
        {
            LayerSpec l = spec.Layers[k];
            string number = Literals.Int(k + 1);
            if (!l.IsDense)
            {
                return $"Layer {number}: Pointwise({l.Activation}), {Literals.Int(l.Outputs)} components.";
            }

            string bias = l.Bias ? $", bias at {Literals.Int(l.BiasOffset)}" : ", no bias";
            return $"Layer {number}: Dense {Literals.Int(l.Inputs)} -> {Literals.Int(l.Outputs)}, {l.Activation}; weight [{Literals.Int(l.Outputs)}, {Literals.Int(l.Columns)}] at {Literals.Int(l.WeightOffset)}{bias}.";
        }
    }
}

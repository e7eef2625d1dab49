using System.Linq;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Dynamics;

public sealed partial class DynamicsGenerator
{
    internal static partial class Emitter
    {
        /// <summary>
        /// Where each value of a tile lives in the scratch buffer, in rows of one vector (W lanes) each: t, the input,
        /// then per layer its pre-activation (dense layers) and its output, then two gradient buffers of the widest
        /// layer that the backward pass alternates between. The forward pass keeps every value, so the backward pass
        /// needs no tape and recomputes nothing.
        /// </summary>
        internal sealed class TileLayout
        {
            public const int TimeRow = 0;
            public const int InputRow = 1;

            public TileLayout(DynamicsSpec spec)
            {
                int layers = spec.Layers.Count, row = InputRow + spec.StateSize, input = InputRow;
                InputRows = new int[layers];
                PreRows = new int[layers];
                OutputRows = new int[layers];
                for (int k = 0; k < layers; k++)
                {
                    LayerSpec layer = spec.Layers[k];
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
                }

                GradientA = row;
                GradientB = row + spec.MaxWidth;
                Rows = GradientB + spec.MaxWidth;
                bool inA = true;
                foreach (LayerSpec layer in spec.Layers.Where(l => l.IsDense))
                {
                    inA = !inA;
                }

                InputGradientRow = inA ? GradientA : GradientB;
            }

            /// <summary>The first row of each layer's input.</summary>
            public int[] InputRows { get; }

            /// <summary>The first row of each layer's activation input: the dense pre-activation, or the input of a pointwise layer.</summary>
            public int[] PreRows { get; }

            /// <summary>The first row of each layer's output (the pre-activation itself when the activation is the identity).</summary>
            public int[] OutputRows { get; }

            public int GradientA { get; }

            public int GradientB { get; }

            /// <summary>The gradient buffer that holds aᵀ∂f/∂y when the backward pass ends (each dense layer swaps buffers).</summary>
            public int InputGradientRow { get; }

            public int OutputRow => OutputRows[OutputRows.Length - 1];

            public int Rows { get; }
        }

        private static void EmitForward(SourceWriter w, DynamicsSpec spec, TileLayout layout, int bits)
        {
            string t = spec.Element, b = Literals.Int(bits);
            string vec = Intrinsics + "Vector" + b;
            w.Line($"/// <summary>f for one tile of {Literals.Int(Lanes(spec, bits))} lanes: reads t and y from the scratch tile and leaves every layer's values in it.</summary>");
            w.Open($"private static void Forward{b}(ref {t} p, ref {t} s)");
            w.Line($"const int W = {Literals.Int(Lanes(spec, bits))};");
            if (spec.TimeInput)
            {
                w.Line($"var time = {vec}.LoadUnsafe(ref s, (nuint)({Literals.Int(TileLayout.TimeRow)} * W));");
            }

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
            }

            w.Close();
            w.Line();
        }

        private static void EmitDenseForward(SourceWriter w, DynamicsSpec spec, TileLayout layout, int k, string vec)
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
            if (layer.TimeInput)
            {
                w.Line($"        z += {vec}.Create({Unsafe}.Add(ref row, {Literals.Int(layer.Inputs)})) * time;");
            }

            w.Line("        nuint at = (nuint)(o * W);");
            w.Line($"        {vec}.StoreUnsafe(z, ref pre, at);");
            if (activated)
            {
                w.Line($"        {vec}.StoreUnsafe(Forward{layer.Activation}(z), ref output, at);");
            }

            w.Line("    }");
        }

        /// <summary>
        /// Emits the reverse pass of one tile: starting from the cotangent a in gradient buffer A, each layer turns the
        /// gradient of its output into the gradient of its input (activations in place, dense layers into the other
        /// buffer), accumulating dense parameter gradients per lane. Dense layers after which nothing needs an input
        /// gradient (the first one, unless dy is wanted) skip Wᵀg.
        /// </summary>
        private static void EmitBackward(SourceWriter w, DynamicsSpec spec, TileLayout layout, int bits)
        {
            string t = spec.Element, b = Literals.Int(bits);
            string vec = Intrinsics + "Vector" + b;
            w.Line($"/// <summary>aᵀ∂f for one tile after <see cref=\"Forward{b}\"/>: per-lane parameter gradients into <paramref name=\"g\"/>, aᵀ∂f/∂y into gradient row {Literals.Int(layout.InputGradientRow)}.</summary>");
            w.Open($"private static void Backward{b}(ref {t} p, ref {t} s, ref {t} g, bool wantDy, bool wantTheta)");
            w.Line($"const int W = {Literals.Int(Lanes(spec, bits))};");
            if (spec.TimeInput)
            {
                w.Line($"var time = {vec}.LoadUnsafe(ref s, (nuint)({Literals.Int(TileLayout.TimeRow)} * W));");
            }

            int current = layout.GradientA, other = layout.GradientB;
            for (int k = spec.Layers.Count - 1; k >= 0; k--)
            {
                LayerSpec layer = spec.Layers[k];
                bool denseBefore = spec.Layers.Take(k).Any(l => l.IsDense);
                string? guard = denseBefore ? null : "wantDy";
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
            }

            w.Close();
            w.Line();
        }

        private static void EmitActivationBackward(SourceWriter w, DynamicsSpec spec, LayerSpec layer, int preRow, int outputRow, int gradientRow, string? guard, string vec)
        {
            string t = spec.Element;
            bool usesOutput = UsesOutput(layer.Activation);
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

        private static void EmitDenseBackward(SourceWriter w, DynamicsSpec spec, LayerSpec layer, int inputRow, int gradientRow, int inputGradientRow, string? guard, string vec)
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
            if (layer.TimeInput)
            {
                w.Line();
                w.Line($"            nuint tc = (nuint)({inputs} * W);");
                w.Line($"            {vec}.StoreUnsafe({vec}.LoadUnsafe(ref row, tc) + (go * time), ref row, tc);");
            }

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

        private static string Describe(DynamicsSpec spec, int k)
        {
            LayerSpec l = spec.Layers[k];
            string number = Literals.Int(k + 1);
            if (!l.IsDense)
            {
                return $"Layer {number}: Pointwise({l.Activation}), {Literals.Int(l.Outputs)} components.";
            }

            string time = l.TimeInput ? " + t" : string.Empty;
            string bias = l.Bias ? $", bias at {Literals.Int(l.BiasOffset)}" : ", no bias";
            return $"Layer {number}: Dense {Literals.Int(l.Inputs)}{time} -> {Literals.Int(l.Outputs)}, {l.Activation}; weight [{Literals.Int(l.Outputs)}, {Literals.Int(l.Columns)}] at {Literals.Int(l.WeightOffset)}{bias}.";
        }
    }
}

using System.Collections.Generic;
using System.Linq;
using OdeKernels.Generators.Common;
using OdeKernels.Generators.Layers;
using static OdeKernels.Generators.Layers.LayerStackEmitter;

namespace OdeKernels.Generators.Networks;

public sealed partial class NetworkGenerator
{
    internal static partial class Emitter
    {
        /// <summary>
        /// Where each value of a tile lives in the scratch buffer, in rows of one vector (W lanes) each: the input, then
        /// per layer its pre-activation (dense layers), its output and its kept exponential (tanh, sigmoid), after each
        /// residual block the sum y + g(y), then two gradient buffers that the backward pass alternates between, one
        /// that holds a block's skip gradient and, for networks too wide for per-lane parameter gradients, the
        /// transpose rows (<see cref="LayerRows.PlaceTranspose"/>). The forward pass keeps every value, so the backward
        /// pass needs no tape and recomputes nothing.
        /// </summary>
        internal sealed class TileLayout
        {
            public const int InputRow = 0;

            public TileLayout(NetworkSpec spec)
            {
                Layers = new LayerRows(spec.Layers.Count, InputRow, InputRow + spec.Inputs);
                BlockInputRows = new int[spec.Blocks.Count];
                BlockOutputRows = new int[spec.Blocks.Count];
                for (int k = 0; k < spec.Layers.Count; k++)
                {
                    int b = IndexOf(spec, spec.BlockStartingAt(k));
                    if (b >= 0)
                    {
                        BlockInputRows[b] = Layers.Input;
                    }

                    Layers.Place(k, spec.Layers[k]);
                    b = IndexOf(spec, spec.BlockEndingAt(k));
                    if (b >= 0)
                    {
                        BlockOutputRows[b] = Layers.Next;
                        Layers.Next += spec.Layers[k].Outputs;
                        Layers.Input = BlockOutputRows[b];
                    }
                }

                OutputRow = Layers.Input;
                GradientA = Layers.Next;
                GradientB = GradientA + spec.MaxWidth;
                SkipRow = GradientB + spec.MaxWidth;
                Rows = Layers.PlaceTranspose(SkipRow + spec.MaxWidth, spec.Layers, spec.ParameterCount, spec.IsDouble);

                // Each dense layer moves the gradient into the other buffer; residual sums add in place.
                InputGradientRow = LayerRows.InputGradientRow(spec.Layers, GradientA, GradientB);
            }

            /// <summary>The rows of each layer's input, pre-activation and output.</summary>
            public LayerRows Layers { get; }

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
            string vec = Vector(bits);
            w.Line($"/// <summary>The network for one tile of {Literals.Int(Lanes(spec.IsDouble, bits))} lanes: reads x from the scratch tile and leaves every layer's values in it.</summary>");
            var sections = new List<KernelParts.Section>();
            for (int k = 0; k < spec.Layers.Count; k++)
            {
                SourceWriter body = KernelParts.SectionWriter(w);
                EmitLayerForward(body, t, bits, spec.Layers[k], k, layout.Layers);
                if (spec.BlockEndingAt(k) is { } block)
                {
                    EmitResidualSum(body, spec, layout, block, k, t, vec);
                }

                sections.Add(new KernelParts.Section(KernelParts.LayerLabel(k), body));
            }

            KernelParts.Emit(w, $"ForwardTile{b}", $"ref {t} p, ref {t} s", "ref p, ref s", body => EmitTileWidth(body, spec, bits), sections);
        }

        /// <summary>At the end of a residual block, its output y + g(y) from the block's input and its last layer's output.</summary>
        private static void EmitResidualSum(SourceWriter w, NetworkSpec spec, TileLayout layout, ResidualBlockSpec block, int k, string t, string vec)
        {
            int index = spec.Blocks.ToList().IndexOf(block);
            w.Line();
            w.Line($"// Residual block {Literals.Int(index + 1)} (layers {Literals.Int(block.First + 1)}-{Literals.Int(block.Last + 1)}): y + g(y).");
            w.Line("{");
            w.Line($"    ref {t} y = ref {Unsafe}.Add(ref s, {Literals.Int(layout.BlockInputRows[index])} * W);");
            w.Line($"    ref {t} g = ref {Unsafe}.Add(ref s, {Literals.Int(layout.Layers.OutputRows[k])} * W);");
            w.Line($"    ref {t} sum = ref {Unsafe}.Add(ref s, {Literals.Int(layout.BlockOutputRows[index])} * W);");
            w.Line($"    for (int c = 0; c < {Literals.Int(block.Width)}; c++)");
            w.Line("    {");
            w.Line("        nuint at = (nuint)(c * W);");
            w.Line($"        {vec}.StoreUnsafe({vec}.LoadUnsafe(ref y, at) + {vec}.LoadUnsafe(ref g, at), ref sum, at);");
            w.Line("    }");
            w.Line("}");
        }

        /// <summary>The tile's lane count <c>W</c>, which every layer's code addresses rows by.</summary>
        private static void EmitTileWidth(SourceWriter w, NetworkSpec spec, int bits) =>
            w.Line($"const int W = {Literals.Int(Lanes(spec.IsDouble, bits))};");

        /// <summary>
        /// Emits the reverse pass of one tile: starting from the output cotangent in gradient buffer A, each layer turns
        /// the gradient of its output into the gradient of its input (activations in place, dense layers into the other
        /// buffer), accumulating dense parameter gradients (per lane, or into dθ per tile for wide networks: see
        /// <see cref="LayerStackEmitter.KeepsParameterLanes"/>). At the end of a residual block (met first, going
        /// backwards) the gradient is copied aside; after g's first layer it is added back, the skip connection's share.
        /// Work whose only use is an input gradient nobody needs (before the first dense layer, unless dx is wanted) is
        /// skipped.
        /// </summary>
        private static void EmitBackward(SourceWriter w, NetworkSpec spec, TileLayout layout, int bits)
        {
            string t = spec.Element, b = Literals.Int(bits);
            string vec = Vector(bits);
            w.Line($"/// <summary>aᵀ∂f for one tile after <see cref=\"ForwardTile{b}\"/>: parameter gradients into <paramref name=\"g\"/> ({(KeepsParameterLanes(spec.ParameterCount, Lanes(spec.IsDouble, bits)) ? "per lane" : "summed over the tile's lanes")}), aᵀ∂f/∂x into gradient row {Literals.Int(layout.InputGradientRow)}.</summary>");
            bool perLane = KeepsParameterLanes(spec.ParameterCount, Lanes(spec.IsDouble, bits));
            int current = layout.GradientA, other = layout.GradientB;
            var sections = new List<KernelParts.Section>();
            for (int k = spec.Layers.Count - 1; k >= 0; k--)
            {
                SourceWriter body = KernelParts.SectionWriter(w);
                string? guard = DenseBefore(spec.Layers, k) ? null : "wantDx";
                if (spec.BlockEndingAt(k) is { } ending)
                {
                    body.Line();
                    body.Line($"// Residual block over layers {Literals.Int(ending.First + 1)}-{Literals.Int(ending.Last + 1)}: keep the output gradient for the skip connection.");
                    EmitCopyOrAdd(body, spec, current, layout.SkipRow, ending.Width, DenseBefore(spec.Layers, ending.First) ? null : "wantDx", add: false, vec);
                }

                EmitLayerBackward(body, t, bits, spec.Layers[k], k, layout.Layers, guard, perLane, ref current, ref other);
                if (spec.BlockStartingAt(k) is { } starting)
                {
                    body.Line();
                    body.Line($"// Residual block over layers {Literals.Int(starting.First + 1)}-{Literals.Int(starting.Last + 1)}: the skip connection adds the block's output gradient.");
                    EmitCopyOrAdd(body, spec, layout.SkipRow, current, starting.Width, DenseBefore(spec.Layers, starting.First) ? null : "wantDx", add: true, vec);
                }

                sections.Add(new KernelParts.Section(KernelParts.LayerLabel(k), body));
            }

            KernelParts.Emit(
                w, $"BackwardTile{b}", $"ref {t} p, ref {t} s, ref {t} g, bool wantDx, bool wantTheta", "ref p, ref s, ref g, wantDx, wantTheta",
                body => EmitTileWidth(body, spec, bits), sections);
        }

        private static void EmitCopyOrAdd(SourceWriter w, NetworkSpec spec, int fromRow, int toRow, int width, string? guard, bool add, string vec)
        {
            string t = spec.Element;
            OpenGuarded(w, guard);
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
    }
}

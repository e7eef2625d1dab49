using System.Collections.Generic;
using OdeKernels.Generators.Common;
using OdeKernels.Generators.Layers;
using static OdeKernels.Generators.Layers.LayerStackEmitter;

namespace OdeKernels.Generators.Dynamics;

public sealed partial class DynamicsGenerator
{
    internal static partial class Emitter
    {
        /// <summary>
        /// Where each value of a tile lives in the scratch buffer, in rows of one vector (W lanes) each: t, the input,
        /// then per layer its pre-activation (dense layers), its output and its kept exponential (tanh, sigmoid), then
        /// two gradient buffers of the widest layer that the backward pass alternates between, then, for networks too
        /// wide for per-lane parameter gradients, the transpose rows (<see cref="LayerRows.PlaceTranspose"/>). The
        /// forward pass keeps every value, so the backward pass needs no tape and recomputes nothing.
        /// </summary>
        internal sealed class TileLayout
        {
            public const int TimeRow = 0;
            public const int InputRow = 1;

            public TileLayout(DynamicsSpec spec)
            {
                Layers = new LayerRows(spec.Layers.Count, InputRow, InputRow + spec.StateSize);
                for (int k = 0; k < spec.Layers.Count; k++)
                {
                    Layers.Place(k, spec.Layers[k]);
                }

                GradientA = Layers.Next;
                GradientB = GradientA + spec.MaxWidth;
                Rows = Layers.PlaceTranspose(GradientB + spec.MaxWidth, spec.Layers, spec.ParameterCount, spec.IsDouble);
                InputGradientRow = LayerRows.InputGradientRow(spec.Layers, GradientA, GradientB);
            }

            /// <summary>The rows of each layer's input, pre-activation and output.</summary>
            public LayerRows Layers { get; }

            public int GradientA { get; }

            public int GradientB { get; }

            /// <summary>The gradient buffer that holds aᵀ∂f/∂y when the backward pass ends (each dense layer swaps buffers).</summary>
            public int InputGradientRow { get; }

            public int OutputRow => Layers.Input;

            public int Rows { get; }
        }

        /// <summary>
        /// <c>Forward</c>, f for one tile keeping every layer's values for <c>Backward</c>, or with
        /// <paramref name="only"/> <c>ForwardOnly</c>, f alone (the evaluations of a solve): what the reverse pass would
        /// read is not kept, and a hidden layer feeding a narrow dense layer is never stored
        /// (<see cref="LayerStackEmitter.EmitForwardOnly"/>); both give f the same bits.
        /// </summary>
        private static void EmitForward(SourceWriter w, DynamicsSpec spec, TileLayout layout, int bits, bool only = false)
        {
            string t = spec.Element, b = Literals.Int(bits), lanes = Literals.Int(Lanes(spec.IsDouble, bits));
            w.Line(only
                ? $"/// <summary>f for one tile of {lanes} lanes, as <see cref=\"Forward{b}\"/> computes it, into output row {Literals.Int(layout.OutputRow)} only.</summary>"
                : $"/// <summary>f for one tile of {lanes} lanes: reads t and y from the scratch tile and leaves every layer's values in it.</summary>");
            string name = $"{(only ? "ForwardOnly" : "Forward")}{b}";
            if (only)
            {
                // The forward-only pass fuses narrow dense layers with their inputs across layer boundaries: one section.
                w.Open($"private static void {name}(ref {t} p, ref {t} s)");
                EmitPrologue(w, spec, bits);
                LayerStackEmitter.EmitForwardOnly(w, t, bits, spec.Layers, layout.Layers);
                w.Close();
                w.Line();
                return;
            }

            var sections = new List<KernelParts.Section>();
            for (int k = 0; k < spec.Layers.Count; k++)
            {
                SourceWriter body = KernelParts.SectionWriter(w);
                EmitLayerForward(body, t, bits, spec.Layers[k], k, layout.Layers);
                sections.Add(new KernelParts.Section(KernelParts.LayerLabel(k), body));
            }

            KernelParts.Emit(w, name, $"ref {t} p, ref {t} s", "ref p, ref s", body => EmitPrologue(body, spec, bits), sections);
        }

        /// <summary>
        /// Emits the reverse pass of one tile: starting from the cotangent a in gradient buffer A, each layer turns the
        /// gradient of its output into the gradient of its input (activations in place, dense layers into the other
        /// buffer), accumulating dense parameter gradients (per lane, or into dθ per tile for wide networks: see
        /// <see cref="LayerStackEmitter.KeepsParameterLanes"/>). Dense layers after which nothing needs an input
        /// gradient (the first one, unless dy is wanted) skip Wᵀg.
        /// </summary>
        private static void EmitBackward(SourceWriter w, DynamicsSpec spec, TileLayout layout, int bits)
        {
            string t = spec.Element, b = Literals.Int(bits);
            w.Line($"/// <summary>aᵀ∂f for one tile after <see cref=\"Forward{b}\"/>: parameter gradients into <paramref name=\"g\"/> ({(KeepsParameterLanes(spec.ParameterCount, Lanes(spec.IsDouble, bits)) ? "per lane" : "summed over the tile's lanes")}), aᵀ∂f/∂y into gradient row {Literals.Int(layout.InputGradientRow)}.</summary>");
            bool perLane = KeepsParameterLanes(spec.ParameterCount, Lanes(spec.IsDouble, bits));
            int current = layout.GradientA, other = layout.GradientB;
            var sections = new List<KernelParts.Section>();
            for (int k = spec.Layers.Count - 1; k >= 0; k--)
            {
                string? guard = DenseBefore(spec.Layers, k) ? null : "wantDy";
                SourceWriter body = KernelParts.SectionWriter(w);
                EmitLayerBackward(body, t, bits, spec.Layers[k], k, layout.Layers, guard, perLane, ref current, ref other);
                sections.Add(new KernelParts.Section(KernelParts.LayerLabel(k), body));
            }

            KernelParts.Emit(
                w, $"Backward{b}", $"ref {t} p, ref {t} s, ref {t} g, bool wantDy, bool wantTheta", "ref p, ref s, ref g, wantDy, wantTheta",
                body => EmitPrologue(body, spec, bits), sections);
        }

        /// <summary>The declarations every layer's code may use: the tile's lane count <c>W</c> and, with time input, <c>time</c>.</summary>
        private static void EmitPrologue(SourceWriter w, DynamicsSpec spec, int bits)
        {
            w.Line($"const int W = {Literals.Int(Lanes(spec.IsDouble, bits))};");
            EmitLoadTime(w, spec, bits);
        }

        /// <summary>With time input, t as a vector for the dense layers' time column.</summary>
        private static void EmitLoadTime(SourceWriter w, DynamicsSpec spec, int bits)
        {
            if (spec.TimeInput)
            {
                w.Line($"var time = {Vector(bits)}.LoadUnsafe(ref s, (nuint)({Literals.Int(TileLayout.TimeRow)} * W));");
            }
        }
    }
}

using System.Collections.Generic;
using System.Linq;
using System.Threading;
using OdeKernels.Generators.Activations;
using OdeKernels.Generators.Common;
using OdeKernels.Generators.Layers;
using static OdeKernels.Generators.Layers.LayerStackEmitter;

namespace OdeKernels.Generators.Networks;

public sealed partial class NetworkGenerator
{
    internal static partial class Emitter
    {
        /// <summary>
        /// Where each value of a recurrent cell's tile lives, in rows of W lanes: the input [x ; h], the two products
        /// weight_ih·x + bias_ih and weight_hh·h + bias_hh (G·H rows each), then for a GRU r, z and n, each followed by
        /// the exponential its derivative is computed from, and h'; for a plain cell the pre-activation, h' and its
        /// exponential where the activation keeps one; then the cotangent of h', the gradients of the two products
        /// (one set for a plain cell, whose products share it), the input gradient [dx ; dh] and the transpose rows of
        /// wide cells. The forward pass keeps every value, so the backward pass recomputes nothing.
        /// </summary>
        internal sealed class CellLayout
        {
            public CellLayout(NetworkSpec spec, RecurrentCellSpec cell)
            {
                int h = cell.Hidden, gates = cell.GateRows;
                HiddenRow = cell.Inputs;
                InputProduct = cell.Inputs + h;
                HiddenProduct = InputProduct + gates;
                Products = new LayerRows(2, TileLayout.InputRow, HiddenProduct + gates);
                Products.InputRows[0] = TileLayout.InputRow;
                Products.InputRows[1] = HiddenRow;
                Products.PreRows[0] = Products.OutputRows[0] = InputProduct;
                Products.PreRows[1] = Products.OutputRows[1] = HiddenProduct;
                Products.ExponentialRows[0] = Products.ExponentialRows[1] = -1;
                int next = HiddenProduct + gates;
                if (cell.IsGru)
                {
                    Reset = next;
                    Update = next + (2 * h);
                    Candidate = next + (4 * h);
                    OutputRow = next + (6 * h);
                    next += 7 * h;
                }
                else
                {
                    Pre = next;
                    next += h;
                    OutputRow = Pre;
                    if (cell.Activation != ActivationKind.Identity)
                    {
                        OutputRow = next;
                        next += h;
                    }

                    Exponential = -1;
                    if (ActivationTable.KeepsExponential(cell.Activation))
                    {
                        Exponential = next;
                        next += h;
                    }
                }

                Cotangent = next;
                InputProductGradient = Cotangent + h;
                HiddenProductGradient = cell.IsGru ? InputProductGradient + gates : InputProductGradient;
                InputGradientRow = HiddenProductGradient + gates;
                Rows = Products.PlaceTranspose(InputGradientRow + cell.Inputs + h, spec.Layers, spec.ParameterCount, spec.IsDouble);
            }

            /// <summary>The rows of the two products, as the dense kernels read them.</summary>
            public LayerRows Products { get; }

            /// <summary>The first row of h in the input.</summary>
            public int HiddenRow { get; }

            public int InputProduct { get; }

            public int HiddenProduct { get; }

            /// <summary>A GRU's r, then its exponential (z, n alike).</summary>
            public int Reset { get; }

            public int Update { get; }

            public int Candidate { get; }

            /// <summary>A plain cell's pre-activation.</summary>
            public int Pre { get; }

            /// <summary>A plain cell's kept exponential, or −1.</summary>
            public int Exponential { get; }

            /// <summary>The first row of h'.</summary>
            public int OutputRow { get; }

            /// <summary>The first row of the cotangent of h'.</summary>
            public int Cotangent { get; }

            public int InputProductGradient { get; }

            public int HiddenProductGradient { get; }

            /// <summary>The first row of [dx ; dh].</summary>
            public int InputGradientRow { get; }

            public int Rows { get; }
        }

        private static string EmitCell(NetworkSpec spec, RecurrentCellSpec cell, CancellationToken token)
        {
            var layout = new CellLayout(spec, cell);
            string g = cell.Gates == 3 ? "3H" : "H";
            var shape = new LayerStackClass(
                Interface,
                "<c>Forward</c> and <c>Vjp</c>",
                $"θ in the PyTorch <c>nn.{cell.Name.ToUpperInvariant()}Cell</c> layout: weight_ih [{g}, I], weight_hh [{g}, H]{(cell.Bias ? $", bias_ih [{g}], bias_hh [{g}]" : string.Empty)}, row-major.",
                $"One tile of lanes ({Literals.Int(layout.Rows)} rows of up to {Literals.Int(spec.MaxLanes)} lanes): the input [x ; h], the cell's products, gates and output, their gradients.",
                layout.Rows,
                string.Empty);
            var activations = (cell.IsGru ? new[] { ActivationKind.Sigmoid, ActivationKind.Tanh } : new[] { cell.Activation })
                .Where(a => a != ActivationKind.Identity).Distinct().OrderBy(a => a).Select(ActivationTable.Of).ToList();
            return EmitClass(
                spec, layout, shape, EmitSurface, (w, s, l, bits) => EmitCellKernels(w, s, cell, l, bits), EmitTileHelpers, token,
                (w, s) => EmitCellSeededConstructor(w, s, cell), activations);
        }

        /// <summary>The cell's row of the <c>Layers</c> table (the checkpoint names follow from its kind).</summary>
        private static void EmitCellLayerTable(SourceWriter w, RecurrentCellSpec cell)
        {
            LayerSpec ih = cell.Products[0];
            string kind = cell.IsGru ? RuntimeContract.DynamicsLayerKind.Gru : RuntimeContract.DynamicsLayerKind.Rnn;
            w.Line("/// <summary>The layers in application order, with where their parameters lie: the one recurrent cell.</summary>");
            w.Line($"public static {ReadOnlyList}<{Layer}> Layers {{ get; }} = global::System.Array.AsReadOnly(new {Layer}[]");
            w.Line("{");
            w.Line($"    new {Layer}({LayerKind}.{kind}, {Literals.Int(cell.Inputs)}, {Literals.Int(cell.Hidden)}, {ActivationEnum}.{cell.Activation}, {Bool(cell.Bias)}, false, 0, {Literals.Int(ih.BiasOffset)}),");
            w.Line("});");
            w.Line();
        }

        /// <summary>PyTorch's <c>reset_parameters</c> of <c>nn.GRUCell</c> / <c>nn.RNNCell</c>: every parameter uniform in ±1/√H, in parameter order.</summary>
        private static void EmitCellSeededConstructor(SourceWriter w, NetworkSpec spec, RecurrentCellSpec cell) =>
            EmitSeededConstructor(
                w,
                spec.Element,
                spec.TypeName,
                spec.ParameterCount,
                new[]
                {
                    $"Creates the cell with PyTorch's initialisation of <c>nn.{cell.Name.ToUpperInvariant()}Cell</c>: every parameter uniform in ±1/√hidden_size",
                    $"(±1/√{Literals.Int(cell.Hidden)}), drawn in parameter order from",
                },
                new[] { (0, spec.ParameterCount, cell.Hidden) });

        private static void EmitCellKernels(SourceWriter w, NetworkSpec spec, RecurrentCellSpec cell, CellLayout layout, int bits)
        {
            EmitDrivers(w, spec, layout.OutputRow, layout.Cotangent, layout.InputGradientRow, bits);
            string t = spec.Element, b = Literals.Int(bits);
            w.Line($"/// <summary>The cell for one tile of {Literals.Int(Lanes(spec.IsDouble, bits))} lanes: reads [x ; h] from the scratch tile and leaves every value in it.</summary>");
            w.Open($"private static void ForwardTile{b}(ref {t} p, ref {t} s)");
            w.Line($"const int W = {Literals.Int(Lanes(spec.IsDouble, bits))};");
            w.Line();
            w.Line($"// The products weight_ih·x + bias_ih and weight_hh·h + bias_hh ({Literals.Int(cell.GateRows)} rows each), computed as dense layers.");
            EmitLayerForward(w, t, bits, cell.Products[0], 0, layout.Products);
            EmitLayerForward(w, t, bits, cell.Products[1], 1, layout.Products);
            if (cell.IsGru)
            {
                RecurrentCellKernels.EmitGruGates(w, t, bits, cell, layout);
            }
            else
            {
                RecurrentCellKernels.EmitRnnActivation(w, t, bits, cell, layout);
            }

            w.Close();
            w.Line();

            bool perLane = KeepsParameterLanes(spec.ParameterCount, Lanes(spec.IsDouble, bits));
            w.Line($"/// <summary>The cotangent of h' back through the cell for one tile after <see cref=\"ForwardTile{b}\"/>: parameter gradients into <paramref name=\"g\"/> ({(perLane ? "per lane" : "summed over the tile's lanes")}), [dx ; dh] into row {Literals.Int(layout.InputGradientRow)}.</summary>");
            w.Open($"private static void BackwardTile{b}(ref {t} p, ref {t} s, ref {t} g, bool wantDx, bool wantTheta)");
            w.Line($"const int W = {Literals.Int(Lanes(spec.IsDouble, bits))};");
            if (cell.IsGru)
            {
                RecurrentCellKernels.EmitGruGatesBackward(w, t, bits, cell, layout);
            }
            else
            {
                RecurrentCellKernels.EmitRnnActivationBackward(w, t, bits, cell, layout);
            }

            // Each product's gradient is read, never written, by its dense backward pass, which writes dx (then dh).
            int current = layout.InputProductGradient, other = layout.InputGradientRow;
            EmitLayerBackward(w, t, bits, cell.Products[0], 0, layout.Products, "wantDx", perLane, ref current, ref other);
            current = layout.HiddenProductGradient;
            other = layout.InputGradientRow + cell.Inputs;
            EmitLayerBackward(w, t, bits, cell.Products[1], 1, layout.Products, "wantDx", perLane, ref current, ref other);
            if (cell.IsGru)
            {
                RecurrentCellKernels.EmitGruSkip(w, t, bits, cell, layout);
            }

            w.Close();
            w.Line();
        }
    }
}

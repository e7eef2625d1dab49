using System.Linq;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Layers;

internal static partial class LayerStackEmitter
{
    /// <summary>
    /// A Winograd convolution's input gradient for a tile (in <see cref="EmitSpatialBackward"/>'s guarded block, which
    /// declares <c>gradient</c>, the gradient of the pre-activation, and <c>inputGradient</c>): the transpose of the
    /// forward pass's linear map, step by step. Per output channel and tile, dM = A g Aᵀ (g the 4×4 tile of the
    /// gradient, zero beyond the output); per point ξ, dU[ξ][c][tile] = Σ_o V[ξ][o][c]·dM[ξ][o][tile] (o ascending;
    /// t's channel has no gradient to take); per input channel and tile, B dU Bᵀ, added into the input gradient where the
    /// 6×6 tile lies inside the map, tiles in order (they overlap by two rows and columns), after the input gradient is
    /// cleared. Fixed order, vector operations across lanes: a lane's result does not depend on its neighbours.
    /// </summary>
    private static void EmitWinogradInputGradient(SourceWriter w, string t, int bits, LayerSpec layer, SpatialSpec c, int k)
    {
        string vec = Vector(bits);
        int inputs = WinogradInputs(layer, c), outputs = c.Out.Channels, tiles = c.Tiles, first = layer.TimeInput ? 1 : 0;
        int side = WinogradF43.Inputs, m = WinogradF43.Outputs;
        string tileCount = Literals.Int(tiles);
        string Broadcast(string literal) => $"{vec}.Create({literal})";
        EmitWinogradStart(w, t, vec, layer, c, k);

        // dM = A g Aᵀ (A = (Aᵀ)ᵀ, 6×4) per output channel and tile, g zero beyond the output.
        w.Open($"for (int o = 0; o < {Literals.Int(outputs)}; o++)");
        w.Open($"for (int tile = 0; tile < {tileCount}; tile++)");
        EmitTileCorner(w, c, "oy0", "ox0", 0);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < m; j++)
            {
                string load = $"{vec}.LoadUnsafe(ref gradient, (nuint)(((((o * {Literals.Int(c.Out.Height)}) + oy0 + {Literals.Int(i)}) * {Literals.Int(c.Out.Width)}) + ox0 + {Literals.Int(j)}) * W))";
                string inside = InsideOutput(c, i, j);
                w.Line(inside.Length == 0 ? $"var g{i}{j} = {load};" : $"var g{i}{j} = ({inside}) ? ({load}) : zero;");
            }
        }

        EmitTwoSidedTransform(w, t, WinogradF43.Transposed(WinogradF43.OutputTransform), "g", "h", "n", Broadcast);
        w.Line($"ref {t} to = ref {Unsafe}.Add(ref wm, ((o * {tileCount}) + tile) * W);");
        for (int a = 0; a < side; a++)
        {
            for (int b = 0; b < side; b++)
            {
                w.Line($"{vec}.StoreUnsafe(n{a}{b}, ref to, (nuint)({Literals.Int(((a * side) + b) * outputs * tiles)} * W));");
            }
        }

        w.Close();
        w.Close();
        w.Line();

        // dU per point: Σ_o V[ξ][o][c]·dM[ξ][o][tile], o ascending (rows r = c, sums s = o).
        EmitWinogradProducts(w, t, bits, layer, c, first, inputs - first, outputs, "ms", "us", row => $"(si * {Literals.Int(inputs)}) + {row}");

        // dx += B dU Bᵀ (B = (Bᵀ)ᵀ) per input channel and tile, tiles in order, inside the map only.
        w.Open($"for (int e = 0; e < {Literals.Int(c.In.Size)}; e++)");
        w.Line($"{vec}.StoreUnsafe(zero, ref inputGradient, (nuint)(e * W));");
        w.Close();
        w.Line();
        w.Open($"for (int c = 0; c < {Literals.Int(c.In.Channels)}; c++)");
        w.Open($"for (int tile = 0; tile < {tileCount}; tile++)");
        EmitTileCorner(w, c, "y0", "x0", c.Padding);
        w.Line($"ref {t} from = ref {Unsafe}.Add(ref wu, ((({(first == 1 ? "c + 1" : "c")}) * {tileCount}) + tile) * W);");
        for (int a = 0; a < side; a++)
        {
            for (int b = 0; b < side; b++)
            {
                w.Line($"var u{a}{b} = {vec}.LoadUnsafe(ref from, (nuint)({Literals.Int(((a * side) + b) * inputs * tiles)} * W));");
            }
        }

        EmitTwoSidedTransform(w, t, WinogradF43.Transposed(WinogradF43.InputTransform), "u", "f", "x", Broadcast);
        for (int i = 0; i < side; i++)
        {
            for (int j = 0; j < side; j++)
            {
                w.Open($"if ({InsideInput(c, i, j)})");
                w.Line($"nuint at = (nuint)(((((c * {Literals.Int(c.In.Height)}) + y0 + {Literals.Int(i)}) * {Literals.Int(c.In.Width)}) + x0 + {Literals.Int(j)}) * W);");
                w.Line($"{vec}.StoreUnsafe({vec}.LoadUnsafe(ref inputGradient, at) + x{i}{j}, ref inputGradient, at);");
                w.Close();
            }
        }

        w.Close();
        w.Close();
    }
}

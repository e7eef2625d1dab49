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
    private static void EmitWinogradInputGradient(SourceWriter w, string t, string vec, int bits, LayerSpec layer, SpatialSpec c, int k)
    {
        int inputs = WinogradInputs(layer, c), outputs = c.Out.Channels, tiles = c.TileRows * c.TileColumns, first = layer.TimeInput ? 1 : 0;
        int points = WinogradF43.Points, side = WinogradF43.Inputs, m = WinogradF43.Outputs;
        string tileCount = Literals.Int(tiles), columns = Literals.Int(c.TileColumns);
        var outputTranspose = WinogradF43.Transposed(WinogradF43.OutputTransform);
        var inputTranspose = WinogradF43.Transposed(WinogradF43.InputTransform);
        string Broadcast(string literal) => $"{vec}.Create({literal})";
        w.Line($"ref {t} wv = ref WinogradWeights{Literals.Int(k)}(ref p);");
        w.Line($"ref {t} wu = ref {Marshal}.GetArrayDataReference(WinogradScratch);");
        w.Line($"ref {t} wm = ref {Unsafe}.Add(ref wu, {Literals.Int(points * inputs * tiles)} * W);");
        w.Line($"var zero = {vec}<{t}>.Zero;");

        // dM = A g Aᵀ: the column transform A g (A = (Aᵀ)ᵀ, 6×4), then the row transform (·)Aᵀ.
        bool rowsOver = c.Out.Height % m != 0, columnsOver = c.Out.Width % m != 0;
        w.Open($"for (int o = 0; o < {Literals.Int(outputs)}; o++)");
        w.Open($"for (int tile = 0; tile < {tileCount}; tile++)");
        w.Line($"int oy0 = (tile / {columns}) * {Literals.Int(m)}, ox0 = (tile % {columns}) * {Literals.Int(m)};");
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < m; j++)
            {
                string load = $"{vec}.LoadUnsafe(ref gradient, (nuint)(((((o * {Literals.Int(c.Out.Height)}) + oy0 + {Literals.Int(i)}) * {Literals.Int(c.Out.Width)}) + ox0 + {Literals.Int(j)}) * W))";
                string inside = string.Join(" && ", new[]
                {
                    rowsOver ? $"oy0 + {Literals.Int(i)} < {Literals.Int(c.Out.Height)}" : null,
                    columnsOver ? $"ox0 + {Literals.Int(j)} < {Literals.Int(c.Out.Width)}" : null,
                }.Where(x => x is not null));
                w.Line(inside.Length == 0 ? $"var g{i}{j} = {load};" : $"var g{i}{j} = ({inside}) ? ({load}) : zero;");
            }
        }

        for (int a = 0; a < side; a++)
        {
            for (int j = 0; j < m; j++)
            {
                w.Line($"var h{a}{j} = {WinogradF43.Combination(outputTranspose, a, Enumerable.Range(0, m).Select(i => $"g{i}{j}").ToArray(), Broadcast, t)};");
            }
        }

        w.Line($"ref {t} dm = ref {Unsafe}.Add(ref wm, ((o * {tileCount}) + tile) * W);");
        for (int a = 0; a < side; a++)
        {
            for (int b = 0; b < side; b++)
            {
                string value = WinogradF43.Combination(outputTranspose, b, Enumerable.Range(0, m).Select(j => $"h{a}{j}").ToArray(), Broadcast, t);
                w.Line($"{vec}.StoreUnsafe({value}, ref dm, (nuint)({Literals.Int(((a * side) + b) * outputs * tiles)} * W));");
            }
        }

        w.Close();
        w.Close();
        w.Line();

        // dU per point: Σ_o V[ξ][o][c]·dM[ξ][o][tile], o ascending (rows r = c, sums s = o).
        w.Open($"for (int xi = 0; xi < {Literals.Int(points)}; xi++)");
        w.Line($"ref {t} us = ref {Unsafe}.Add(ref wu, xi * {Literals.Int(inputs * tiles)} * W);");
        w.Line($"ref {t} vs = ref {Unsafe}.Add(ref wv, xi * {Literals.Int(outputs * inputs)});");
        w.Line($"ref {t} ms = ref {Unsafe}.Add(ref wm, xi * {Literals.Int(outputs * tiles)} * W);");
        EmitWinogradProducts(w, t, vec, bits, layer.FusedMultiplyAdd, first, inputs - first, outputs, tiles, "ms", "us", row => $"(si * {Literals.Int(inputs)}) + {row}");
        w.Close();
        w.Line();

        // dx += B dU Bᵀ per input channel and tile (B = (Bᵀ)ᵀ), tiles in order, inside the map only.
        w.Open($"for (int e = 0; e < {Literals.Int(c.In.Size)}; e++)");
        w.Line($"{vec}.StoreUnsafe(zero, ref inputGradient, (nuint)(e * W));");
        w.Close();
        w.Line();
        w.Open($"for (int c = 0; c < {Literals.Int(c.In.Channels)}; c++)");
        w.Open($"for (int tile = 0; tile < {tileCount}; tile++)");
        w.Line($"int y0 = ((tile / {columns}) * {Literals.Int(m)}) - {Literals.Int(c.Padding)}, x0 = ((tile % {columns}) * {Literals.Int(m)}) - {Literals.Int(c.Padding)};");
        w.Line($"ref {t} du = ref {Unsafe}.Add(ref wu, ((({(first == 1 ? "c + 1" : "c")}) * {tileCount}) + tile) * W);");
        for (int a = 0; a < side; a++)
        {
            for (int b = 0; b < side; b++)
            {
                w.Line($"var u{a}{b} = {vec}.LoadUnsafe(ref du, (nuint)({Literals.Int(((a * side) + b) * inputs * tiles)} * W));");
            }
        }

        for (int i = 0; i < side; i++)
        {
            for (int b = 0; b < side; b++)
            {
                w.Line($"var f{i}{b} = {WinogradF43.Combination(inputTranspose, i, Enumerable.Range(0, side).Select(a => $"u{a}{b}").ToArray(), Broadcast, t)};");
            }
        }

        for (int i = 0; i < side; i++)
        {
            for (int j = 0; j < side; j++)
            {
                string value = WinogradF43.Combination(inputTranspose, j, Enumerable.Range(0, side).Select(b => $"f{i}{b}").ToArray(), Broadcast, t);
                w.Open($"if ((uint)(y0 + {Literals.Int(i)}) < {Literals.Int(c.In.Height)} && (uint)(x0 + {Literals.Int(j)}) < {Literals.Int(c.In.Width)})");
                w.Line($"nuint at = (nuint)(((((c * {Literals.Int(c.In.Height)}) + y0 + {Literals.Int(i)}) * {Literals.Int(c.In.Width)}) + x0 + {Literals.Int(j)}) * W);");
                w.Line($"{vec}.StoreUnsafe({vec}.LoadUnsafe(ref inputGradient, at) + ({value}), ref inputGradient, at);");
                w.Close();
            }
        }

        w.Close();
        w.Close();
    }
}

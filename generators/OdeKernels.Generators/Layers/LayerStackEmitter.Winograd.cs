using System.Collections.Generic;
using System.Linq;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Layers;

internal static partial class LayerStackEmitter
{
    /// <summary>Tiles of a Winograd convolution's product loop that share each transformed weight's broadcast.</summary>
    private const int WinogradTileBlock = 4;

    /// <summary>
    /// Output channels of a Winograd product loop that share each transformed input's load: 4 × 4 accumulators plus
    /// 4 inputs and a weight on AVX-512's 32 registers; 2 × 4 on AVX2's 16 (and on 128-bit vectors).
    /// </summary>
    private static int WinogradChannelBlock(int bits) => bits == 512 ? 4 : 2;

    /// <summary>Input channels of a Winograd convolution's transformed weights and inputs: t's first with time input.</summary>
    private static int WinogradInputs(LayerSpec layer, SpatialSpec c) => c.In.Channels + (layer.TimeInput ? 1 : 0);

    /// <summary>
    /// Values of this thread's Winograd scratch for one tile of the widest vector: the transformed inputs
    /// U[ξ][c][tile][lane] and, after them, the products M[ξ][o][tile][lane] of the stack's largest Winograd layer.
    /// </summary>
    private static int WinogradScratchLength(IEnumerable<LayerSpec> layers, int maxLanes) =>
        layers.Where(l => l.Spatial is { Winograd: true })
            .Select(l => WinogradF43.Points * (WinogradInputs(l, l.Spatial!) + l.Spatial!.Out.Channels) * l.Spatial.TileRows * l.Spatial.TileColumns * maxLanes)
            .DefaultIfEmpty(0)
            .Max();

    /// <summary>
    /// The members a stack with Winograd convolutions adds to its class: per such layer, this thread's copy of the
    /// layer's weights and their transform V = G g Gᵀ (<c>WinogradWeights{k}</c>), remade only where the weights
    /// changed since this thread last transformed them (a bitwise comparison costs one pass over the weights, the
    /// transform 36 values per kernel); and one scratch per thread for the transformed inputs and products.
    /// Per thread, like the scratch tile, so instances still hold only their parameters and calls on one instance from
    /// many threads need no lock; a thread that alternates between instances with different weights remakes the
    /// transform at each switch, which costs time, never correctness.
    /// </summary>
    internal static void EmitWinogradMembers(SourceWriter w, string t, IReadOnlyList<LayerSpec> layers, int maxLanes)
    {
        const string ThreadStatic = "[global::System.ThreadStatic]";
        int scratch = WinogradScratchLength(layers, maxLanes);
        if (scratch == 0)
        {
            return;
        }

        w.Line("/// <summary>Transformed inputs and products of a Winograd convolution for one tile. This thread's, as <see cref=\"Scratch\"/>.</summary>");
        w.Line(ThreadStatic);
        w.Line($"private static {t}[]? t_winogradScratch;");
        w.Line();
        w.Line("/// <summary>The calling thread's Winograd scratch, made on its first call (see <see cref=\"Scratch\"/>).</summary>");
        w.Line($"private static {t}[] WinogradScratch => t_winogradScratch ??= new {t}[{Literals.Int(scratch)}];");
        w.Line();
        for (int k = 0; k < layers.Count; k++)
        {
            if (layers[k].Spatial is { Winograd: true } c)
            {
                EmitWinogradWeights(w, t, layers[k], c, k);
            }
        }
    }

    /// <summary>
    /// <c>WinogradWeights{k}</c>: the layer's transformed weights V[ξ][o][c] = (G g_{o,c} Gᵀ)[ξ] for the parameters at
    /// <c>p</c>, from this thread's cache (see <see cref="EmitWinogradMembers"/>). Scalar code in one fixed order, so
    /// every vector width reads the same bits.
    /// </summary>
    private static void EmitWinogradWeights(SourceWriter w, string t, LayerSpec layer, SpatialSpec c, int k)
    {
        string number = Literals.Int(k);
        int pairs = c.Out.Channels * WinogradInputs(layer, c), count = pairs * 9;
        w.Line($"/// <summary>Layer {Literals.Int(k + 1)}'s weights as this thread last transformed them, then their Winograd transform [36][{Literals.Int(c.Out.Channels)}][{Literals.Int(WinogradInputs(layer, c))}].</summary>");
        w.Line("[global::System.ThreadStatic]");
        w.Line($"private static {t}[]? t_winograd{number};");
        w.Line();
        w.Line($"/// <summary>Layer {Literals.Int(k + 1)}'s Winograd weights for the parameters at <paramref name=\"p\"/>, transformed again only if its weights changed.</summary>");
        w.Open($"private static ref {t} WinogradWeights{number}(ref {t} p)");
        w.Line($"{t}[] cache = t_winograd{number} ??= new {t}[{Literals.Int(count + (WinogradF43.Points * pairs))}];");
        w.Line($"var weights = {Marshal}.CreateReadOnlySpan(ref {Unsafe}.Add(ref p, {Literals.Int(layer.WeightOffset)}), {Literals.Int(count)});");
        w.Line($"var copy = new global::System.Span<{t}>(cache, 0, {Literals.Int(count)});");
        w.Open($"if (!global::System.MemoryExtensions.SequenceEqual({Marshal}.AsBytes(weights), {Marshal}.AsBytes((global::System.ReadOnlySpan<{t}>)copy)))");
        w.Line("weights.CopyTo(copy);");
        w.Open($"for (int pair = 0; pair < {Literals.Int(pairs)}; pair++)");
        w.Line("int at = pair * 9;");
        string[][] g = Enumerable.Range(0, 3).Select(a => Enumerable.Range(0, 3).Select(b => $"g{a}{b}").ToArray()).ToArray();
        foreach (int a in Enumerable.Range(0, 3))
        {
            w.Line(string.Join(" ", Enumerable.Range(0, 3).Select(b => $"{t} g{a}{b} = cache[at + {Literals.Int((a * 3) + b)}];")));
        }

        string Constant(string literal) => literal;
        for (int i = 0; i < WinogradF43.Inputs; i++)
        {
            // r_i = row i of G g (three values, one per kernel column).
            string[] r = Enumerable.Range(0, 3).Select(b => WinogradF43.Combination(WinogradF43.KernelTransform, i, g.Select(column => column[b]).ToArray(), Constant, t)).ToArray();
            for (int b = 0; b < 3; b++)
            {
                w.Line($"{t} r{i}{b} = {r[b]};");
            }

            for (int j = 0; j < WinogradF43.Inputs; j++)
            {
                string value = WinogradF43.Combination(WinogradF43.KernelTransform, j, Enumerable.Range(0, 3).Select(b => $"r{i}{b}").ToArray(), Constant, t);
                w.Line($"cache[{Literals.Int(count + (((i * WinogradF43.Inputs) + j) * pairs))} + pair] = {value};");
            }
        }

        w.Close();
        w.Close();
        w.Line();
        w.Line($"return ref cache[{Literals.Int(count)}];");
        w.Close();
        w.Line();
    }

    /// <summary>
    /// A Winograd convolution's forward code for a tile (in <see cref="EmitSpatialForward"/>'s block, which declares
    /// <c>input</c>, <c>pre</c> and the activation's rows): U = Bᵀ d B for every input channel (t's first, as a channel
    /// that is t inside the map and 0 on the padding) and 6×6 input tile; per point ξ of the 36, the products
    /// M[ξ][o][tile] = Σ_c V[ξ][o][c]·U[ξ][c][tile] in blocks of channels × tiles that share loads; then
    /// z = b + Aᵀ M A per output tile, stored like the direct kernels' outputs. Every step is a vector operation across
    /// the tile's lanes in a fixed order, so a lane's result does not depend on its neighbours.
    /// </summary>
    private static void EmitWinogradForward(SourceWriter w, string t, string vec, int bits, LayerSpec layer, SpatialSpec c, int k, int exponentialRow)
    {
        int inputs = WinogradInputs(layer, c), outputs = c.Out.Channels, tiles = c.TileRows * c.TileColumns;
        int points = WinogradF43.Points, side = WinogradF43.Inputs;
        string tileCount = Literals.Int(tiles), columns = Literals.Int(c.TileColumns);
        w.Line($"ref {t} wv = ref WinogradWeights{Literals.Int(k)}(ref p);");
        w.Line($"ref {t} wu = ref {Marshal}.GetArrayDataReference(WinogradScratch);");
        w.Line($"ref {t} wm = ref {Unsafe}.Add(ref wu, {Literals.Int(points * inputs * tiles)} * W);");
        w.Line($"var zero = {vec}<{t}>.Zero;");
        string Broadcast(string literal) => $"{vec}.Create({literal})";

        // Input transform, one 6×6 tile of one channel at a time: the column transform Bᵀ d, then the row transform (·)B.
        void Transform(string channel, string load)
        {
            w.Open($"for (int tile = 0; tile < {tileCount}; tile++)");
            w.Line($"int y0 = ((tile / {columns}) * {Literals.Int(WinogradF43.Outputs)}) - {Literals.Int(c.Padding)}, x0 = ((tile % {columns}) * {Literals.Int(WinogradF43.Outputs)}) - {Literals.Int(c.Padding)};");
            for (int i = 0; i < side; i++)
            {
                for (int j = 0; j < side; j++)
                {
                    w.Line($"var d{i}{j} = ((uint)(y0 + {Literals.Int(i)}) < {Literals.Int(c.In.Height)} && (uint)(x0 + {Literals.Int(j)}) < {Literals.Int(c.In.Width)}) ? ({load.Replace("{i}", Literals.Int(i)).Replace("{j}", Literals.Int(j))}) : zero;");
                }
            }

            for (int i = 0; i < side; i++)
            {
                for (int j = 0; j < side; j++)
                {
                    w.Line($"var e{i}{j} = {WinogradF43.Combination(WinogradF43.InputTransform, i, Enumerable.Range(0, side).Select(a => $"d{a}{j}").ToArray(), Broadcast, t)};");
                }
            }

            w.Line($"ref {t} u = ref {Unsafe}.Add(ref wu, (({channel} * {tileCount}) + tile) * W);");
            for (int i = 0; i < side; i++)
            {
                for (int j = 0; j < side; j++)
                {
                    string value = WinogradF43.Combination(WinogradF43.InputTransform, j, Enumerable.Range(0, side).Select(b => $"e{i}{b}").ToArray(), Broadcast, t);
                    w.Line($"{vec}.StoreUnsafe({value}, ref u, (nuint)({Literals.Int(((i * side) + j) * inputs * tiles)} * W));");
                }
            }

            w.Close();
        }

        if (layer.TimeInput)
        {
            w.OpenBlock();
            Transform("0", "time");
            w.Close();
        }

        w.Open($"for (int c = 0; c < {Literals.Int(c.In.Channels)}; c++)");
        Transform(layer.TimeInput ? "(c + 1)" : "c", $"{vec}.LoadUnsafe(ref input, (nuint)(((((c * {Literals.Int(c.In.Height)}) + y0 + {{i}}) * {Literals.Int(c.In.Width)}) + x0 + {{j}}) * W))");
        w.Close();

        // Products per point: M[ξ][o][tile] = Σ_c V[ξ][o][c]·U[ξ][c][tile], c ascending (rows r = o, sums s = c).
        w.Open($"for (int xi = 0; xi < {Literals.Int(points)}; xi++)");
        w.Line($"ref {t} us = ref {Unsafe}.Add(ref wu, xi * {Literals.Int(inputs * tiles)} * W);");
        w.Line($"ref {t} vs = ref {Unsafe}.Add(ref wv, xi * {Literals.Int(outputs * inputs)});");
        w.Line($"ref {t} ms = ref {Unsafe}.Add(ref wm, xi * {Literals.Int(outputs * tiles)} * W);");
        EmitWinogradProducts(w, t, vec, bits, layer.FusedMultiplyAdd, 0, outputs, inputs, tiles, "us", "ms", row => $"({row} * {Literals.Int(inputs)}) + si");
        w.Close();
        w.Line();

        // Output transform per channel and tile: the column transform Aᵀ M, then the row transform (·)A, plus the bias.
        w.Open($"for (int o = 0; o < {Literals.Int(outputs)}; o++)");
        w.Line($"var bias = {(layer.Bias ? $"{vec}.Create({Unsafe}.Add(ref p, {Literals.Int(layer.BiasOffset)} + o))" : "zero")};");
        w.Open($"for (int tile = 0; tile < {tileCount}; tile++)");
        w.Line($"int oy0 = (tile / {columns}) * {Literals.Int(WinogradF43.Outputs)}, ox0 = (tile % {columns}) * {Literals.Int(WinogradF43.Outputs)};");
        w.Line($"ref {t} m = ref {Unsafe}.Add(ref wm, ((o * {tileCount}) + tile) * W);");
        for (int a = 0; a < side; a++)
        {
            for (int j = 0; j < side; j++)
            {
                w.Line($"var m{a}{j} = {vec}.LoadUnsafe(ref m, (nuint)({Literals.Int(((a * side) + j) * outputs * tiles)} * W));");
            }
        }

        for (int i = 0; i < WinogradF43.Outputs; i++)
        {
            for (int j = 0; j < side; j++)
            {
                w.Line($"var r{i}{j} = {WinogradF43.Combination(WinogradF43.OutputTransform, i, Enumerable.Range(0, side).Select(a => $"m{a}{j}").ToArray(), Broadcast, t)};");
            }
        }

        bool rowsOver = c.Out.Height % WinogradF43.Outputs != 0, columnsOver = c.Out.Width % WinogradF43.Outputs != 0;
        for (int i = 0; i < WinogradF43.Outputs; i++)
        {
            w.OpenBlock();
            w.Line($"int oy = oy0 + {Literals.Int(i)};");
            if (rowsOver)
            {
                w.Open($"if (oy < {Literals.Int(c.Out.Height)})");
            }

            for (int jj = 0; jj < WinogradF43.Outputs; jj++)
            {
                if (columnsOver)
                {
                    w.Open($"if (ox0 + {Literals.Int(jj)} < {Literals.Int(c.Out.Width)})");
                }
                else
                {
                    w.OpenBlock();
                }

                string value = WinogradF43.Combination(WinogradF43.OutputTransform, jj, Enumerable.Range(0, side).Select(b => $"r{i}{b}").ToArray(), Broadcast, t);
                w.Line($"var z = bias + ({value});");
                w.Line($"nuint at = (nuint)(((((o * {Literals.Int(c.Out.Height)}) + oy) * {Literals.Int(c.Out.Width)}) + ox0 + {Literals.Int(jj)}) * W);");
                w.Line($"{vec}.StoreUnsafe(z, ref pre, at);");
                EmitSpatialActivate(w, vec, layer, "z", exponentialRow);
                w.Close();
            }

            if (rowsOver)
            {
                w.Close();
            }

            w.Close();
        }

        w.Close();
        w.Close();
    }

    /// <summary>
    /// The products of point ξ, inside the caller's loop over ξ (which declares <c>vs</c>, the point's V[o][c], and the
    /// point's [channel][tile] rows <paramref name="source"/> and <paramref name="target"/>):
    /// target[r][q] = Σ_s V(r, s)·source[s][q] for rows r in [<paramref name="from"/>, from + <paramref name="count"/>)
    /// and s (<c>si</c>) in [0, <paramref name="sums"/>) ascending, <paramref name="weight"/> giving V(r, s)'s index in <c>vs</c>
    /// for a row expression. Rows go in blocks of <see cref="WinogradChannelBlock"/> and tiles in blocks of
    /// <see cref="WinogradTileBlock"/>, each output its own accumulator, sharing each source load and each broadcast
    /// weight. The forward pass sums over input channels (r = o); the input gradient over output channels (r = c).
    /// </summary>
    private static void EmitWinogradProducts(
        SourceWriter w, string t, string vec, int bits, bool fused, int from, int count, int sums, int tiles, string source, string target, System.Func<string, string> weight)
    {
        string tileCount = Literals.Int(tiles);
        ForEachBlock(count, WinogradChannelBlock(bits), (rFrom, rTo, rBlock) =>
        {
            w.Open($"for (int r = {Literals.Int(rFrom + from)}; r < {Literals.Int(rTo + from)}; r += {Literals.Int(rBlock)})");
            ForEachBlock(tiles, WinogradTileBlock, (qFrom, qTo, qBlock) =>
            {
                w.Open($"for (int q = {Literals.Int(qFrom)}; q < {Literals.Int(qTo)}; q += {Literals.Int(qBlock)})");
                var js = Enumerable.Range(0, rBlock).ToArray();
                var ns = Enumerable.Range(0, qBlock).ToArray();
                foreach (int j in js)
                {
                    w.Line(string.Join(" ", ns.Select(n => $"var a{j}_{n} = zero;")));
                }

                w.Open($"for (int si = 0; si < {Literals.Int(sums)}; si++)");
                w.Line($"ref {t} src = ref {Unsafe}.Add(ref {source}, ((si * {tileCount}) + q) * W);");
                foreach (int n in ns)
                {
                    w.Line($"var l{n} = {vec}.LoadUnsafe(ref src, (nuint)({Literals.Int(n)} * W));");
                }

                foreach (int j in js)
                {
                    w.Line($"var v{j} = {vec}.Create({Unsafe}.Add(ref vs, {weight(BlockIndex("r", j))}));");
                    foreach (int n in ns)
                    {
                        w.Line(ProductSum.Accumulate(fused, vec, $"a{j}_{n}", $"v{j}", $"l{n}"));
                    }
                }

                w.Close();
                foreach (int j in js)
                {
                    w.Line($"ref {t} dst{j} = ref {Unsafe}.Add(ref {target}, (({BlockIndex("r", j)} * {tileCount}) + q) * W);");
                    foreach (int n in ns)
                    {
                        w.Line($"{vec}.StoreUnsafe(a{j}_{n}, ref dst{j}, (nuint)({Literals.Int(n)} * W));");
                    }
                }

                w.Close();
            });
            w.Close();
        });
    }
}

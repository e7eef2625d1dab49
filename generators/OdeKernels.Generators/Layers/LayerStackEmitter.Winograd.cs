using System.Collections.Generic;
using System.Linq;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Layers;

internal static partial class LayerStackEmitter
{
    /// <summary>Tiles of a Winograd convolution's product loop that share each transformed weight's broadcast.</summary>
    private const int WinogradTileBlock = 4;

    /// <summary>Input channels of a Winograd convolution's transformed weights and inputs: t's first with time input.</summary>
    private static int WinogradInputs(LayerSpec layer, SpatialSpec c) => c.In.Channels + (layer.TimeInput ? 1 : 0);

    /// <summary>
    /// Declares what both Winograd passes start from: <c>wv</c> (the layer's transformed weights, from this thread's
    /// cache), <c>wu</c> (the transformed inputs, or their gradients, at the start of the Winograd scratch), <c>wm</c>
    /// (the products, or their gradients, after them) and <c>zero</c>.
    /// </summary>
    private static void EmitWinogradStart(SourceWriter w, string t, string vec, LayerSpec layer, SpatialSpec c, int k)
    {
        w.Line($"ref {t} wv = ref WinogradWeights{Literals.Int(k)}(ref p);");
        w.Line($"ref {t} wu = ref {Marshal}.GetArrayDataReference(WinogradScratch);");
        w.Line($"ref {t} wm = ref {Unsafe}.Add(ref wu, {Literals.Int(WinogradF43.Points * WinogradInputs(layer, c) * c.Tiles)} * W);");
        w.Line($"var zero = {vec}<{t}>.Zero;");
    }

    /// <summary>
    /// Declares <c>int {y}, {x}</c>: the top-left corner of tile <c>tile</c> (row-major over the tiles), in output
    /// coordinates minus <paramref name="shift"/> (the padding, for the corner of a tile's 6×6 input window).
    /// </summary>
    private static void EmitTileCorner(SourceWriter w, SpatialSpec c, string y, string x, int shift)
    {
        string columns = Literals.Int(c.TileColumns), side = Literals.Int(WinogradF43.Outputs);
        string minus = shift == 0 ? string.Empty : $" - {Literals.Int(shift)}";
        w.Line($"int {y} = ((tile / {columns}) * {side}){minus}, {x} = ((tile % {columns}) * {side}){minus};");
    }

    /// <summary>Whether input position (y0 + <paramref name="i"/>, x0 + <paramref name="j"/>) lies inside the map (else it is padding).</summary>
    private static string InsideInput(SpatialSpec c, int i, int j) =>
        $"(uint)(y0 + {Literals.Int(i)}) < {Literals.Int(c.In.Height)} && (uint)(x0 + {Literals.Int(j)}) < {Literals.Int(c.In.Width)}";

    /// <summary>
    /// The test that output position (oy0 + <paramref name="i"/>, ox0 + <paramref name="j"/>) of a 4×4 tile lies inside
    /// the output, or empty where every tile lies inside in that direction (a side that is a multiple of 4).
    /// </summary>
    private static string InsideOutput(SpatialSpec c, int i, int j) =>
        string.Join(" && ", new[]
        {
            c.Out.Height % WinogradF43.Outputs != 0 ? $"oy0 + {Literals.Int(i)} < {Literals.Int(c.Out.Height)}" : null,
            c.Out.Width % WinogradF43.Outputs != 0 ? $"ox0 + {Literals.Int(j)} < {Literals.Int(c.Out.Width)}" : null,
        }.Where(x => x is not null));

    /// <summary>
    /// Declares <c>{output}{i}{j}</c> = (M X Mᵀ)[i][j] for X given by the locals <c>{input}{a}{b}</c> and M
    /// <paramref name="matrix"/>: every Winograd transform has this two-sided form (Bᵀ d B, G g Gᵀ, Aᵀ M A and, in the
    /// reverse pass, A g Aᵀ and B dU Bᵀ). The column transform first, into <c>{middle}{i}{b}</c>, then the row transform;
    /// <paramref name="constant"/> writes a coefficient (a broadcast vector or the element type's literal).
    /// </summary>
    private static void EmitTwoSidedTransform(
        SourceWriter w, string t, (int Numerator, int Denominator)[,] matrix, string input, string middle, string output, System.Func<string, string> constant)
    {
        int rows = matrix.GetLength(0), columns = matrix.GetLength(1);
        for (int i = 0; i < rows; i++)
        {
            for (int b = 0; b < columns; b++)
            {
                w.Line($"var {middle}{i}{b} = {WinogradF43.Combination(matrix, i, Enumerable.Range(0, columns).Select(a => $"{input}{a}{b}").ToArray(), constant, t)};");
            }
        }

        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < rows; j++)
            {
                w.Line($"var {output}{i}{j} = {WinogradF43.Combination(matrix, j, Enumerable.Range(0, columns).Select(b => $"{middle}{i}{b}").ToArray(), constant, t)};");
            }
        }
    }

    /// <summary>
    /// Values of this thread's Winograd scratch for one tile of the widest vector: the transformed inputs
    /// U[ξ][c][tile][lane] and, after them, the products M[ξ][o][tile][lane] of the stack's largest Winograd layer.
    /// </summary>
    private static int WinogradScratchLength(IEnumerable<LayerSpec> layers, int maxLanes) =>
        layers.Where(l => l.Spatial is { Winograd: true })
            .Select(l => WinogradF43.Points * (WinogradInputs(l, l.Spatial!) + l.Spatial!.Out.Channels) * l.Spatial.Tiles * maxLanes)
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
    internal static void EmitWinogradMembers(SourceWriter w, string t, EquatableArray<LayerSpec> layers, int maxLanes)
    {
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
        w.Line(ThreadStatic);
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
        for (int a = 0; a < 3; a++)
        {
            w.Line(string.Join(" ", Enumerable.Range(0, 3).Select(b => $"{t} g{a}{b} = cache[at + {Literals.Int((a * 3) + b)}];")));
        }

        EmitTwoSidedTransform(w, t, WinogradF43.KernelTransform, "g", "r", "v", literal => literal);
        for (int i = 0; i < WinogradF43.Inputs; i++)
        {
            for (int j = 0; j < WinogradF43.Inputs; j++)
            {
                w.Line($"cache[{Literals.Int(count + (((i * WinogradF43.Inputs) + j) * pairs))} + pair] = v{i}{j};");
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
    private static void EmitWinogradForward(SourceWriter w, string t, int bits, LayerSpec layer, SpatialSpec c, int k, int exponentialRow)
    {
        string vec = Vector(bits);
        int inputs = WinogradInputs(layer, c), outputs = c.Out.Channels, tiles = c.Tiles, side = WinogradF43.Inputs, m = WinogradF43.Outputs;
        string tileCount = Literals.Int(tiles);
        string Broadcast(string literal) => $"{vec}.Create({literal})";
        EmitWinogradStart(w, t, vec, layer, c, k);

        // Input transform U = Bᵀ d B, one 6×6 tile of one channel at a time.
        void Transform(string channel, string load)
        {
            w.Open($"for (int tile = 0; tile < {tileCount}; tile++)");
            EmitTileCorner(w, c, "y0", "x0", c.Padding);
            for (int i = 0; i < side; i++)
            {
                for (int j = 0; j < side; j++)
                {
                    w.Line($"var d{i}{j} = ({InsideInput(c, i, j)}) ? ({load.Replace("{i}", Literals.Int(i)).Replace("{j}", Literals.Int(j))}) : zero;");
                }
            }

            EmitTwoSidedTransform(w, t, WinogradF43.InputTransform, "d", "e", "u", Broadcast);
            w.Line($"ref {t} to = ref {Unsafe}.Add(ref wu, (({channel} * {tileCount}) + tile) * W);");
            for (int i = 0; i < side; i++)
            {
                for (int j = 0; j < side; j++)
                {
                    w.Line($"{vec}.StoreUnsafe(u{i}{j}, ref to, (nuint)({Literals.Int(((i * side) + j) * inputs * tiles)} * W));");
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
        EmitWinogradProducts(w, t, bits, layer, c, 0, outputs, inputs, "us", "ms", row => $"({row} * {Literals.Int(inputs)}) + si");

        // Output transform z = b + Aᵀ M A per channel and tile, stored where the 4×4 tile lies inside the output.
        w.Open($"for (int o = 0; o < {Literals.Int(outputs)}; o++)");
        w.Line($"var bias = {(layer.Bias ? $"{vec}.Create({Unsafe}.Add(ref p, {Literals.Int(layer.BiasOffset)} + o))" : "zero")};");
        w.Open($"for (int tile = 0; tile < {tileCount}; tile++)");
        EmitTileCorner(w, c, "oy0", "ox0", 0);
        w.Line($"ref {t} from = ref {Unsafe}.Add(ref wm, ((o * {tileCount}) + tile) * W);");
        for (int a = 0; a < side; a++)
        {
            for (int j = 0; j < side; j++)
            {
                w.Line($"var m{a}{j} = {vec}.LoadUnsafe(ref from, (nuint)({Literals.Int(((a * side) + j) * outputs * tiles)} * W));");
            }
        }

        EmitTwoSidedTransform(w, t, WinogradF43.OutputTransform, "m", "r", "y", Broadcast);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < m; j++)
            {
                string inside = InsideOutput(c, i, j);
                if (inside.Length == 0)
                {
                    w.OpenBlock();
                }
                else
                {
                    w.Open($"if ({inside})");
                }

                w.Line($"var z = bias + y{i}{j};");
                w.Line($"nuint at = (nuint)(((((o * {Literals.Int(c.Out.Height)}) + oy0 + {Literals.Int(i)}) * {Literals.Int(c.Out.Width)}) + ox0 + {Literals.Int(j)}) * W);");
                w.Line($"{vec}.StoreUnsafe(z, ref pre, at);");
                EmitSpatialActivate(w, vec, layer, "z", exponentialRow);
                w.Close();
            }
        }

        w.Close();
        w.Close();
    }

    /// <summary>
    /// The products of every point ξ, in a loop over ξ that declares the point's regions of <see cref="EmitWinogradStart"/>'s
    /// scratch, <c>us</c> (in <c>wu</c>) and <c>ms</c> (in <c>wm</c>), and its weights <c>vs</c>:
    /// target[r][q] = Σ_s V(r, s)·source[s][q] for rows r in [<paramref name="from"/>, from + <paramref name="count"/>)
    /// and s (<c>si</c>) in [0, <paramref name="sums"/>) ascending, <paramref name="weight"/> giving V(r, s)'s index in
    /// <c>vs</c> for a row expression, <paramref name="source"/> and <paramref name="target"/> being <c>us</c> and
    /// <c>ms</c>, one as the other. Rows go in blocks of <see cref="BlockChannels"/> and tiles in blocks of
    /// <see cref="WinogradTileBlock"/>, each output its own accumulator, sharing each source load and each broadcast
    /// weight. The forward pass sums over input channels (r = o, from U into M); the input gradient over output channels
    /// (r = c, from dM into dU).
    /// </summary>
    private static void EmitWinogradProducts(
        SourceWriter w, string t, int bits, LayerSpec layer, SpatialSpec c, int from, int count, int sums, string source, string target, System.Func<string, string> weight)
    {
        string vec = Vector(bits);
        int inputs = WinogradInputs(layer, c), outputs = c.Out.Channels, tiles = c.Tiles;
        bool fused = layer.FusedMultiplyAdd;
        w.Open($"for (int xi = 0; xi < {Literals.Int(WinogradF43.Points)}; xi++)");
        w.Line($"ref {t} us = ref {Unsafe}.Add(ref wu, xi * {Literals.Int(inputs * tiles)} * W);");
        w.Line($"ref {t} vs = ref {Unsafe}.Add(ref wv, xi * {Literals.Int(outputs * inputs)});");
        w.Line($"ref {t} ms = ref {Unsafe}.Add(ref wm, xi * {Literals.Int(outputs * tiles)} * W);");
        string tileCount = Literals.Int(tiles);
        ForEachBlock(count, BlockChannels(bits), (rFrom, rTo, rBlock) =>
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
        w.Close();
        w.Line();
    }
}

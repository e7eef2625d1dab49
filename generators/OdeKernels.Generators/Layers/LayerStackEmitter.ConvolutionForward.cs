using System.Linq;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Layers;

internal static partial class LayerStackEmitter
{
    /// <summary>
    /// The loop over output channels [<paramref name="from"/>, <paramref name="to"/>) in steps of
    /// <paramref name="block"/>, row by row. The columns of a row are known here, so each border column (some kx
    /// outside the input) gets its own code with its kx range as constants, and the interior columns (every kx inside)
    /// go in tiles of several columns that load each weight once for the tile (<see cref="EmitConvolutionForwardTile"/>).
    /// Every output is summed in the same order either way.
    /// </summary>
    private static void EmitConvolutionForwardPass(SourceWriter w, string t, string vec, LayerSpec layer, SpatialSpec c, int exponentialRow, int from, int to, int block)
    {
        string kernel = Literals.Int(c.Kernel), stride = Literals.Int(c.Stride), padding = Literals.Int(c.Padding);
        (int first, int end) = InteriorColumns(c);
        w.Open($"for (int o = {Literals.Int(from)}; o < {Literals.Int(to)}; o += {Literals.Int(block)})");
        w.Line($"ref {t} kernel = ref {Unsafe}.Add(ref p, {Plus(layer.WeightOffset, $"(o * {Literals.Int(layer.Columns)})")});");
        w.Open($"for (int oy = 0; oy < {Literals.Int(c.Out.Height)}; oy++)");
        w.Line($"int y0 = (oy * {stride}) - {padding};");
        w.Line($"int kyFrom = global::System.Math.Max(0, -y0), kyTo = global::System.Math.Min({kernel}, {Literals.Int(c.In.Height)} - y0);");
        for (int ox = 0; ox < first; ox++)
        {
            EmitConvolutionForwardBorder(w, t, vec, layer, c, exponentialRow, block, ox);
        }

        // Interior tiles of ConvolutionBlock accumulators: at most 4 channels × (8 / channels) columns, then narrower
        // tiles for the columns left over (5 = 2 + 2 + 1).
        int start = first;
        for (int columns = ConvolutionBlock / System.Math.Min(block, ConvolutionBlock / 2); columns >= 1; columns /= 2)
        {
            int tiles = (end - start) / columns;
            if (tiles == 0)
            {
                continue;
            }

            int channels = columns == 1 ? block : System.Math.Min(block, ConvolutionBlock / columns);
            if (tiles == 1)
            {
                w.OpenBlock();
                w.Line($"int ox = {Literals.Int(start)};");
            }
            else
            {
                w.Open($"for (int ox = {Literals.Int(start)}; ox < {Literals.Int(start + (tiles * columns))}; ox += {Literals.Int(columns)})");
            }

            for (int j = 0; j < block; j += channels)
            {
                EmitConvolutionForwardTile(w, t, vec, layer, c, exponentialRow, j, channels, columns, 0, c.Kernel);
            }

            w.Close();
            start += tiles * columns;
        }

        for (int ox = System.Math.Max(start, first); ox < c.Out.Width; ox++)
        {
            EmitConvolutionForwardBorder(w, t, vec, layer, c, exponentialRow, block, ox);
        }

        w.Close();
        w.Close();
    }

    /// <summary>
    /// The output columns [first, end) whose taps all lie inside the input: ox·S − P ≥ 0 and ox·S − P + K ≤ width
    /// (empty where the kernel is wider than the input).
    /// </summary>
    private static (int First, int End) InteriorColumns(SpatialSpec c)
    {
        int first = System.Math.Min(c.Out.Width, (c.Padding + c.Stride - 1) / c.Stride);
        int room = c.In.Width + c.Padding - c.Kernel;
        int end = room < 0 ? first : System.Math.Min(c.Out.Width, (room / c.Stride) + 1);
        return (first, System.Math.Max(first, end));
    }

    /// <summary>Border column <paramref name="ox"/> of all the pass's channels: a one-column tile over the kx inside the input.</summary>
    private static void EmitConvolutionForwardBorder(SourceWriter w, string t, string vec, LayerSpec layer, SpatialSpec c, int exponentialRow, int block, int ox)
    {
        int x0 = (ox * c.Stride) - c.Padding;
        w.OpenBlock();
        w.Line($"int ox = {Literals.Int(ox)};");
        EmitConvolutionForwardTile(w, t, vec, layer, c, exponentialRow, 0, block, 1, System.Math.Max(0, -x0), System.Math.Min(c.Kernel, c.In.Width - x0));
        w.Close();
    }

    /// <summary>
    /// Vector registers of AVX2 (AVX-512 has 32): a tile holds its row of inputs in registers only where they fit
    /// beside its accumulators, a weight and a product; else each product reads its input from memory (L1).
    /// </summary>
    private const int VectorRegisters = 16;

    /// <summary>
    /// A tile of outputs: channels o + <paramref name="first"/> … (<paramref name="channels"/> of them) × columns ox …
    /// (<paramref name="columns"/>), one accumulator each (z{j}_{n}), over the kx in [<paramref name="kxFrom"/>,
    /// <paramref name="kxTo"/>) (the same for every column of the tile). Per input row (c, ky) it loads each weight once
    /// for the tile's columns and each input of the row once for the tile's channels, and unrolls kx; the addresses are constant offsets from one input row and one weight row,
    /// so the loads fold into the multiplies (the row's reference is taken at its first tap read, never before the
    /// buffer: a reference outside an array is not safe across a garbage collection). Each accumulator adds its taps in the order of the formula on
    /// <see cref="EmitConvolutionForward"/>: t, then c, ky, kx ascending.
    /// </summary>
    private static void EmitConvolutionForwardTile(
        SourceWriter w, string t, string vec, LayerSpec layer, SpatialSpec c, int exponentialRow, int first, int channels, int columns, int kxFrom, int kxTo)
    {
        string kernel = Literals.Int(c.Kernel);
        var js = Enumerable.Range(first, channels).ToArray();
        var ns = Enumerable.Range(0, columns).ToArray();
        w.OpenBlock();
        w.Line($"int x0 = (ox * {Literals.Int(c.Stride)}) - {Literals.Int(c.Padding)};");
        foreach (int j in js)
        {
            foreach (int n in ns)
            {
                w.Line($"var z{j}_{n} = {ConvolutionStart(t, vec, layer, j)};");
            }
        }

        if (layer.TimeInput)
        {
            w.Open("for (int ky = kyFrom; ky < kyTo; ky++)");
            w.Line($"ref {t} weights = ref {Unsafe}.Add(ref kernel, ky * {kernel});");
            EmitTileTaps(w, vec, layer, c, js, ns, kxFrom, kxTo, _ => "time");
            w.Close();
            w.Line();
        }

        w.Open($"for (int c = 0; c < {Literals.Int(c.In.Channels)}; c++)");
        w.Line($"int plane = c * {Literals.Int(c.In.Plane)};");
        w.Open("for (int ky = kyFrom; ky < kyTo; ky++)");
        w.Line($"ref {t} weights = ref {Unsafe}.Add(ref kernel, ({(layer.TimeInput ? "(c + 1)" : "c")} * {Literals.Int(c.Kernel * c.Kernel)}) + (ky * {kernel}));");
        w.Line($"ref {t} line = ref {Unsafe}.Add(ref input, (nint)(plane + ((y0 + ky) * {Literals.Int(c.In.Width)}) + {BlockIndex("x0", kxFrom)}) * W);");
        int[] offsets = [.. ns.SelectMany(n => Enumerable.Range(kxFrom, System.Math.Max(0, kxTo - kxFrom)).Select(kx => (n * c.Stride) + kx)).Distinct()];
        bool held = (channels * columns) + offsets.Length + 2 <= VectorRegisters;
        foreach (int m in held ? offsets : [])
        {
            w.Line($"var v{Literals.Int(m)} = {vec}.LoadUnsafe(ref line, (nuint)({Literals.Int(m - kxFrom)} * W));");
        }

        EmitTileTaps(w, vec, layer, c, js, ns, kxFrom, kxTo, m => held ? $"v{Literals.Int(m)}" : $"{vec}.LoadUnsafe(ref line, (nuint)({Literals.Int(m - kxFrom)} * W))");
        w.Close();
        w.Close();
        w.Line();
        foreach (int j in js)
        {
            foreach (int n in ns)
            {
                EmitConvolutionStore(w, vec, layer, c, exponentialRow, BlockIndex("o", j), BlockIndex("ox", n), $"z{j}_{n}");
            }
        }

        w.Close();
    }

    /// <summary>
    /// The products of one kernel row (kx from <paramref name="kxFrom"/> to <paramref name="kxTo"/>, from
    /// <c>weights</c>) for every channel and column of a tile: z{j}_{n} += w[o + j, ·, ky, kx]·v(n·S + kx), where
    /// <paramref name="value"/> gives the operand at offset m of the row.
    /// </summary>
    private static void EmitTileTaps(SourceWriter w, string vec, LayerSpec layer, SpatialSpec c, int[] js, int[] ns, int kxFrom, int kxTo, System.Func<int, string> value)
    {
        for (int kx = kxFrom; kx < kxTo; kx++)
        {
            foreach (int j in js)
            {
                w.Line($"var w{j}_{kx} = {vec}.Create({Unsafe}.Add(ref weights, {Literals.Int((j * layer.Columns) + kx)}));");
                foreach (int n in ns)
                {
                    w.Line($"z{j}_{n} += w{j}_{kx} * {value((n * c.Stride) + kx)};");
                }
            }
        }
    }

    /// <summary>An accumulator's start: the output channel's bias, or zero.</summary>
    private static string ConvolutionStart(string t, string vec, LayerSpec layer, int j) =>
        layer.Bias ? $"{vec}.Create({Unsafe}.Add(ref p, {Literals.Int(layer.BiasOffset)} + {BlockIndex("o", j)}))" : $"{vec}<{t}>.Zero";

    /// <summary>Stores the accumulator <paramref name="z"/> as pre-activation (channel, oy, column) and its activation.</summary>
    private static void EmitConvolutionStore(SourceWriter w, string vec, LayerSpec layer, SpatialSpec c, int exponentialRow, string channel, string column, string z)
    {
        w.OpenBlock();
        w.Line($"nuint at = (nuint)((((({channel} * {Literals.Int(c.Out.Height)}) + oy) * {Literals.Int(c.Out.Width)}) + {column}) * W);");
        w.Line($"{vec}.StoreUnsafe({z}, ref pre, at);");
        EmitSpatialActivate(w, vec, layer, z, exponentialRow);
        w.Close();
    }
}

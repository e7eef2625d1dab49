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
        w.Open($"for (int o = {Literals.Int(from)}; o < {Literals.Int(to)}; o += {Literals.Int(block)})");
        w.Line($"ref {t} kernel = ref {Unsafe}.Add(ref p, {Plus(layer.WeightOffset, $"(o * {Literals.Int(layer.Columns)})")});");
        w.Open($"for (int oy = 0; oy < {Literals.Int(c.Out.Height)}; oy++)");
        w.Line($"int y0 = (oy * {stride}) - {padding};");
        w.Line($"int kyFrom = global::System.Math.Max(0, -y0), kyTo = global::System.Math.Min({kernel}, {Literals.Int(c.In.Height)} - y0);");
        EmitColumnTiles(
            w,
            "ox",
            c.Out.Width,
            InteriorColumns(c),
            block,
            ox =>
            {
                int x0 = (ox * c.Stride) - c.Padding;
                EmitConvolutionForwardTile(w, t, vec, layer, c, exponentialRow, 0, block, 1, System.Math.Max(0, -x0), System.Math.Min(c.Kernel, c.In.Width - x0));
            },
            (first, channels, columns) => EmitConvolutionForwardTile(w, t, vec, layer, c, exponentialRow, first, channels, columns, 0, c.Kernel));
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

    /// <summary>
    /// A tile of outputs: channels o + <paramref name="first"/> … (<paramref name="channels"/> of them) × columns ox …
    /// (<paramref name="columns"/>), one accumulator each (z{j}_{n}), over the kx in [<paramref name="kxFrom"/>,
    /// <paramref name="kxTo"/>) (the same for every column of the tile). Per input row (c, ky) it loads each weight once
    /// for the tile's columns and each input of the row once for the tile's channels, and unrolls kx
    /// (<see cref="EmitRowTaps"/>); the addresses are constant offsets from one input row and one weight row, so the
    /// loads fold into the multiplies (the row's reference is taken at its first tap read, never before the
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
            EmitRowTaps(w, vec, layer, js, ns, kxFrom, kxTo, layer.Columns, null);
            w.Close();
            w.Line();
        }

        w.Open($"for (int c = 0; c < {Literals.Int(c.In.Channels)}; c++)");
        w.Line($"int plane = c * {Literals.Int(c.In.Plane)};");
        w.Open("for (int ky = kyFrom; ky < kyTo; ky++)");
        w.Line($"ref {t} weights = ref {Unsafe}.Add(ref kernel, ({(layer.TimeInput ? "(c + 1)" : "c")} * {Literals.Int(c.Kernel * c.Kernel)}) + (ky * {kernel}));");
        w.Line($"ref {t} line = ref {Unsafe}.Add(ref input, (nint)(plane + ((y0 + ky) * {Literals.Int(c.In.Width)}) + {BlockIndex("x0", kxFrom)}) * W);");
        EmitRowTaps(w, vec, layer, js, ns, kxFrom, kxTo, layer.Columns, (n, kx) => (n * c.Stride) + kx - kxFrom);
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

using System.Linq;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Layers;

internal static partial class LayerStackEmitter
{
    /// <summary>
    /// The input gradient as the correlation it is: dx[c, iy, ix] = Σ_o Σ_ky Σ_kx w[o, c, ky, kx]·g[o, (iy + P − ky)/S,
    /// (ix + P − kx)/S] over the taps that land on an output position, row by row in register tiles of input channels
    /// × columns (<see cref="EmitColumnTiles"/>) that share each weight between the tile's columns and each gradient
    /// value between its channels, as the forward pass does. At stride S the columns of a row fall into S classes
    /// (ix mod S) whose landing taps are kx ≡ ix + P (mod S): within a class, neighbouring columns read neighbouring
    /// gradient columns, a stride-1 correlation with every S-th tap, so each class is tiled on its own. Each sum adds
    /// its taps in the gather's order (o, ky, kx ascending), so the bits are those of one input position at a time.
    /// </summary>
    private static void EmitConvolutionInputGradientTiled(SourceWriter w, string t, string vec, LayerSpec layer, SpatialSpec c, int from, int to, int block)
    {
        w.Open($"for (int c = {Literals.Int(from)}; c < {Literals.Int(to)}; c += {Literals.Int(block)})");
        w.Line($"ref {t} kernel = ref {Unsafe}.Add(ref p, {Plus(layer.WeightOffset, $"{BlockChannel(layer, 0)} * {Literals.Int(c.Kernel * c.Kernel)}")});");
        w.Open($"for (int iy = 0; iy < {Literals.Int(c.In.Height)}; iy++)");
        EmitLandingTaps(w, "ky", "iy", c, c.Out.Height);
        for (int residue = 0; residue < System.Math.Min(c.Stride, c.In.Width); residue++)
        {
            var taps = ColumnClass.Of(c, residue);
            EmitColumnTiles(
                w,
                "ix",
                c.In.Width,
                taps.Interior,
                block,
                ix =>
                {
                    (int kxFrom, int kxTo) = taps.Landing(ix);
                    EmitInputGradientTile(w, t, vec, layer, c, 0, block, 1, kxFrom, kxTo);
                },
                (first, channels, columns) => EmitInputGradientTile(w, t, vec, layer, c, first, channels, columns, taps.First, taps.End),
                c.Stride,
                residue);
        }

        w.Close();
        w.Close();
    }

    /// <summary>
    /// The input columns ix = <see cref="Residue"/> + S·q of a convolution: their landing taps are kx = First + S·m for
    /// m below <see cref="Taps"/>, and column q, tap m reads output column q + <see cref="Shift"/> − m (every tap of the
    /// interior columns lands; a border column's landing taps are a constant sub-range, <see cref="Landing"/>).
    /// </summary>
    private readonly record struct ColumnClass(SpatialSpec C, int Residue, int First, int Taps, int Shift, (int First, int End) Interior)
    {
        /// <summary>The bound past the class's last tap (First where it has none).</summary>
        public int End => Taps == 0 ? First : First + ((Taps - 1) * C.Stride) + 1;

        /// <summary>The class of the columns ≡ <paramref name="residue"/> (mod S).</summary>
        public static ColumnClass Of(SpatialSpec c, int residue)
        {
            int first = (residue + c.Padding) % c.Stride;
            int taps = first < c.Kernel ? ((c.Kernel - 1 - first) / c.Stride) + 1 : 0;
            int shift = (residue + c.Padding - first) / c.Stride;

            // Every tap lands for q ≥ taps − 1 − shift and q ≤ outputs − 1 − shift.
            int columns = ((c.In.Width - 1 - residue) / c.Stride) + 1;
            int low = System.Math.Max(0, taps - 1 - shift), high = System.Math.Min(columns - 1, c.Out.Width - 1 - shift);
            int past = residue + (c.Stride * columns);
            (int, int) interior = taps == 0 || low > high ? (past, past) : (residue + (c.Stride * low), residue + (c.Stride * (high + 1)));
            return new ColumnClass(c, residue, first, taps, shift, interior);
        }

        /// <summary>The landing taps [from, to) of border column <paramref name="ix"/> (from ≥ to: none).</summary>
        public (int From, int To) Landing(int ix)
        {
            int q = (ix - Residue) / C.Stride;
            int low = System.Math.Max(0, q + Shift - (C.Out.Width - 1)), high = System.Math.Min(Taps - 1, q + Shift);
            return low > high ? (First, First) : (First + (C.Stride * low), First + (C.Stride * high) + 1);
        }
    }

    /// <summary>
    /// A tile of input gradients: channels c + <paramref name="first"/> … (<paramref name="channels"/> of them) ×
    /// columns ix, ix + S, … (<paramref name="columns"/>), one sum each, over the kx of the columns' class in
    /// [<paramref name="kxFrom"/>, <paramref name="kxTo"/>) (every S-th). Per gradient row (o, ky) the row's reference
    /// is taken at the tile's first value read, column (ix + P − kxLast)/S for its last tap kxLast, and column n, tap
    /// kx reads n + (kxLast − kx)/S vectors on. With no landing tap the sums stay zero.
    /// </summary>
    private static void EmitInputGradientTile(
        SourceWriter w, string t, string vec, LayerSpec layer, SpatialSpec c, int first, int channels, int columns, int kxFrom, int kxTo)
    {
        string kernel = Literals.Int(c.Kernel), padding = Literals.Int(c.Padding), stride = Literals.Int(c.Stride);
        var js = Enumerable.Range(first, channels).ToArray();
        var ns = Enumerable.Range(0, columns).ToArray();
        int last = kxFrom + ((System.Math.Max(1, (kxTo - kxFrom + c.Stride - 1) / c.Stride) - 1) * c.Stride);
        w.OpenBlock();
        foreach (int j in js)
        {
            foreach (int n in ns)
            {
                w.Line($"var z{j}_{n} = {vec}<{t}>.Zero;");
            }
        }

        if (kxFrom < kxTo)
        {
            string x0 = c.Stride == 1 ? $"ix + {padding} - {Literals.Int(last)}" : $"(ix + {padding} - {Literals.Int(last)}) / {stride}";
            string row = c.Stride == 1 ? $"iy + {padding} - ky" : $"(iy + {padding} - ky) / {stride}";
            w.Line($"int x0 = {x0};");
            w.Open($"for (int o = 0; o < {Literals.Int(c.Out.Channels)}; o++)");
            w.Line($"int plane = o * {Literals.Int(c.Out.Plane)};");
            w.Open($"for (int ky = kyFirst; ky < kyEnd; ky{(c.Stride == 1 ? "++" : $" += {stride}")})");
            w.Line($"ref {t} weights = ref {Unsafe}.Add(ref kernel, (o * {Literals.Int(layer.Columns)}) + (ky * {kernel}));");
            w.Line($"ref {t} line = ref {Unsafe}.Add(ref gradient, (nint)(plane + (({row}) * {Literals.Int(c.Out.Width)}) + x0) * W);");
            EmitRowTaps(w, vec, layer, js, ns, kxFrom, kxTo, c.Kernel * c.Kernel, (n, kx) => n + ((last - kx) / c.Stride), c.Stride);
            w.Close();
            w.Close();
            w.Line();
        }

        foreach (int j in js)
        {
            foreach (int n in ns)
            {
                w.Line($"{vec}.StoreUnsafe(z{j}_{n}, ref inputGradient, (nuint)((((({BlockIndex("c", j)} * {Literals.Int(c.In.Height)}) + iy) * {Literals.Int(c.In.Width)}) + {BlockIndex("ix", n * c.Stride)}) * W));");
            }
        }

        w.Close();
    }
}

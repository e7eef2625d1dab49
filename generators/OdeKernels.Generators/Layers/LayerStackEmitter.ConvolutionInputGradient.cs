using System.Linq;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Layers;

internal static partial class LayerStackEmitter
{
    /// <summary>
    /// The input gradient of a stride-1 convolution as the correlation it is: dx[c, iy, ix] = Σ_o Σ_ky Σ_kx
    /// w[o, c, ky, kx]·g[o, iy + P − ky, ix + P − kx] over the taps that land on an output position, row by row in
    /// register tiles of input channels × columns (<see cref="EmitColumnTiles"/>) that share each weight between the
    /// tile's columns and each gradient value between its channels, as the forward pass does. Each sum adds its taps in
    /// the gather's order (o, ky, kx ascending), so the bits are those of
    /// <see cref="EmitConvolutionInputGradientPass"/>, which strided convolutions keep.
    /// </summary>
    private static void EmitConvolutionInputGradientTiled(SourceWriter w, string t, string vec, LayerSpec layer, SpatialSpec c, int from, int to, int block)
    {
        string padding = Literals.Int(c.Padding);
        w.Open($"for (int c = {Literals.Int(from)}; c < {Literals.Int(to)}; c += {Literals.Int(block)})");
        w.Line($"ref {t} kernel = ref {Unsafe}.Add(ref p, {Plus(layer.WeightOffset, $"{BlockChannel(layer, 0)} * {Literals.Int(c.Kernel * c.Kernel)}")});");
        w.Open($"for (int iy = 0; iy < {Literals.Int(c.In.Height)}; iy++)");
        w.Line($"int kyFrom = global::System.Math.Max(0, iy + {padding} - {Literals.Int(c.Out.Height - 1)}), kyTo = global::System.Math.Min({Literals.Int(c.Kernel)}, iy + {padding} + 1);");
        EmitColumnTiles(
            w,
            "ix",
            c.In.Width,
            LandingColumns(c),
            block,
            ix => EmitInputGradientTile(
                w, t, vec, layer, c, 0, block, 1, System.Math.Max(0, ix + c.Padding - (c.Out.Width - 1)), System.Math.Min(c.Kernel, ix + c.Padding + 1)),
            (first, channels, columns) => EmitInputGradientTile(w, t, vec, layer, c, first, channels, columns, 0, c.Kernel));
        w.Close();
        w.Close();
    }

    /// <summary>
    /// The input columns [first, end) every kx of which lands on an output column (stride 1): ix + P − (K − 1) ≥ 0 and
    /// ix + P ≤ output width − 1 (empty where the kernel is wider than the output).
    /// </summary>
    private static (int First, int End) LandingColumns(SpatialSpec c)
    {
        int first = System.Math.Min(c.In.Width, System.Math.Max(0, c.Kernel - 1 - c.Padding));
        int end = System.Math.Min(c.In.Width, c.Out.Width - c.Padding);
        return (first, System.Math.Max(first, end));
    }

    /// <summary>
    /// A tile of input gradients: channels c + <paramref name="first"/> … (<paramref name="channels"/> of them) ×
    /// columns ix … (<paramref name="columns"/>), one sum each, over the kx in [<paramref name="kxFrom"/>,
    /// <paramref name="kxTo"/>). Per gradient row (o, ky) the row's reference is taken at the tile's first value read,
    /// column ix + P − (kxTo − 1), and column n, tap kx reads n + kxTo − 1 − kx vectors on.
    /// </summary>
    private static void EmitInputGradientTile(
        SourceWriter w, string t, string vec, LayerSpec layer, SpatialSpec c, int first, int channels, int columns, int kxFrom, int kxTo)
    {
        string kernel = Literals.Int(c.Kernel), padding = Literals.Int(c.Padding);
        var js = Enumerable.Range(first, channels).ToArray();
        var ns = Enumerable.Range(0, columns).ToArray();
        w.OpenBlock();
        w.Line($"int x0 = ix + {padding} - {Literals.Int(kxTo - 1)};");
        foreach (int j in js)
        {
            foreach (int n in ns)
            {
                w.Line($"var z{j}_{n} = {vec}<{t}>.Zero;");
            }
        }

        w.Open($"for (int o = 0; o < {Literals.Int(c.Out.Channels)}; o++)");
        w.Line($"int plane = o * {Literals.Int(c.Out.Plane)};");
        w.Open("for (int ky = kyFrom; ky < kyTo; ky++)");
        w.Line($"ref {t} weights = ref {Unsafe}.Add(ref kernel, (o * {Literals.Int(layer.Columns)}) + (ky * {kernel}));");
        w.Line($"ref {t} line = ref {Unsafe}.Add(ref gradient, (nint)(plane + ((iy + {padding} - ky) * {Literals.Int(c.Out.Width)}) + x0) * W);");
        EmitRowTaps(w, vec, layer, js, ns, kxFrom, kxTo, c.Kernel * c.Kernel, (n, kx) => n + kxTo - 1 - kx);
        w.Close();
        w.Close();
        w.Line();
        foreach (int j in js)
        {
            foreach (int n in ns)
            {
                w.Line($"{vec}.StoreUnsafe(z{j}_{n}, ref inputGradient, (nuint)((((({BlockIndex("c", j)} * {Literals.Int(c.In.Height)}) + iy) * {Literals.Int(c.In.Width)}) + {BlockIndex("ix", n)}) * W));");
            }
        }

        w.Close();
    }
}

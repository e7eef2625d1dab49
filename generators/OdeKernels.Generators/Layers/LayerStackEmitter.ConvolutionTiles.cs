using System.Linq;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Layers;

// The register tiles shared by a convolution's forward pass and its input gradient (one column class ix mod S at a
// time): both are correlations of a row of a source map (the input, or the output gradient) with a kernel row, so both
// go row by row over their result, border columns one at a time and interior columns in tiles of accumulators that
// share each weight and each source value in registers.
internal static partial class LayerStackEmitter
{
    /// <summary>
    /// Vector registers of AVX2 (AVX-512 has 32): a tile holds its row of source values in registers only where they
    /// fit beside its accumulators, a weight and a product; else each product reads its source from memory (L1).
    /// </summary>
    private const int VectorRegisters = 16;

    /// <summary>
    /// The columns of one row of results, in the loop variable <paramref name="column"/>: the columns
    /// <paramref name="offset"/>, <paramref name="offset"/> + <paramref name="step"/>, … below <paramref name="width"/>
    /// (all of them with the defaults; one residue class of a strided input gradient otherwise). Each border column
    /// (some kx off the source row) on its own, its kx range a constant (<paramref name="border"/>, given the column),
    /// and the interior columns of the class in [first, end) in tiles of <see cref="ConvolutionBlock"/> accumulators,
    /// at most 4 channels × (8 / channels) columns, then narrower tiles for the columns left over (5 = 2 + 2 + 1);
    /// <paramref name="tile"/> is given the tile's first channel in the <paramref name="block"/>, its channel count
    /// and its column count. First lies in the class.
    /// </summary>
    private static void EmitColumnTiles(
        SourceWriter w,
        string column,
        int width,
        (int First, int End) interior,
        int block,
        System.Action<int> border,
        System.Action<int, int, int> tile,
        int step = 1,
        int offset = 0)
    {
        (int first, int end) = interior;
        for (int x = offset; x < first; x += step)
        {
            EmitBorderColumn(w, column, x, border);
        }

        int start = first;
        for (int columns = ConvolutionBlock / System.Math.Min(block, ConvolutionBlock / 2); columns >= 1; columns /= 2)
        {
            int tiles = System.Math.Max(0, (end - start + step - 1) / step) / columns;
            if (tiles == 0)
            {
                continue;
            }

            int channels = columns == 1 ? block : System.Math.Min(block, ConvolutionBlock / columns);
            if (tiles == 1)
            {
                w.OpenBlock();
                w.Line($"int {column} = {Literals.Int(start)};");
            }
            else
            {
                w.Open($"for (int {column} = {Literals.Int(start)}; {column} < {Literals.Int(start + (tiles * columns * step))}; {column} += {Literals.Int(columns * step)})");
            }

            for (int j = 0; j < block; j += channels)
            {
                tile(j, channels, columns);
            }

            w.Close();
            start += tiles * columns * step;
        }

        for (int x = System.Math.Max(start, first); x < width; x += step)
        {
            EmitBorderColumn(w, column, x, border);
        }
    }

    /// <summary>One border column, its index a constant in a block of its own.</summary>
    private static void EmitBorderColumn(SourceWriter w, string column, int x, System.Action<int> border)
    {
        w.OpenBlock();
        w.Line($"int {column} = {Literals.Int(x)};");
        border(x);
        w.Close();
    }

    /// <summary>
    /// The products of one kernel row (kx from <paramref name="kxFrom"/> below <paramref name="kxTo"/> in steps of
    /// <paramref name="kxStep"/>, channel j's weight
    /// at <c>weights</c> + j·<paramref name="weightStride"/> + kx) for every channel and column of a tile:
    /// z{j}_{n} += w·v, v the source value at <paramref name="offset"/>(n, kx) vectors from <c>line</c>, or t for the
    /// time channel (<paramref name="offset"/> null). The row's values are loaded once into registers where they fit.
    /// </summary>
    private static void EmitRowTaps(
        SourceWriter w, string vec, LayerSpec layer, int[] js, int[] ns, int kxFrom, int kxTo, int weightStride, System.Func<int, int, int>? offset, int kxStep = 1)
    {
        int[] taps = [.. Enumerable.Range(0, System.Math.Max(0, (kxTo - kxFrom + kxStep - 1) / kxStep)).Select(m => kxFrom + (m * kxStep))];
        System.Func<int, int, string> value = (_, _) => "time";
        if (offset is not null)
        {
            int[] offsets = [.. ns.SelectMany(n => taps.Select(kx => offset(n, kx))).Distinct()];
            bool held = (js.Length * ns.Length) + offsets.Length + 2 <= VectorRegisters;
            foreach (int m in held ? offsets : [])
            {
                w.Line($"var v{Literals.Int(m)} = {vec}.LoadUnsafe(ref line, (nuint)({Literals.Int(m)} * W));");
            }

            value = (n, kx) => held ? $"v{Literals.Int(offset(n, kx))}" : $"{vec}.LoadUnsafe(ref line, (nuint)({Literals.Int(offset(n, kx))} * W))";
        }

        foreach (int kx in taps)
        {
            foreach (int j in js)
            {
                w.Line($"var w{j}_{kx} = {vec}.Create({Unsafe}.Add(ref weights, {Literals.Int((j * weightStride) + kx)}));");
                foreach (int n in ns)
                {
                    w.Line(ProductSum.Accumulate(layer.FusedMultiplyAdd, vec, $"z{j}_{n}", $"w{j}_{kx}", value(n, kx)));
                }
            }
        }
    }
}

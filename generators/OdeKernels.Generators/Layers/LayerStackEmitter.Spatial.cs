using System.Linq;
using OdeKernels.Generators.Activations;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Layers;

internal static partial class LayerStackEmitter
{
    /// <summary>PyTorch's <c>nn.GroupNorm</c> default ε, added to the variance under the square root.</summary>
    internal const double GroupNormEpsilon = 1e-5;

    /// <summary>
    /// A convolution's or group norm's forward code for a tile (see <see cref="EmitLayerForward"/>), lane = one
    /// sample: every operation is a vector operation across the tile's lanes with broadcast weights, so a lane's result
    /// does not depend on its neighbours or on its place in the batch. Loops, not unrolled code: a 64×7×7 feature map
    /// would otherwise take megabytes of source.
    /// </summary>
    private static void EmitSpatialForward(SourceWriter w, string t, int bits, LayerSpec layer, SpatialSpec spatial, int k, LayerRows rows)
    {
        string vec = Vector(bits);
        w.OpenBlock();
        w.Line($"ref {t} input = ref {Unsafe}.Add(ref s, {Literals.Int(rows.InputRows[k])} * W);");
        w.Line($"ref {t} pre = ref {Unsafe}.Add(ref s, {Literals.Int(rows.PreRows[k])} * W);");
        if (layer.Activation != ActivationKind.Identity)
        {
            w.Line($"ref {t} output = ref {Unsafe}.Add(ref s, {Literals.Int(rows.OutputRows[k])} * W);");
            if (rows.ExponentialRows[k] >= 0)
            {
                w.Line($"ref {t} exponential = ref {Unsafe}.Add(ref s, {Literals.Int(rows.ExponentialRows[k])} * W);");
            }
        }

        if (spatial is { Kind: SpatialKind.Conv2d, Winograd: true })
        {
            EmitWinogradForward(w, t, bits, layer, spatial, k, rows.ExponentialRows[k]);
        }
        else if (spatial.Kind == SpatialKind.Conv2d)
        {
            EmitConvolutionForward(w, t, vec, layer, spatial, rows.ExponentialRows[k]);
        }
        else if (spatial.Kind == SpatialKind.GroupNorm)
        {
            EmitGroupNormForward(w, t, vec, layer, spatial);
        }
        else
        {
            EmitPoolingForward(w, t, vec, spatial);
        }

        w.Close();
    }

    /// <summary>
    /// Independent accumulators a pass of a convolution kernel keeps (issue 13): a vector add waits for the one before
    /// it on the same accumulator (3–4 cycles), while the core can start two a cycle, so one accumulator runs the pass at
    /// the latency of its add chain. Eight chains cover that latency on AVX2 and AVX-512 and still leave registers for
    /// the shared operands (16 vector registers on AVX2). The forward pass keeps 8 output channels, the input gradient
    /// 8 input channels, the weight gradient <see cref="BlockChannels"/> output × 4 input channels (4 × 4 with
    /// 512-bit vectors).
    /// </summary>
    internal const int ConvolutionBlock = 8;

    /// <summary>
    /// Calls <paramref name="emit"/> with (from, to, block) for [0, <paramref name="count"/>) in passes of
    /// <paramref name="block"/> (a power of two), the rest in passes of half as many, and so on down to one: 11 = 8 + 2 + 1.
    /// </summary>
    private static void ForEachBlock(int count, int block, System.Action<int, int, int> emit)
    {
        int from = 0;
        for (int size = block; size >= 1; size /= 2)
        {
            int full = from + ((count - from) / size * size);
            if (full > from)
            {
                emit(from, full, size);
            }

            from = full;
        }
    }

    /// <summary>
    /// z[o, oy, ox] = b[o] (+ Σ t·w[o, 0, ky, kx] with time input) + Σ_c Σ_ky Σ_kx w[o, c, ky, kx]·x[c, oy·S − P + ky,
    /// ox·S − P + kx] over the taps inside the input (zero padding adds nothing; t's channel is padded with zeros too,
    /// as <c>ConcatConv2d</c> pads the concatenated input), in this order, then the activation. Output channels go in
    /// passes of <see cref="ConvolutionBlock"/> (see <see cref="ForEachBlock"/>): each output keeps its own accumulator
    /// and exactly the order above, so blocking changes no bit of any result.
    /// </summary>
    private static void EmitConvolutionForward(SourceWriter w, string t, string vec, LayerSpec layer, SpatialSpec c, int exponentialRow) =>
        ForEachBlock(c.Out.Channels, ConvolutionBlock, (from, to, block) => EmitConvolutionForwardPass(w, t, vec, layer, c, exponentialRow, from, to, block));

    /// <summary><paramref name="index"/> + <paramref name="offset"/> as an expression (parenthesised unless the offset is 0).</summary>
    private static string BlockIndex(string index, int offset) => offset == 0 ? index : $"({index} + {Literals.Int(offset)})";

    /// <summary>Stores the activation of <paramref name="argument"/> at <c>output[at]</c> (and its kept exponential), at the writer's indent.</summary>
    private static void EmitSpatialActivate(SourceWriter w, string vec, LayerSpec layer, string argument, int exponentialRow)
    {
        if (layer.Activation == ActivationKind.Identity)
        {
            return;
        }

        if (exponentialRow >= 0)
        {
            w.Line($"{vec}.StoreUnsafe({CSharpActivationPrinter.ForwardName(layer.Activation)}({argument}, out var e), ref output, at);");
            w.Line($"{vec}.StoreUnsafe(e, ref exponential, at);");
        }
        else
        {
            w.Line($"{vec}.StoreUnsafe({CSharpActivationPrinter.ForwardName(layer.Activation)}({argument}), ref output, at);");
        }
    }

    /// <summary>y = γ_c·(x − μ)·r + β_c per group of each lane (see <see cref="EmitGroupStatistics"/> for μ and r).</summary>
    private static void EmitGroupNormForward(SourceWriter w, string t, string vec, LayerSpec layer, SpatialSpec n)
    {
        w.Open($"for (int group = 0; group < {Literals.Int(n.Groups)}; group++)");
        EmitGroupStatistics(w, t, vec, n);
        OpenGroupChannels(w, vec, layer, n, $"var beta = {vec}.Create({Unsafe}.Add(ref p, {Literals.Int(layer.BiasOffset)} + channel));");
        w.Line($"{vec}.StoreUnsafe((((({vec}.LoadUnsafe(ref input, at) - mean) * rstd) * gamma) + beta), ref pre, at);");
        w.Close();
        w.Close();
        w.Close();
    }

    /// <summary>
    /// Opens the loop over the channels of group <c>group</c> (declaring <c>channel</c> and its γ, <c>gamma</c>, then
    /// the lines <paramref name="between"/>) and, inside, the loop over the channel's values (declaring <c>at</c>);
    /// the caller closes both.
    /// </summary>
    private static void OpenGroupChannels(SourceWriter w, string vec, LayerSpec layer, SpatialSpec n, params string[] between)
    {
        int perGroup = n.In.Channels / n.Groups;
        w.Open($"for (int c = 0; c < {Literals.Int(perGroup)}; c++)");
        w.Line($"int channel = (group * {Literals.Int(perGroup)}) + c;");
        w.Line($"var gamma = {vec}.Create({Unsafe}.Add(ref p, {Plus(layer.WeightOffset, "channel")}));");
        foreach (string line in between)
        {
            w.Line(line);
        }

        w.Open($"for (int e = 0; e < {Literals.Int(n.In.Plane)}; e++)");
        w.Line($"nuint at = (nuint)(((channel * {Literals.Int(n.In.Plane)}) + e) * W);");
    }

    /// <summary>
    /// Declares <c>mean</c> and <c>rstd</c> of group <c>group</c> of every lane, from <c>input</c>: μ = Σx/n, then
    /// r = 1/√(Σ(x − μ)²/n + ε) (two passes, PyTorch's biased variance). The forward and the reverse pass both emit it,
    /// so the reverse pass recomputes bit for bit the statistics the forward pass used instead of keeping them.
    /// </summary>
    private static void EmitGroupStatistics(SourceWriter w, string t, string vec, SpatialSpec n)
    {
        int count = n.In.Channels / n.Groups * n.In.Plane;
        string size = Literals.Int(count);
        w.Line($"int first = group * {size};");
        w.Line($"var sum = {vec}<{t}>.Zero;");
        w.Open($"for (int e = 0; e < {size}; e++)");
        w.Line($"sum += {vec}.LoadUnsafe(ref input, (nuint)((first + e) * W));");
        w.Close();
        w.Line();
        w.Line($"var mean = sum / {vec}.Create(({t}){size});");
        w.Line($"var squares = {vec}<{t}>.Zero;");
        w.Open($"for (int e = 0; e < {size}; e++)");
        w.Line($"var d = {vec}.LoadUnsafe(ref input, (nuint)((first + e) * W)) - mean;");
        w.Line("squares += d * d;");
        w.Close();
        w.Line();
        w.Line($"var rstd = {vec}.Create(({t})1) / {vec}.Sqrt((squares / {vec}.Create(({t}){size})) + {vec}.Create(({t}){Literals.Double(GroupNormEpsilon)}));");
    }

    /// <summary>
    /// y[c, oy, ox] = (Σ_ky Σ_kx x[c, oy·S + ky, ox·S + kx]) / (window size), row by row of the window, as
    /// <c>nn.AvgPool2d</c> divides (no padding, so every window is whole).
    /// </summary>
    private static void EmitPoolingForward(SourceWriter w, string t, string vec, SpatialSpec pool)
    {
        string stride = Literals.Int(pool.Stride), width = Literals.Int(pool.In.Width);
        w.Line($"var size = {vec}.Create(({t}){Literals.Int(pool.WindowHeight * pool.WindowWidth)});");
        w.Open($"for (int c = 0; c < {Literals.Int(pool.In.Channels)}; c++)");
        w.Open($"for (int oy = 0; oy < {Literals.Int(pool.Out.Height)}; oy++)");
        w.Open($"for (int ox = 0; ox < {Literals.Int(pool.Out.Width)}; ox++)");
        w.Line($"var sum = {vec}<{t}>.Zero;");
        w.Open($"for (int ky = 0; ky < {Literals.Int(pool.WindowHeight)}; ky++)");
        w.Line($"int line = (c * {Literals.Int(pool.In.Plane)}) + (((oy * {stride}) + ky) * {width}) + (ox * {stride});");
        w.Open($"for (int kx = 0; kx < {Literals.Int(pool.WindowWidth)}; kx++)");
        w.Line($"sum += {vec}.LoadUnsafe(ref input, (nuint)((line + kx) * W));");
        w.Close();
        w.Close();
        w.Line();
        w.Line($"{vec}.StoreUnsafe(sum / size, ref pre, (nuint)(((((c * {Literals.Int(pool.Out.Height)}) + oy) * {Literals.Int(pool.Out.Width)}) + ox) * W));");
        w.Close();
        w.Close();
        w.Close();
    }

    /// <summary>The comment line above a convolution's or group norm's code: its shapes, settings and where its parameters lie.</summary>
    private static string DescribeSpatial(LayerSpec l, SpatialSpec spatial, int k)
    {
        string number = Literals.Int(k + 1);
        if (spatial.IsPooling)
        {
            string window = spatial.Kind == SpatialKind.AvgPool2d ? $"({Literals.Int(spatial.Kernel)}, stride {Literals.Int(spatial.Stride)})" : string.Empty;
            return $"Layer {number}: {Shape(l)}{(window.Length > 0 ? " " + window : string.Empty)}, no parameters.";
        }

        if (spatial.Kind == SpatialKind.GroupNorm)
        {
            return $"Layer {number}: GroupNorm({Literals.Int(spatial.Groups)}) on {spatial.In}; weight [{Literals.Int(spatial.In.Channels)}] at {Literals.Int(l.WeightOffset)}, bias at {Literals.Int(l.BiasOffset)}.";
        }

        string time = l.TimeInput ? " (+ t, first)" : string.Empty;
        string bias = l.Bias ? $", bias at {Literals.Int(l.BiasOffset)}" : ", no bias";
        return $"Layer {number}: {Shape(l)}, kernel {Literals.Int(spatial.Kernel)}, stride {Literals.Int(spatial.Stride)}, padding {Literals.Int(spatial.Padding)}{time}, {l.Activation}; "
            + $"weight [{Literals.Int(spatial.Out.Channels)}, {Literals.Int(spatial.In.Channels + (l.TimeInput ? 1 : 0))}, {Literals.Int(spatial.Kernel)}, {Literals.Int(spatial.Kernel)}] at {Literals.Int(l.WeightOffset)}{bias}.";
    }

    /// <summary>
    /// The summary of a stack's parameter field: <paramref name="dense"/> for a dense stack, else the layout of every
    /// kind of layer with parameters (the state dicts of <c>nn.Linear</c>, <c>nn.Conv2d</c>, <c>nn.GroupNorm</c>).
    /// </summary>
    internal static string ParametersSummary(EquatableArray<LayerSpec> layers, string dense, bool timeInput) =>
        layers.All(l => l.Spatial is null)
            ? dense
            : $"θ in the PyTorch layout, layer by layer: a dense layer's weight [outputs, inputs{(timeInput ? " + 1 (t last)" : string.Empty)}] row-major, then bias; "
                + $"a convolution's weight [out, in{(timeInput ? " + 1 (t first)" : string.Empty)}, k, k], then bias; a group norm's γ, then β.";

    /// <summary>A feature-map layer's kind and shapes, e.g. <c>Conv2d 1×28×28 -> 8×14×14</c>.</summary>
    internal static string Shape(LayerSpec l) => $"{l.Spatial!.Kind} {l.Spatial.In} -> {l.Spatial.Out}";
}

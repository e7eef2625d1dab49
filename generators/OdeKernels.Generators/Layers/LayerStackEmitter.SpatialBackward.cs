using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Layers;

internal static partial class LayerStackEmitter
{
    /// <summary>
    /// A convolution's or group norm's reverse code for a tile (see <see cref="EmitLayerBackward"/>): the gradient of
    /// its pre-activation in row <paramref name="gradientRow"/> becomes parameter gradients (when <c>wantTheta</c>) and,
    /// under <paramref name="guard"/>, the gradient of its input in row <paramref name="inputGradientRow"/>. Each
    /// parameter's gradient is summed over the tile's positions in a register, per lane, then added once: into its W
    /// per-lane partial sums with <paramref name="perLane"/>, else, summed over the lanes, into θ's gradient.
    /// </summary>
    private static void EmitSpatialBackward(
        SourceWriter w, string t, int bits, LayerSpec layer, SpatialSpec spatial, int k, int inputRow, int gradientRow, int inputGradientRow, string? guard, bool perLane)
    {
        string vec = Vector(bits);
        w.OpenBlock();
        w.Line($"ref {t} gradient = ref {Unsafe}.Add(ref s, {Literals.Int(gradientRow)} * W);");
        w.Line($"ref {t} input = ref {Unsafe}.Add(ref s, {Literals.Int(inputRow)} * W);");
        if (spatial.Kind == SpatialKind.Conv2d)
        {
            EmitConvolutionParameterGradient(w, t, bits, layer, spatial, perLane);
            w.Line();
            OpenGuardedBlock(w, guard);
            w.Line($"ref {t} inputGradient = ref {Unsafe}.Add(ref s, {Literals.Int(inputGradientRow)} * W);");
            if (spatial.Winograd)
            {
                EmitWinogradInputGradient(w, t, bits, layer, spatial, k);
            }
            else
            {
                EmitConvolutionInputGradient(w, t, vec, layer, spatial);
            }

            w.Close();
        }
        else if (spatial.Kind == SpatialKind.GroupNorm)
        {
            EmitGroupNormBackward(w, t, vec, layer, spatial, inputGradientRow, guard, perLane);
        }
        else
        {
            OpenGuardedBlock(w, guard);
            w.Line($"ref {t} inputGradient = ref {Unsafe}.Add(ref s, {Literals.Int(inputGradientRow)} * W);");
            EmitPoolingInputGradient(w, t, vec, spatial);
            w.Close();
        }

        w.Close();
    }

    /// <summary>Opens an indented block, under <c>if (guard)</c> unless <paramref name="guard"/> is null.</summary>
    private static void OpenGuardedBlock(SourceWriter w, string? guard)
    {
        if (guard is null)
        {
            w.OpenBlock();
        }
        else
        {
            w.Open($"if ({guard})");
        }
    }

    /// <summary>Adds the vector <paramref name="sum"/> (per lane) to parameter <paramref name="index"/>'s gradient.</summary>
    private static void EmitAccumulate(SourceWriter w, string vec, string index, string sum, bool perLane)
    {
        if (perLane)
        {
            w.OpenBlock();
            w.Line($"nuint q = (nuint)(({index}) * W);");
            w.Line($"{vec}.StoreUnsafe({vec}.LoadUnsafe(ref g, q) + {sum}, ref g, q);");
            w.Close();
        }
        else
        {
            w.Line($"{Unsafe}.Add(ref g, {index}) += {vec}.Sum({sum});");
        }
    }

    /// <summary>
    /// Channels that a block of 4 × <see cref="BlockChannels"/> sums takes together where each sum is a product of two
    /// loaded vectors (the weight gradient's output channels beside 4 input channels; a Winograd product's channels beside
    /// 4 tiles): 2 × 4 = <see cref="ConvolutionBlock"/> sums within AVX2's 16 registers; 4 × 4 = 16 sums with 512-bit
    /// vectors (32 registers), which halves the loads per multiply-add (a 4 × 4 block loads 8 vectors for 16 products, a
    /// 2 × 4 block 6 for 8). Each sum keeps its own order, so the bits do not depend on the block.
    /// </summary>
    internal static int BlockChannels(int bits) => bits == 512 ? 4 : 2;

    /// <summary>Input channels a pass of the weight gradient takes together, for each of its <see cref="BlockChannels"/> output channels.</summary>
    private const int WeightGradientInputs = 4;

    /// <summary>
    /// dW[o, c, ky, kx] += Σ_oy Σ_ox g[o, oy, ox]·x[c, oy·S − P + ky, ox·S − P + kx] over the output positions whose tap
    /// lies inside the input (t for the time channel), db[o] += Σ g[o, ·, ·]. Output channels go in passes of
    /// <see cref="BlockChannels"/> (see <see cref="ForEachBlock"/>).
    /// </summary>
    private static void EmitConvolutionParameterGradient(SourceWriter w, string t, int bits, LayerSpec layer, SpatialSpec c, bool perLane)
    {
        string vec = Vector(bits);
        w.Open("if (wantTheta)");
        ForEachBlock(c.Out.Channels, BlockChannels(bits), (from, to, block) => EmitConvolutionParameterGradientPass(w, t, vec, layer, c, perLane, from, to, block));
        w.Close();
    }

    /// <summary>
    /// The parameter gradients of output channels [<paramref name="from"/>, <paramref name="to"/>) in steps of
    /// <paramref name="outputs"/>: the bias and the time tap per output channel, then the input channels' taps in passes
    /// that share each load between the pass's output channels. A pass takes all the taps of its input channels before
    /// the next channels, so that their rows of x and the pass's rows of g stay in the nearest caches (tap by tap over
    /// all channels streamed every input map through them once per tap: a 64-channel 28×28 map is 1.6 MB a tile).
    /// </summary>
    private static void EmitConvolutionParameterGradientPass(SourceWriter w, string t, string vec, LayerSpec layer, SpatialSpec c, bool perLane, int from, int to, int outputs)
    {
        string kernel = Literals.Int(c.Kernel), outWidth = Literals.Int(c.Out.Width), outPlane = Literals.Int(c.Out.Plane);
        w.Open($"for (int o = {Literals.Int(from)}; o < {Literals.Int(to)}; o += {Literals.Int(outputs)})");
        w.Line($"int row = {Plus(layer.WeightOffset, $"(o * {Literals.Int(layer.Columns)})")};");
        w.Line($"int outputs = o * {outPlane};");
        if (layer.Bias)
        {
            for (int i = 0; i < outputs; i++)
            {
                w.OpenBlock();
                w.Line($"var sum = {vec}<{t}>.Zero;");
                w.Open($"for (int e = 0; e < {outPlane}; e++)");
                w.Line($"sum += {vec}.LoadUnsafe(ref gradient, (nuint)(({BlockIndex("outputs", i * c.Out.Plane)} + e) * W));");
                w.Close();
                w.Line();
                EmitAccumulate(w, vec, $"{Literals.Int(layer.BiasOffset)} + {BlockIndex("o", i)}", "sum", perLane);
                w.Close();
                w.Line();
            }
        }

        if (layer.TimeInput)
        {
            OpenTapLoops(w, c);
            for (int i = 0; i < outputs; i++)
            {
                w.OpenBlock();
                w.Line($"var sum = {vec}<{t}>.Zero;");
                w.Open("for (int oy = oyFrom; oy < oyTo; oy++)");
                w.Open("for (int ox = oxFrom; ox < oxTo; ox++)");
                w.Line(ProductSum.Accumulate(
                    layer.FusedMultiplyAdd, vec, "sum", $"{vec}.LoadUnsafe(ref gradient, (nuint)(({BlockIndex("outputs", i * c.Out.Plane)} + (oy * {outWidth}) + ox) * W))", "time"));
                w.Close();
                w.Close();
                w.Line();
                EmitAccumulate(w, vec, $"{BlockIndex("row", i * layer.Columns)} + (ky * {kernel}) + kx", "sum", perLane);
                w.Close();
                w.Line();
            }

            w.Close();
            w.Close();
            w.Line();
        }

        ForEachBlock(c.In.Channels, WeightGradientInputs, (first, last, block) => EmitConvolutionWeightGradientPass(w, t, vec, layer, c, perLane, first, last, outputs, block));
        w.Close();
    }

    /// <summary>
    /// Opens the loops over the taps (ky, kx), each with the output positions whose tap lies inside the input:
    /// oy in [oyFrom, oyTo), ox in [oxFrom, oxTo).
    /// </summary>
    private static void OpenTapLoops(SourceWriter w, SpatialSpec c)
    {
        string kernel = Literals.Int(c.Kernel), stride = Literals.Int(c.Stride), padding = Literals.Int(c.Padding);
        w.Open($"for (int ky = 0; ky < {kernel}; ky++)");
        w.Line($"int oyFrom = global::System.Math.Max(0, ({padding} - ky + {Literals.Int(c.Stride - 1)}) / {stride});");
        w.Line($"int yLast = {Literals.Int(c.In.Height - 1)} + {padding} - ky;");
        w.Line($"int oyTo = yLast < 0 ? 0 : global::System.Math.Min({Literals.Int(c.Out.Height)}, (yLast / {stride}) + 1);");
        w.Open($"for (int kx = 0; kx < {kernel}; kx++)");
        w.Line($"int oxFrom = global::System.Math.Max(0, ({padding} - kx + {Literals.Int(c.Stride - 1)}) / {stride});");
        w.Line($"int xLast = {Literals.Int(c.In.Width - 1)} + {padding} - kx;");
        w.Line($"int oxTo = xLast < 0 ? 0 : global::System.Math.Min({Literals.Int(c.Out.Width)}, (xLast / {stride}) + 1);");
    }

    /// <summary>The input channel (c + <paramref name="j"/>) as an expression, shifted by one past t's channel with time input.</summary>
    private static string BlockChannel(LayerSpec layer, int j)
    {
        string channel = j == 0 ? "c" : $"c + {Literals.Int(j)}";
        return layer.TimeInput ? $"({channel} + 1)" : j == 0 ? "c" : $"({channel})";
    }

    /// <summary>
    /// The weight gradients for the <paramref name="outputs"/> output channels from o and the input channels
    /// [<paramref name="from"/>, <paramref name="to"/>) in steps of <paramref name="block"/>, each block tap (ky, kx) by
    /// tap (<see cref="OpenTapLoops"/>): the sums of a
    /// pass share each load of g (per output channel) and of x (per input channel) and keep one sum each, in the order
    /// of the unblocked loop (oy, ox ascending), so the bits are those of one weight at a time. Loads are offsets from
    /// references to the row's first tap read (never before the buffer, which would not be safe across a collection).
    /// </summary>
    private static void EmitConvolutionWeightGradientPass(
        SourceWriter w, string t, string vec, LayerSpec layer, SpatialSpec c, bool perLane, int from, int to, int outputs, int block)
    {
        string kernel = Literals.Int(c.Kernel), stride = Literals.Int(c.Stride), padding = Literals.Int(c.Padding);
        string outWidth = Literals.Int(c.Out.Width), plane = Literals.Int(c.In.Plane), taps = Literals.Int(c.Kernel * c.Kernel);
        w.Open($"for (int c = {Literals.Int(from)}; c < {Literals.Int(to)}; c += {Literals.Int(block)})");
        OpenTapLoops(w, c);
        for (int i = 0; i < outputs; i++)
        {
            for (int j = 0; j < block; j++)
            {
                w.Line($"var sum{i}{j} = {vec}<{t}>.Zero;");
            }
        }

        w.Open("for (int oy = oyFrom; oy < oyTo; oy++)");
        w.Line($"ref {t} inputLine = ref {Unsafe}.Add(ref input, (nint)((c * {plane}) + (((oy * {stride}) - {padding} + ky) * {Literals.Int(c.In.Width)}) + (oxFrom * {stride}) - {padding} + kx) * W);");
        w.Line($"ref {t} gradientLine = ref {Unsafe}.Add(ref gradient, (nint)(outputs + (oy * {outWidth})) * W);");
        w.Open("for (int ox = oxFrom; ox < oxTo; ox++)");
        w.Line("nuint here = (nuint)(ox * W);");
        w.Line($"nuint at = (nuint)((ox - oxFrom) * {Literals.Int(c.Stride)} * W);");
        for (int i = 0; i < outputs; i++)
        {
            w.Line($"var dz{i} = {vec}.LoadUnsafe(ref gradientLine, here{(i == 0 ? string.Empty : $" + (nuint)({Literals.Int(i * c.Out.Plane)} * W)")});");
        }

        for (int j = 0; j < block; j++)
        {
            w.Line($"var x{j} = {vec}.LoadUnsafe(ref inputLine, at{(j == 0 ? string.Empty : $" + (nuint)({Literals.Int(j * c.In.Plane)} * W)")});");
            for (int i = 0; i < outputs; i++)
            {
                w.Line(ProductSum.Accumulate(layer.FusedMultiplyAdd, vec, $"sum{i}{j}", $"dz{i}", $"x{j}"));
            }
        }

        w.Close();
        w.Close();
        w.Line();
        for (int i = 0; i < outputs; i++)
        {
            for (int j = 0; j < block; j++)
            {
                EmitAccumulate(w, vec, $"{BlockIndex("row", i * layer.Columns)} + ({BlockChannel(layer, j)} * {taps}) + (ky * {kernel}) + kx", $"sum{i}{j}", perLane);
            }
        }

        w.Close();
        w.Close();
        w.Close();
    }

    /// <summary>
    /// dx[c, iy, ix] = Σ_o Σ_ky Σ_kx w[o, c, ky, kx]·g[o, (iy + P − ky)/S, (ix + P − kx)/S] over the taps that land on
    /// an output position, each input gradient summed in a register and stored once, in a fixed order, in register
    /// tiles (<see cref="EmitConvolutionInputGradientTiled"/>).
    /// </summary>
    private static void EmitConvolutionInputGradient(SourceWriter w, string t, string vec, LayerSpec layer, SpatialSpec c) =>
        ForEachBlock(
            c.In.Channels,
            ConvolutionBlock,
            (from, to, block) => EmitConvolutionInputGradientTiled(w, t, vec, layer, c, from, to, block));

    /// <summary>
    /// Declares <c>{axis}First</c> and <c>{axis}End</c>: the taps k of input coordinate <paramref name="input"/> that
    /// land on an output position are k = first, first + S, … &lt; end. They are the k in [0, K) with n = input + P − k
    /// ≥ 0, n a multiple of S and n/S &lt; <paramref name="outputs"/>, i.e. k ≥ input + P − S·(outputs − 1), k ≡ input + P
    /// (mod S), k ≤ input + P; stepping through them visits exactly the taps the test-every-tap loop kept, in its order.
    /// </summary>
    private static void EmitLandingTaps(SourceWriter w, string axis, string input, SpatialSpec c, int outputs)
    {
        string padding = Literals.Int(c.Padding);
        string low = $"global::System.Math.Max(0, {input} + {padding} - {Literals.Int(c.Stride * (outputs - 1))})";
        if (c.Stride == 1)
        {
            w.Line($"int {axis}First = {low};");
        }
        else
        {
            w.Line($"int {axis}Low = {low};");
            w.Line($"int {axis}First = {axis}Low + (({input} + {padding} - {axis}Low) % {Literals.Int(c.Stride)});");
        }

        w.Line($"int {axis}End = global::System.Math.Min({Literals.Int(c.Kernel)}, {input} + {padding} + 1);");
    }

    /// <summary>
    /// dx[c, iy, ix] = (Σ g[c, oy, ox] over the windows that hold (iy, ix)) / (window size): a gather, as for the
    /// convolution, over oy from ⌈(iy − K + 1)/S⌉ to ⌊iy/S⌋ (and the same for x) within the output.
    /// </summary>
    private static void EmitPoolingInputGradient(SourceWriter w, string t, string vec, SpatialSpec pool)
    {
        string stride = Literals.Int(pool.Stride), outHeight = Literals.Int(pool.Out.Height), outWidth = Literals.Int(pool.Out.Width);
        w.Line($"var size = {vec}.Create(({t}){Literals.Int(pool.WindowHeight * pool.WindowWidth)});");
        w.Open($"for (int c = 0; c < {Literals.Int(pool.In.Channels)}; c++)");
        w.Open($"for (int iy = 0; iy < {Literals.Int(pool.In.Height)}; iy++)");
        w.Line($"int oyFrom = global::System.Math.Max(0, (iy - {Literals.Int(pool.WindowHeight)} + {stride}) / {stride}), oyTo = global::System.Math.Min({outHeight}, (iy / {stride}) + 1);");
        w.Open($"for (int ix = 0; ix < {Literals.Int(pool.In.Width)}; ix++)");
        w.Line($"int oxFrom = global::System.Math.Max(0, (ix - {Literals.Int(pool.WindowWidth)} + {stride}) / {stride}), oxTo = global::System.Math.Min({outWidth}, (ix / {stride}) + 1);");
        w.Line($"var sum = {vec}<{t}>.Zero;");
        w.Open("for (int oy = oyFrom; oy < oyTo; oy++)");
        w.Open("for (int ox = oxFrom; ox < oxTo; ox++)");
        w.Line($"sum += {vec}.LoadUnsafe(ref gradient, (nuint)(((((c * {outHeight}) + oy) * {outWidth}) + ox) * W));");
        w.Close();
        w.Close();
        w.Line();
        w.Line($"{vec}.StoreUnsafe(sum / size, ref inputGradient, (nuint)(((((c * {Literals.Int(pool.In.Height)}) + iy) * {Literals.Int(pool.In.Width)}) + ix) * W));");
        w.Close();
        w.Close();
        w.Close();
    }

    /// <summary>
    /// The group norm's reverse pass per group, from x̂ = (x − μ)·r recomputed as the forward pass computed it: dγ_c +=
    /// Σ g·x̂, dβ_c += Σ g over channel c, and with ĝ = g·γ_c, dx = r·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)), the means over the group.
    /// </summary>
    private static void EmitGroupNormBackward(
        SourceWriter w, string t, string vec, LayerSpec layer, SpatialSpec n, int inputGradientRow, string? guard, bool perLane)
    {
        string size = Literals.Int(n.In.Channels / n.Groups * n.In.Plane);
        w.Line($"ref {t} inputGradient = ref {Unsafe}.Add(ref s, {Literals.Int(inputGradientRow)} * W);");
        w.Open($"for (int group = 0; group < {Literals.Int(n.Groups)}; group++)");
        EmitGroupStatistics(w, t, vec, n);
        w.Line($"var sumG = {vec}<{t}>.Zero;");
        w.Line($"var sumGX = {vec}<{t}>.Zero;");
        OpenGroupChannels(w, vec, layer, n, $"var dGamma = {vec}<{t}>.Zero;", $"var dBeta = {vec}<{t}>.Zero;");
        w.Line($"var xhat = ({vec}.LoadUnsafe(ref input, at) - mean) * rstd;");
        w.Line($"var dy = {vec}.LoadUnsafe(ref gradient, at);");
        w.Line("dGamma += dy * xhat;");
        w.Line("dBeta += dy;");
        w.Line("var dxhat = dy * gamma;");
        w.Line("sumG += dxhat;");
        w.Line("sumGX += dxhat * xhat;");
        w.Close();
        w.Line();
        w.Open("if (wantTheta)");
        EmitAccumulate(w, vec, Plus(layer.WeightOffset, "channel"), "dGamma", perLane);
        EmitAccumulate(w, vec, $"{Literals.Int(layer.BiasOffset)} + channel", "dBeta", perLane);
        w.Close();
        w.Close();
        w.Line();
        OpenGuardedBlock(w, guard);
        w.Line($"var meanG = sumG / {vec}.Create(({t}){size});");
        w.Line($"var meanGX = sumGX / {vec}.Create(({t}){size});");
        OpenGroupChannels(w, vec, layer, n);
        w.Line($"var xhat = ({vec}.LoadUnsafe(ref input, at) - mean) * rstd;");
        w.Line($"var dxhat = {vec}.LoadUnsafe(ref gradient, at) * gamma;");
        w.Line($"{vec}.StoreUnsafe(rstd * ((dxhat - meanG) - (xhat * meanGX)), ref inputGradient, at);");
        w.Close();
        w.Close();
        w.Close();
        w.Close();
    }
}

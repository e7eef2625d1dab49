using System.Threading;
using OdeKernels.Generators.Common;
using OdeKernels.Generators.Layers;
using static OdeKernels.Generators.Layers.LayerStackEmitter;

namespace OdeKernels.Generators.Networks;

public sealed partial class NetworkGenerator
{
    /// <summary>
    /// Emits the C# network of a <see cref="NetworkSpec"/>: constructors, the public surface of <c>INetwork&lt;T&gt;</c>
    /// and, per vector width, drivers that move samples through the kernels tile by tile (<c>Emitter.Kernels.cs</c>)
    /// with the layer code of <see cref="LayerStackEmitter"/>, so a layer computes here exactly what it computes in a
    /// <c>[Dynamics]</c> network.
    /// </summary>
    /// <remarks>
    /// Samples are stored one after another; the drivers transpose each tile into lanes on the way in and back on the
    /// way out. The last, partial tile is padded with zeros (and a zero cotangent, so padded lanes add nothing to
    /// parameter gradients), so a sample's result cannot depend on where it falls in the batch.
    /// </remarks>
    internal static partial class Emitter
    {
        private const string Interface = RuntimeContract.INetwork.Global;
        private const string Block = RuntimeContract.ResidualBlock.Global;

        /// <summary>The file of the C# network, and of the stub that stands in for it when the declaration has errors.</summary>
        internal const string FileSuffix = ".Network.g.cs";

        public static string HintName(NetworkSpec spec) => GeneratedFile.HintName(spec.Namespace, spec.TypeName, FileSuffix);

        public static string Emit(NetworkSpec spec, CancellationToken token)
        {
            if (spec.Cell is { } cell)
            {
                return EmitCell(spec, cell, token);
            }

            var layout = new TileLayout(spec);
            var shape = new LayerStackClass(
                Interface,
                "<c>Forward</c> and <c>Vjp</c>",
                ParametersSummary(spec.Layers, "θ in the PyTorch layout: per dense layer, weight [outputs, inputs] row-major, then bias.", timeInput: false),
                $"One tile of lanes ({Literals.Int(layout.Rows)} rows of up to {Literals.Int(spec.MaxLanes)} lanes): the input, every layer's values, the residual sums, three gradient rows.",
                layout.Rows,
                string.Empty);
            return EmitClass(spec, layout, shape, EmitSurface, EmitKernels, EmitTileHelpers, token);
        }

        private static void EmitKernels(SourceWriter w, NetworkSpec spec, TileLayout layout, int bits)
        {
            EmitDrivers(w, spec, layout.OutputRow, layout.GradientA, layout.InputGradientRow, bits);
            EmitForward(w, spec, layout, bits);
            EmitBackward(w, spec, layout, bits);
        }

        private static void EmitSurface(SourceWriter w, NetworkSpec spec)
        {
            string t = spec.Element, rt = ReadOnlySpanOf(t), sp = SpanOf(t);
            if (spec.Cell is { } cell)
            {
                EmitCellLayerTable(w, cell);
            }
            else
            {
                EmitLayerTable(w, spec.Layers);
            }

            w.Line("/// <summary>The residual blocks (y + g(y)), in order, by the indices of their layers in <see cref=\"Layers\"/>.</summary>");
            w.Line($"public static {ReadOnlyList}<{Block}> ResidualBlocks {{ get; }} = global::System.Array.AsReadOnly(new {Block}[]");
            w.Line("{");
            foreach (ResidualBlockSpec b in spec.Blocks)
            {
                w.Line($"    new {Block}({Literals.Int(b.First)}, {Literals.Int(b.Count)}, {Literals.Int(b.Width)}),");
            }

            w.Line("});");
            w.Line();
            w.Line($"{ReadOnlyList}<{Layer}> {Interface}<{t}>.{RuntimeContract.INetwork.Layers} => Layers;");
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line($"public int Inputs => {Literals.Int(spec.Inputs)};");
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line($"public int Outputs => {Literals.Int(spec.Outputs)};");
            w.Line();
            EmitParameterSurface(w, spec);
            w.Line("/// <inheritdoc/>");
            w.Open($"public void Forward({rt} x, {sp} y, int count)");
            w.Line($"{OutOfRange}.ThrowIfNegative(count);");
            w.Line($"CheckSamples(x.Length, count, {Literals.Int(spec.Inputs)}, nameof(x));");
            w.Line($"CheckSamples(y.Length, count, {Literals.Int(spec.Outputs)}, nameof(y));");
            EmitDispatch(w, "ForwardSamples", "x, y, count");
            w.Close();
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Open($"public void Vjp({rt} x, {rt} a, {sp} dx, {sp} dtheta, int count)");
            w.Line($"{OutOfRange}.ThrowIfNegative(count);");
            w.Line($"CheckSamples(x.Length, count, {Literals.Int(spec.Inputs)}, nameof(x));");
            w.Line($"CheckSamples(a.Length, count, {Literals.Int(spec.Outputs)}, nameof(a));");
            w.Open("if (!dx.IsEmpty)");
            w.Line($"CheckSamples(dx.Length, count, {Literals.Int(spec.Inputs)}, nameof(dx));");
            w.Close();
            w.Line();
            EmitParameterGradientCheck(w, spec.ParameterCount);
            w.Open("if ((dx.IsEmpty && dtheta.IsEmpty) || count == 0)");
            w.Line("return;");
            w.Close();
            w.Line();
            EmitDispatch(w, "VjpSamples", "x, a, dx, dtheta, count");
            w.Close();
            w.Line();
            w.Open("private static void CheckSamples(int length, int count, int width, string name)");
            w.Line("long needed = (long)count * width;");
            w.Open("if (length < needed)");
            w.Line($"throw new {ArgumentException}($\"{{name}} has {{length}} values, but {{count}} samples of {{width}} need {{needed}}.\", name);");
            w.Close();
            w.Close();
            w.Line();
        }

        /// <summary>
        /// The drivers of one vector width: tile by tile, load the samples into the input rows, run the kernels and
        /// store the output from <paramref name="outputRow"/>; the VJP loads the cotangent into
        /// <paramref name="cotangentRow"/> and adds the input gradient from <paramref name="inputGradientRow"/>.
        /// </summary>
        private static void EmitDrivers(SourceWriter w, NetworkSpec spec, int outputRow, int cotangentRow, int inputGradientRow, int bits)
        {
            string t = spec.Element, b = Literals.Int(bits), rt = ReadOnlySpanOf(t), sp = SpanOf(t);
            int lanes = Lanes(spec.IsDouble, bits);
            string inputs = Literals.Int(spec.Inputs), outputs = Literals.Int(spec.Outputs);

            w.Open($"private void ForwardSamples{b}({rt} x, {sp} y, int count)");
            OpenTileLoop(w, t, lanes, spec.ParameterCount, wants: null);
            w.Line($"LoadSamples(x, {inputs}, i, n, W, tile.Slice({Literals.Int(TileLayout.InputRow)} * W));");
            w.Line($"ForwardTile{b}(ref p, ref s);");
            w.Line($"StoreSamples(tile.Slice({Literals.Int(outputRow)} * W), {outputs}, W, y, i, n);");
            CloseTileLoop(w, t, bits, lanes, parameterCount: null);

            w.Open($"private void VjpSamples{b}({rt} x, {rt} a, {sp} dx, {sp} dtheta, int count)");
            OpenTileLoop(w, t, lanes, spec.ParameterCount, "bool wantDx = !dx.IsEmpty, wantTheta = !dtheta.IsEmpty;");
            w.Line($"LoadSamples(x, {inputs}, i, n, W, tile.Slice({Literals.Int(TileLayout.InputRow)} * W));");
            w.Line($"LoadSamples(a, {outputs}, i, n, W, tile.Slice({Literals.Int(cotangentRow)} * W));");
            w.Line($"ForwardTile{b}(ref p, ref s);");
            w.Line($"BackwardTile{b}(ref p, ref s, ref g, wantDx, wantTheta);");
            w.Open("if (wantDx)");
            w.Line($"AddSamples(tile.Slice({Literals.Int(inputGradientRow)} * W), {inputs}, W, dx, i, n);");
            w.Close();
            CloseTileLoop(w, t, bits, lanes, spec.ParameterCount);
        }

        private static void EmitTileHelpers(SourceWriter w, string t)
        {
            string rt = ReadOnlySpanOf(t), sp = SpanOf(t);
            w.Line("/// <summary>Transposes samples [start, start + n) of <paramref name=\"width\"/> values each into the rows of a tile, zero-padding it to <paramref name=\"lanes\"/> lanes.</summary>");
            w.Open($"private static void LoadSamples({rt} source, int width, int start, int n, int lanes, {sp} tile)");
            w.Line("tile.Slice(0, width * lanes).Clear();");
            w.Open("for (int k = 0; k < n; k++)");
            w.Line($"{rt} sample = source.Slice((start + k) * width, width);");
            w.Open("for (int r = 0; r < width; r++)");
            w.Line("tile[(r * lanes) + k] = sample[r];");
            w.Close();
            w.Close();
            w.Close();
            w.Line();
            w.Open($"private static void StoreSamples({rt} tile, int width, int lanes, {sp} destination, int start, int n)");
            w.Open("for (int k = 0; k < n; k++)");
            w.Line($"{sp} sample = destination.Slice((start + k) * width, width);");
            w.Open("for (int r = 0; r < width; r++)");
            w.Line("sample[r] = tile[(r * lanes) + k];");
            w.Close();
            w.Close();
            w.Close();
            w.Line();
            w.Open($"private static void AddSamples({rt} tile, int width, int lanes, {sp} destination, int start, int n)");
            w.Open("for (int k = 0; k < n; k++)");
            w.Line($"{sp} sample = destination.Slice((start + k) * width, width);");
            w.Open("for (int r = 0; r < width; r++)");
            w.Line("sample[r] += tile[(r * lanes) + k];");
            w.Close();
            w.Close();
            w.Close();
        }
    }
}

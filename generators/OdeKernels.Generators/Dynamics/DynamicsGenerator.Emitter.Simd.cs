using System.Threading;
using OdeKernels.Generators.Common;
using OdeKernels.Generators.Layers;
using static OdeKernels.Generators.Layers.LayerStackEmitter;

namespace OdeKernels.Generators.Dynamics;

public sealed partial class DynamicsGenerator
{
    /// <summary>
    /// Emits the C# network of a <see cref="DynamicsSpec"/>: constructors, the public surface of
    /// <c>IBatchedDifferentiableSystem&lt;T&gt;</c> and, per vector width, a driver that runs lanes through the
    /// kernels tile by tile (see <c>Emitter.Kernels.cs</c> for the kernels, and <see cref="LayerStackEmitter"/> for
    /// what they share with the <c>[Network]</c> emitter).
    /// </summary>
    /// <remarks>
    /// Every lane goes through the same vector code: the last, partial tile is padded with zeros (and a zero cotangent,
    /// so padded lanes add nothing to parameter gradients) instead of running a scalar tail. The vector code is exactly
    /// what a scalar tail would have to reproduce, and this way a lane's result cannot depend on where it falls in the
    /// batch, even through the BCL's vector exp and log, whose scalar counterparts round differently.
    /// </remarks>
    internal static partial class Emitter
    {
        private const string Interface = RuntimeContract.IBatchedDifferentiableSystem.Global;

        /// <summary>The file of the C# network, and of the stub that stands in for it when the declaration has errors.</summary>
        internal const string FileSuffix = ".Dynamics.g.cs";

        public static string HintName(DynamicsSpec spec) => GeneratedFile.HintName(spec.Namespace, spec.TypeName, FileSuffix);

        public static string Emit(DynamicsSpec spec, CancellationToken token)
        {
            var layout = new TileLayout(spec);
            TangentLayout? tangents = spec.Divergence ? new TangentLayout(spec, layout) : null;
            var shape = new LayerStackClass(
                tangents is null ? Interface : DivergenceInterface,
                tangents is null
                    ? "<c>Evaluate</c>, <c>Vjp</c>, <c>EvaluateBatch</c>, <c>VjpBatch</c> and <c>EvaluateAndVjpBatch</c>"
                    : "<c>Evaluate</c>, <c>Vjp</c>, <c>EvaluateBatch</c>, <c>VjpBatch</c>, <c>EvaluateAndVjpBatch</c>, <c>Divergence</c>, <c>EvaluateWithDivergenceBatch</c>, <c>DivergenceVjpBatch</c>, <c>EvaluateWithJvpBatch</c> and <c>JvpVjpBatch</c>",
                ParametersSummary(spec.Layers, $"θ in the PyTorch layout: per dense layer, weight [outputs, inputs{(spec.TimeInput ? " + 1 (t last)" : string.Empty)}] row-major, then bias.", spec.TimeInput),
                tangents is null
                    ? $"One tile of lanes ({Literals.Int(layout.Rows)} rows of up to {Literals.Int(spec.MaxLanes)} lanes): t, the input, every layer's values, two gradient rows."
                    : $"One tile of lanes ({Literals.Int(tangents.Rows)} rows of up to {Literals.Int(spec.MaxLanes)} lanes): t, the input, every layer's values, two gradient rows, then the tangents of up to {Literals.Int(tangents.Block)} directions and two cotangent buffers for them.",
                tangents?.Rows ?? layout.Rows,
                " (fan_in counts the time column)");
            return EmitClass(spec, layout, shape, EmitSurface, EmitKernels, EmitTileHelpers, token);
        }

        private static void EmitKernels(SourceWriter w, DynamicsSpec spec, TileLayout layout, int bits)
        {
            EmitDrivers(w, spec, layout, bits);
            EmitForward(w, spec, layout, bits);
            if (LayerStackEmitter.ForwardOnlyHandles(spec.Layers))
            {
                EmitForward(w, spec, layout, bits, only: true);
            }

            EmitBackward(w, spec, layout, bits);
            if (spec.Divergence)
            {
                var tangents = new TangentLayout(spec, layout);
                EmitDivergenceDrivers(w, spec, layout, tangents, bits);
                EmitTangentForward(w, spec, layout, tangents, bits);
                EmitTangentBackward(w, spec, layout, tangents, bits);
            }
        }

        private static void EmitSurface(SourceWriter w, DynamicsSpec spec)
        {
            string t = spec.Element, rt = ReadOnlySpanOf(t), sp = SpanOf(t);
            EmitLayerTable(w, spec.Layers);
            w.Line("/// <inheritdoc/>");
            w.Line($"public int StateSize => {Literals.Int(spec.StateSize)};");
            w.Line();
            EmitParameterSurface(w, spec);
            w.Line("/// <inheritdoc/>");
            w.Line($"public void Evaluate({t} t, {rt} y, {sp} dydt) => EvaluateBatch(new {rt}(in t), y, dydt, 1, 1);");
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line($"public void Vjp({t} t, {rt} y, {rt} a, {sp} dy, {sp} dtheta) => VjpBatch(new {rt}(in t), y, a, dy, dtheta, 1, 1);");
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Open($"public void EvaluateBatch({rt} t, {rt} y, {sp} dydt, int count, int stride)");
            w.Line("CheckBatch(t.Length, count, stride);");
            w.Line("CheckLanes(y.Length, count, stride, nameof(y));");
            w.Line("CheckLanes(dydt.Length, count, stride, nameof(dydt));");
            EmitDispatch(w, "Evaluate", "t, y, dydt, count, stride");
            w.Close();
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Open($"public void VjpBatch({rt} t, {rt} y, {rt} a, {sp} dy, {sp} dtheta, int count, int stride)");
            w.Line("CheckBatch(t.Length, count, stride);");
            w.Line("CheckLanes(y.Length, count, stride, nameof(y));");
            w.Line("CheckLanes(a.Length, count, stride, nameof(a));");
            w.Open("if (!dy.IsEmpty)");
            w.Line("CheckLanes(dy.Length, count, stride, nameof(dy));");
            w.Close();
            w.Line();
            EmitParameterGradientCheck(w, spec.ParameterCount);
            w.Open("if (dy.IsEmpty && dtheta.IsEmpty)");
            w.Line("return;");
            w.Close();
            w.Line();
            EmitDispatch(w, "Vjp", "t, y, a, dy, dtheta, default, count, stride");
            w.Close();
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Open($"public void EvaluateAndVjpBatch({rt} t, {rt} y, {rt} a, {sp} dydt, {sp} dy, {sp} dtheta, int count, int stride)");
            w.Line("// One forward pass serves both: the VJP keeps every layer's values, the last of which is f.");
            w.Line("CheckBatch(t.Length, count, stride);");
            w.Line("CheckLanes(y.Length, count, stride, nameof(y));");
            w.Line("CheckLanes(a.Length, count, stride, nameof(a));");
            w.Line("CheckLanes(dydt.Length, count, stride, nameof(dydt));");
            w.Open("if (!dy.IsEmpty)");
            w.Line("CheckLanes(dy.Length, count, stride, nameof(dy));");
            w.Close();
            w.Line();
            EmitParameterGradientCheck(w, spec.ParameterCount);
            EmitDispatch(w, "Vjp", "t, y, a, dy, dtheta, dydt, count, stride");
            w.Close();
            w.Line();
            w.Open("private static void CheckBatch(int timeLength, int count, int stride)");
            w.Line($"{OutOfRange}.ThrowIfNegative(count);");
            w.Line($"{OutOfRange}.ThrowIfLessThan(stride, count);");
            w.Open("if (timeLength < count)");
            w.Line($"throw new {ArgumentException}($\"t has {{timeLength}} values, fewer than the {{count}} lanes.\", \"t\");");
            w.Close();
            w.Close();
            w.Line();
            w.Open("private static void CheckLanes(int length, int count, int stride, string name)");
            w.Line($"long needed = count == 0 ? 0 : ({Literals.Int(spec.StateSize - 1)}L * stride) + count;");
            w.Open("if (length < needed)");
            w.Line($"throw new {ArgumentException}($\"{{name}} has {{length}} values, but {Literals.Int(spec.StateSize)} components of {{count}} lanes at stride {{stride}} need {{needed}}.\", name);");
            w.Close();
            w.Close();
            w.Line();
            if (spec.Divergence)
            {
                EmitDivergenceSurface(w, spec);
            }
        }

        private static void EmitDrivers(SourceWriter w, DynamicsSpec spec, TileLayout layout, int bits)
        {
            string t = spec.Element, b = Literals.Int(bits), rt = ReadOnlySpanOf(t), sp = SpanOf(t);
            int lanes = Lanes(spec.IsDouble, bits);
            string n = Literals.Int(spec.StateSize);

            w.Open($"private void Evaluate{b}({rt} t, {rt} y, {sp} dydt, int count, int stride)");
            OpenTileLoop(w, t, lanes, spec.ParameterCount, wants: null);
            EmitLoadInputs(w, spec);
            w.Line($"{(LayerStackEmitter.ForwardOnlyHandles(spec.Layers) ? "ForwardOnly" : "Forward")}{b}(ref p, ref s);");
            w.Line($"StoreTile(tile.Slice({Literals.Int(layout.OutputRow)} * W), {n}, W, dydt, stride, i, n);");
            CloseTileLoop(w, t, bits, lanes, parameterCount: null);

            w.Open($"private void Vjp{b}({rt} t, {rt} y, {rt} a, {sp} dy, {sp} dtheta, {sp} dydt, int count, int stride)");
            OpenTileLoop(w, t, lanes, spec.ParameterCount, "bool wantDy = !dy.IsEmpty, wantTheta = !dtheta.IsEmpty, wantF = !dydt.IsEmpty;");
            EmitLoadInputs(w, spec);
            w.Line($"LoadTile(a, {n}, stride, i, n, W, tile.Slice({Literals.Int(layout.GradientA)} * W));");
            w.Line($"Forward{b}(ref p, ref s);");
            w.Open("if (wantF)");
            w.Line($"StoreTile(tile.Slice({Literals.Int(layout.OutputRow)} * W), {n}, W, dydt, stride, i, n);");
            w.Close();
            w.Line();
            w.Line($"Backward{b}(ref p, ref s, ref g, wantDy, wantTheta);");
            w.Open("if (wantDy)");
            w.Line($"AddTile(tile.Slice({Literals.Int(layout.InputGradientRow)} * W), {n}, W, dy, stride, i, n);");
            w.Close();
            CloseTileLoop(w, t, bits, lanes, spec.ParameterCount);
        }

        private static void EmitLoadInputs(SourceWriter w, DynamicsSpec spec)
        {
            if (spec.TimeInput)
            {
                w.Line($"LoadTile(t, 1, 0, i, n, W, tile.Slice({Literals.Int(TileLayout.TimeRow)} * W));");
            }

            w.Line($"LoadTile(y, {Literals.Int(spec.StateSize)}, stride, i, n, W, tile.Slice({Literals.Int(TileLayout.InputRow)} * W));");
        }

        private static void EmitTileHelpers(SourceWriter w, string t)
        {
            string rt = ReadOnlySpanOf(t), sp = SpanOf(t);
            w.Line("/// <summary>Copies lanes [start, start + n) of each row of a component-major batch into a tile, zero-padding it to <paramref name=\"width\"/> lanes.</summary>");
            w.Open($"private static void LoadTile({rt} source, int rows, int stride, int start, int n, int width, {sp} tile)");
            w.Open("for (int r = 0; r < rows; r++)");
            w.Line($"{sp} row = tile.Slice(r * width, width);");
            w.Line("source.Slice((r * stride) + start, n).CopyTo(row);");
            w.Line("row.Slice(n).Clear();");
            w.Close();
            w.Close();
            w.Line();
            w.Open($"private static void StoreTile({rt} tile, int rows, int width, {sp} destination, int stride, int start, int n)");
            w.Open("for (int r = 0; r < rows; r++)");
            w.Line("tile.Slice(r * width, n).CopyTo(destination.Slice((r * stride) + start, n));");
            w.Close();
            w.Close();
            w.Line();
            w.Open($"private static void AddTile({rt} tile, int rows, int width, {sp} destination, int stride, int start, int n)");
            w.Open("for (int r = 0; r < rows; r++)");
            w.Line($"{rt} from = tile.Slice(r * width, n);");
            w.Line($"{sp} to = destination.Slice((r * stride) + start, n);");
            w.Open("for (int k = 0; k < n; k++)");
            w.Line("to[k] += from[k];");
            w.Close();
            w.Close();
            w.Close();
        }
    }
}

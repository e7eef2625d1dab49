using OdeKernels.Generators.Common;
using OdeKernels.Generators.Layers;
using static OdeKernels.Generators.Layers.LayerStackEmitter;

namespace OdeKernels.Generators.Dynamics;

public sealed partial class DynamicsGenerator
{
    internal static partial class Emitter
    {
        private const string DivergenceInterface = RuntimeContract.IDivergenceSystem.Global;

        /// <summary>
        /// The public members of <c>IDivergenceSystem&lt;T&gt;</c> (a <c>Divergence = true</c> declaration) and the
        /// single-lane <c>Divergence(t, y)</c>, each checking its spans and dispatching to the widest accelerated
        /// vector width, as the batch members of <see cref="EmitSurface"/> do.
        /// </summary>
        private static void EmitDivergenceSurface(SourceWriter w, DynamicsSpec spec)
        {
            string t = spec.Element, rt = ReadOnlySpanOf(t), sp = SpanOf(t), n = Literals.Int(spec.StateSize);
            w.Line("/// <summary>The exact divergence tr ∂f/∂y at one state: <see cref=\"EvaluateWithDivergenceBatch\"/> for one lane.</summary>");
            w.Line("/// <param name=\"t\">The time.</param>");
            w.Line($"/// <param name=\"y\">The state ({n} components).</param>");
            w.Line("/// <returns>tr ∂f/∂y (t, y).</returns>");
            w.Open($"public {t} Divergence({t} t, {rt} y)");
            w.Line($"{sp} dydt = stackalloc {t}[{n}];");
            w.Line($"{sp} divergence = stackalloc {t}[1];");
            w.Line($"EvaluateWithDivergenceBatch(new {rt}(in t), y, dydt, divergence, 1, 1);");
            w.Line("return divergence[0];");
            w.Close();
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Open($"public void {RuntimeContract.IDivergenceSystem.EvaluateWithDivergenceBatch}({rt} t, {rt} y, {sp} dydt, {sp} divergence, int count, int stride)");
            w.Line("CheckBatch(t.Length, count, stride);");
            w.Line("CheckLanes(y.Length, count, stride, nameof(y));");
            w.Line("CheckLanes(dydt.Length, count, stride, nameof(dydt));");
            w.Line("CheckPerLane(divergence.Length, count, nameof(divergence));");
            EmitDispatch(w, "EvaluateWithDivergence", "t, y, dydt, divergence, count, stride");
            w.Close();
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Open($"public void {RuntimeContract.IDivergenceSystem.DivergenceVjpBatch}({rt} t, {rt} y, {rt} a, {rt} b, {sp} dy, {sp} dtheta, int count, int stride)");
            EmitDivergenceVjpChecks(w);
            EmitGradientChecks(w, spec);
            EmitDispatch(w, "DivergenceVjp", "t, y, a, b, dy, dtheta, default, default, count, stride");
            w.Close();
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Open($"public void {RuntimeContract.IDivergenceSystem.EvaluateWithDivergenceAndVjpBatch}({rt} t, {rt} y, {rt} a, {rt} b, {sp} dydt, {sp} divergence, {sp} dy, {sp} dtheta, int count, int stride)");
            w.Line("// One forward and tangent pass serves both: the reverse pass keeps f and J's diagonal in the tile.");
            EmitDivergenceVjpChecks(w);
            w.Line("CheckLanes(dydt.Length, count, stride, nameof(dydt));");
            w.Line("CheckPerLane(divergence.Length, count, nameof(divergence));");
            EmitGradientChecks(w, spec, () => EmitDispatch(w, "EvaluateWithDivergence", "t, y, dydt, divergence, count, stride"));
            EmitDispatch(w, "DivergenceVjp", "t, y, a, b, dy, dtheta, dydt, divergence, count, stride");
            w.Close();
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Open($"public void {RuntimeContract.IDivergenceSystem.EvaluateWithJvpBatch}({rt} t, {rt} y, {rt} v, {sp} dydt, {sp} jv, int tangents, int count, int stride)");
            w.Line("CheckBatch(t.Length, count, stride);");
            w.Line($"{OutOfRange}.ThrowIfLessThan(tangents, 1);");
            w.Line("CheckLanes(y.Length, count, stride, nameof(y));");
            w.Line("CheckLanes(dydt.Length, count, stride, nameof(dydt));");
            w.Line("CheckDirections(v.Length, tangents, count, stride, nameof(v));");
            w.Line("CheckDirections(jv.Length, tangents, count, stride, nameof(jv));");
            EmitDispatch(w, "EvaluateWithJvp", "t, y, v, dydt, jv, tangents, count, stride");
            w.Close();
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Open($"public void {RuntimeContract.IDivergenceSystem.JvpVjpBatch}({rt} t, {rt} y, {rt} v, {rt} a, {rt} w, {sp} dy, {sp} dtheta, int tangents, int count, int stride)");
            w.Line("CheckBatch(t.Length, count, stride);");
            w.Line($"{OutOfRange}.ThrowIfLessThan(tangents, 1);");
            w.Line("CheckLanes(y.Length, count, stride, nameof(y));");
            w.Line("CheckLanes(a.Length, count, stride, nameof(a));");
            w.Line("CheckDirections(v.Length, tangents, count, stride, nameof(v));");
            w.Line("CheckDirections(w.Length, tangents, count, stride, nameof(w));");
            EmitGradientChecks(w, spec);
            EmitDispatch(w, "JvpVjp", "t, y, v, a, w, dy, dtheta, tangents, count, stride");
            w.Close();
            w.Line();
            w.Open("private static void CheckPerLane(int length, int count, string name)");
            w.Open("if (length < count)");
            w.Line($"throw new {ArgumentException}($\"{{name}} has {{length}} values, fewer than the {{count}} lanes.\", name);");
            w.Close();
            w.Close();
            w.Line();
            w.Open("private static void CheckDirections(int length, int tangents, int count, int stride, string name)");
            w.Line($"long needed = count == 0 ? 0 : ((((long)tangents * {n}) - 1) * stride) + count;");
            w.Open("if (length < needed)");
            w.Line($"throw new {ArgumentException}($\"{{name}} has {{length}} values, but {{tangents}} directions of {n} components of {{count}} lanes at stride {{stride}} need {{needed}}.\", name);");
            w.Close();
            w.Close();
            w.Line();
        }

        /// <summary>The checks of t, y, a and b that every divergence vector–Jacobian product makes first.</summary>
        private static void EmitDivergenceVjpChecks(SourceWriter w)
        {
            w.Line("CheckBatch(t.Length, count, stride);");
            w.Line("CheckLanes(y.Length, count, stride, nameof(y));");
            w.Line("CheckLanes(a.Length, count, stride, nameof(a));");
            w.Line("CheckPerLane(b.Length, count, nameof(b));");
        }

        /// <summary>
        /// The checks of dy and dtheta, and the early return when neither is wanted (after <paramref name="neither"/>'s
        /// code, where the call still has something to compute).
        /// </summary>
        private static void EmitGradientChecks(SourceWriter w, DynamicsSpec spec, System.Action? neither = null)
        {
            w.Open("if (!dy.IsEmpty)");
            w.Line("CheckLanes(dy.Length, count, stride, nameof(dy));");
            w.Close();
            w.Line();
            EmitParameterGradientCheck(w, spec.ParameterCount);
            w.Open("if (dy.IsEmpty && dtheta.IsEmpty)");
            neither?.Invoke();
            w.Line("return;");
            w.Close();
            w.Line();
        }

        /// <summary>
        /// The drivers of one vector width: each tile runs <c>Forward</c>, then the tangents of a block of up to
        /// StateSize directions (<c>Tangent</c>) and, for a vector-Jacobian product, the joint reverse pass
        /// (<c>TangentBackward</c>). The divergence uses the unit directions e₀ … e_{n−1} in one block and sums the
        /// diagonal of J lane by lane, in component order; more directions than StateSize take several blocks, the
        /// cotangent a only in the first (the reverse pass is linear in its seeds).
        /// </summary>
        private static void EmitDivergenceDrivers(SourceWriter w, DynamicsSpec spec, TileLayout layout, TangentLayout tangents, int bits)
        {
            string t = spec.Element, b = Literals.Int(bits), rt = ReadOnlySpanOf(t), sp = SpanOf(t), vec = Vector(bits);
            int lanes = Lanes(spec.IsDouble, bits);
            string n = Literals.Int(spec.StateSize), width = Literals.Int(tangents.Width);
            string first = Literals.Int(tangents.First), output = Literals.Int(tangents.OutputRows[spec.Layers.Count - 1]);
            const string Wants = "bool wantDy = !dy.IsEmpty, wantTheta = !dtheta.IsEmpty;";

            w.Open($"private void EvaluateWithDivergence{b}({rt} t, {rt} y, {sp} dydt, {sp} divergence, int count, int stride)");
            OpenTileLoop(w, t, lanes, spec.ParameterCount, wants: null);
            EmitLoadInputs(w, spec);
            w.Line($"Forward{b}(ref p, ref s);");
            EmitUnitDirections(w, spec, tangents);
            w.Line($"Tangent{b}(ref p, ref s, {n}, true);");
            EmitStoreDivergence(w, spec, layout, tangents, bits);
            CloseTileLoop(w, t, bits, lanes, parameterCount: null);

            w.Open($"private void DivergenceVjp{b}({rt} t, {rt} y, {rt} a, {rt} b, {sp} dy, {sp} dtheta, {sp} dydt, {sp} divergence, int count, int stride)");
            OpenTileLoop(w, t, lanes, spec.ParameterCount, Wants + " bool wantF = !dydt.IsEmpty;");
            EmitLoadInputs(w, spec);
            w.Line($"LoadTile(a, {n}, stride, i, n, W, tile.Slice({Literals.Int(layout.GradientA)} * W));");
            w.Line($"Forward{b}(ref p, ref s);");
            EmitUnitDirections(w, spec, tangents);
            w.Line($"Tangent{b}(ref p, ref s, {n}, true);");
            w.Open("if (wantF)");
            EmitStoreDivergence(w, spec, layout, tangents, bits);
            w.Close();
            w.Line();
            w.Line("// The divergence's cotangent b seeds the diagonal: the cotangent of (J eᵣ)[c] is b·δᵣc.");
            w.Line($"tile.Slice({Literals.Int(tangents.CotangentA)} * W, {n} * {width} * W).Clear();");
            w.Open($"for (int r = 0; r < {n}; r++)");
            w.Line($"LoadTile(b, 1, 0, i, n, W, tile.Slice(({Literals.Int(tangents.CotangentA)} + (r * {width}) + r) * W));");
            w.Close();
            w.Line();
            w.Line($"TangentBackward{b}(ref p, ref s, ref g, wantDy, wantTheta, {n}, true);");
            EmitAddInputGradient(w, spec, layout);
            CloseTileLoop(w, t, bits, lanes, spec.ParameterCount);

            w.Open($"private void EvaluateWithJvp{b}({rt} t, {rt} y, {rt} v, {sp} dydt, {sp} jv, int tangents, int count, int stride)");
            OpenTileLoop(w, t, lanes, spec.ParameterCount, wants: null);
            EmitLoadInputs(w, spec);
            w.Line($"Forward{b}(ref p, ref s);");
            w.Line($"StoreTile(tile.Slice({Literals.Int(layout.OutputRow)} * W), {n}, W, dydt, stride, i, n);");
            w.Open($"for (int start = 0; start < tangents; start += {n})");
            w.Line($"int m = global::System.Math.Min({n}, tangents - start);");
            EmitLoadDirections(w, spec, "v", first, n);
            w.Line($"Tangent{b}(ref p, ref s, m, false);");
            w.Open("for (int r = 0; r < m; r++)");
            w.Line($"StoreTile(tile.Slice(({output} + (r * {n})) * W), {n}, W, jv.Slice((start + r) * {n} * stride), stride, i, n);");
            w.Close();
            w.Close();
            CloseTileLoop(w, t, bits, lanes, parameterCount: null);

            w.Open($"private void JvpVjp{b}({rt} t, {rt} y, {rt} v, {rt} a, {rt} w, {sp} dy, {sp} dtheta, int tangents, int count, int stride)");
            OpenTileLoop(w, t, lanes, spec.ParameterCount, Wants);
            EmitLoadInputs(w, spec);
            w.Line($"Forward{b}(ref p, ref s);");
            w.Open($"for (int start = 0; start < tangents; start += {n})");
            w.Line($"int m = global::System.Math.Min({n}, tangents - start);");
            w.Open("if (start == 0)");
            w.Line($"LoadTile(a, {n}, stride, i, n, W, tile.Slice({Literals.Int(layout.GradientA)} * W));");
            w.Close();
            w.Open("else");
            w.Line($"tile.Slice({Literals.Int(layout.GradientA)} * W, {n} * W).Clear();");
            w.Close();
            w.Line();
            EmitLoadDirections(w, spec, "v", first, n);
            w.Line($"Tangent{b}(ref p, ref s, m, false);");
            EmitLoadDirections(w, spec, "w", Literals.Int(tangents.CotangentA), width);
            w.Line($"TangentBackward{b}(ref p, ref s, ref g, wantDy, wantTheta, m, false);");
            EmitAddInputGradient(w, spec, layout);
            w.Close();
            CloseTileLoop(w, t, bits, lanes, spec.ParameterCount);
        }

        /// <summary>
        /// Stores f and tr J of the tile, after <c>Tangent</c> of the unit directions: J's diagonal summed lane by lane
        /// in component order, through cotangent row A (free until a reverse pass seeds it).
        /// </summary>
        private static void EmitStoreDivergence(SourceWriter w, DynamicsSpec spec, TileLayout layout, TangentLayout tangents, int bits)
        {
            string t = spec.Element, vec = Vector(bits), n = Literals.Int(spec.StateSize);
            string output = Literals.Int(tangents.OutputRows[spec.Layers.Count - 1]), row = Literals.Int(tangents.CotangentA);
            w.Line($"StoreTile(tile.Slice({Literals.Int(layout.OutputRow)} * W), {n}, W, dydt, stride, i, n);");
            w.Line($"var trace = {vec}<{t}>.Zero;");
            w.Open($"for (int c = 0; c < {n}; c++)");
            w.Line($"trace += {vec}.LoadUnsafe(ref s, (nuint)(({output} + (c * {n}) + c) * W));");
            w.Close();
            w.Line();
            w.Line($"{vec}.StoreUnsafe(trace, ref s, (nuint)({row} * W));");
            w.Line($"StoreTile(tile.Slice({row} * W), 1, W, divergence, 0, i, n);");
        }

        /// <summary>
        /// Fills the tangent input rows with e₀ … e_{n−1} where a first pointwise layer reads them; a first dense layer
        /// reads W·eᵣ as a column and its reverse pass ūᵣ·eᵣ as a row, so it needs none.
        /// </summary>
        private static void EmitUnitDirections(SourceWriter w, DynamicsSpec spec, TangentLayout tangents)
        {
            if (spec.Layers[0].IsDense)
            {
                return;
            }

            string n = Literals.Int(spec.StateSize), first = Literals.Int(tangents.First);
            w.Line($"tile.Slice({first} * W, {n} * {n} * W).Clear();");
            w.Open($"for (int r = 0; r < {n}; r++)");
            w.Line($"tile.Slice(({first} + (r * {n}) + r) * W, W).Fill(1);");
            w.Close();
            w.Line();
        }

        /// <summary>Loads directions start … start + m − 1 of <paramref name="source"/> into rows base + r·<paramref name="rowsPerDirection"/>.</summary>
        private static void EmitLoadDirections(SourceWriter w, DynamicsSpec spec, string source, string baseRow, string rowsPerDirection)
        {
            string n = Literals.Int(spec.StateSize);
            w.Open("for (int r = 0; r < m; r++)");
            w.Line($"LoadTile({source}.Slice((start + r) * {n} * stride), {n}, stride, i, n, W, tile.Slice(({baseRow} + (r * {rowsPerDirection})) * W));");
            w.Close();
            w.Line();
        }

        private static void EmitAddInputGradient(SourceWriter w, DynamicsSpec spec, TileLayout layout)
        {
            w.Open("if (wantDy)");
            w.Line($"AddTile(tile.Slice({Literals.Int(layout.InputGradientRow)} * W), {Literals.Int(spec.StateSize)}, W, dy, stride, i, n);");
            w.Close();
        }
    }
}

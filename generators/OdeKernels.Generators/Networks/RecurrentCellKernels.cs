using System;
using OdeKernels.Generators.Activations;
using OdeKernels.Generators.Common;
using OdeKernels.Generators.Layers;
using static OdeKernels.Generators.Layers.LayerStackEmitter;

namespace OdeKernels.Generators.Networks;

/// <summary>
/// The gate arithmetic of a recurrent cell's tile kernels, between (forward) and before (backward) the two products
/// that the dense kernels compute. Each block sits in a kernel that declares <c>W</c> and <c>s</c>; lane by lane, with
/// no fused multiply-add and no cross-lane operation, so a series' result does not depend on its lane.
/// </summary>
/// <remarks>
/// GRU (PyTorch's <c>nn.GRUCell</c>, gates r, z, n): with gᵢ = W_i·x + b_i and gₕ = W_h·h + b_h split into three blocks
/// of H, r = σ(gᵢʳ + gₕʳ), z = σ(gᵢᶻ + gₕᶻ), n = tanh(gᵢⁿ + r ⊙ gₕⁿ), h' = (1 − z) ⊙ n + z ⊙ h. Its reverse, for the
/// cotangent a of h': ∂n = a ⊙ (1 − z), ∂z = a ⊙ (h − n), through the activations (their derivatives from the kept
/// exponentials, see <see cref="ActivationTable"/>) ∂n̄ = tanh'·∂n, ∂z̄ = σ'·∂z, ∂r̄ = σ'·(∂n̄ ⊙ gₕⁿ); then
/// ∂gᵢ = [∂r̄, ∂z̄, ∂n̄], ∂gₕ = [∂r̄, ∂z̄, ∂n̄ ⊙ r], and dh gets a ⊙ z besides W_hᵀ ∂gₕ.
/// </remarks>
internal static class RecurrentCellKernels
{
    /// <summary>r, z, n and h' from the two products of a GRU.</summary>
    public static void EmitGruGates(SourceWriter w, string t, int bits, RecurrentCellSpec cell, NetworkGenerator.Emitter.CellLayout layout)
    {
        string v = Vector(bits);
        RequireKept(ActivationKind.Sigmoid);
        RequireKept(ActivationKind.Tanh);
        w.Line();
        w.Line("// r = σ(gᵢʳ + gₕʳ), z = σ(gᵢᶻ + gₕᶻ), n = tanh(gᵢⁿ + r ⊙ gₕⁿ), h' = (1 − z) ⊙ n + z ⊙ h.");
        w.Line("{");
        DeclareGruRows(w, t, cell, layout);
        w.Line($"    ref {t} output = ref {Unsafe}.Add(ref s, {Literals.Int(layout.OutputRow)} * W);");
        OpenGateLoop(w, cell);
        w.Line($"        var r = ForwardSigmoid({v}.LoadUnsafe(ref gi, at) + {v}.LoadUnsafe(ref gh, at), out var er);");
        w.Line($"        var z = ForwardSigmoid({v}.LoadUnsafe(ref gi, atZ) + {v}.LoadUnsafe(ref gh, atZ), out var ez);");
        w.Line($"        var n = ForwardTanh({v}.LoadUnsafe(ref gi, atN) + (r * {v}.LoadUnsafe(ref gh, atN)), out var en);");
        w.Line($"        {v}.StoreUnsafe(r, ref reset, at);");
        w.Line($"        {v}.StoreUnsafe(er, ref reset, atE);");
        w.Line($"        {v}.StoreUnsafe(z, ref update, at);");
        w.Line($"        {v}.StoreUnsafe(ez, ref update, atE);");
        w.Line($"        {v}.StoreUnsafe(n, ref candidate, at);");
        w.Line($"        {v}.StoreUnsafe(en, ref candidate, atE);");
        w.Line($"        {v}.StoreUnsafe((({v}<{t}>.One - z) * n) + (z * {v}.LoadUnsafe(ref h, at)), ref output, at);");
        w.Line("    }");
        w.Line("}");
    }

    /// <summary>The gradients of a GRU's two products from the cotangent of h'.</summary>
    public static void EmitGruGatesBackward(SourceWriter w, string t, int bits, RecurrentCellSpec cell, NetworkGenerator.Emitter.CellLayout layout)
    {
        string v = Vector(bits);
        w.Line();
        w.Line("// ∂gᵢ = [∂r̄, ∂z̄, ∂n̄] and ∂gₕ = [∂r̄, ∂z̄, ∂n̄ ⊙ r] from the cotangent a of h'.");
        w.Line("{");
        DeclareGruRows(w, t, cell, layout);
        w.Line($"    ref {t} a = ref {Unsafe}.Add(ref s, {Literals.Int(layout.Cotangent)} * W);");
        w.Line($"    ref {t} dgi = ref {Unsafe}.Add(ref s, {Literals.Int(layout.InputProductGradient)} * W);");
        w.Line($"    ref {t} dgh = ref {Unsafe}.Add(ref s, {Literals.Int(layout.HiddenProductGradient)} * W);");
        OpenGateLoop(w, cell);
        w.Line($"        var av = {v}.LoadUnsafe(ref a, at);");
        w.Line($"        var z = {v}.LoadUnsafe(ref update, at);");
        w.Line($"        var n = {v}.LoadUnsafe(ref candidate, at);");
        w.Line($"        var dn = BackwardTanh(av * ({v}<{t}>.One - z), {v}.LoadUnsafe(ref candidate, atE));");
        w.Line($"        var dz = BackwardSigmoid(av * ({v}.LoadUnsafe(ref h, at) - n), {v}.LoadUnsafe(ref update, atE));");
        w.Line($"        var dr = BackwardSigmoid(dn * {v}.LoadUnsafe(ref gh, atN), {v}.LoadUnsafe(ref reset, atE));");
        w.Line($"        {v}.StoreUnsafe(dr, ref dgi, at);");
        w.Line($"        {v}.StoreUnsafe(dz, ref dgi, atZ);");
        w.Line($"        {v}.StoreUnsafe(dn, ref dgi, atN);");
        w.Line($"        {v}.StoreUnsafe(dr, ref dgh, at);");
        w.Line($"        {v}.StoreUnsafe(dz, ref dgh, atZ);");
        w.Line($"        {v}.StoreUnsafe(dn * {v}.LoadUnsafe(ref reset, at), ref dgh, atN);");
        w.Line("    }");
        w.Line("}");
    }

    /// <summary>dh += a ⊙ z, the share of h' = … + z ⊙ h that bypasses the products.</summary>
    public static void EmitGruSkip(SourceWriter w, string t, int bits, RecurrentCellSpec cell, NetworkGenerator.Emitter.CellLayout layout)
    {
        string v = Vector(bits);
        w.Line();
        w.Line("// dh += a ⊙ z: h' = (1 − z) ⊙ n + z ⊙ h carries h past the products.");
        w.Line("if (wantDx)");
        w.Line("{");
        w.Line($"    ref {t} a = ref {Unsafe}.Add(ref s, {Literals.Int(layout.Cotangent)} * W);");
        w.Line($"    ref {t} update = ref {Unsafe}.Add(ref s, {Literals.Int(layout.Update)} * W);");
        w.Line($"    ref {t} dh = ref {Unsafe}.Add(ref s, {Literals.Int(layout.InputGradientRow + cell.Inputs)} * W);");
        w.Line($"    for (int c = 0; c < {Literals.Int(cell.Hidden)}; c++)");
        w.Line("    {");
        w.Line("        nuint at = (nuint)(c * W);");
        w.Line($"        {v}.StoreUnsafe({v}.LoadUnsafe(ref dh, at) + ({v}.LoadUnsafe(ref a, at) * {v}.LoadUnsafe(ref update, at)), ref dh, at);");
        w.Line("    }");
        w.Line("}");
    }

    /// <summary>h' = act(gᵢ + gₕ) of a plain cell.</summary>
    public static void EmitRnnActivation(SourceWriter w, string t, int bits, RecurrentCellSpec cell, NetworkGenerator.Emitter.CellLayout layout)
    {
        string v = Vector(bits);
        bool activated = cell.Activation != ActivationKind.Identity, kept = layout.Exponential >= 0;
        w.Line();
        w.Line($"// h' = {cell.Activation}(gᵢ + gₕ).");
        w.Line("{");
        DeclareProducts(w, t, layout);
        w.Line($"    ref {t} pre = ref {Unsafe}.Add(ref s, {Literals.Int(layout.Pre)} * W);");
        if (activated)
        {
            w.Line($"    ref {t} output = ref {Unsafe}.Add(ref s, {Literals.Int(layout.OutputRow)} * W);");
        }

        if (kept)
        {
            w.Line($"    ref {t} exponential = ref {Unsafe}.Add(ref s, {Literals.Int(layout.Exponential)} * W);");
        }

        w.Line($"    for (int c = 0; c < {Literals.Int(cell.Hidden)}; c++)");
        w.Line("    {");
        w.Line("        nuint at = (nuint)(c * W);");
        w.Line($"        var z = {v}.LoadUnsafe(ref gi, at) + {v}.LoadUnsafe(ref gh, at);");
        w.Line($"        {v}.StoreUnsafe(z, ref pre, at);");
        if (kept)
        {
            w.Line($"        {v}.StoreUnsafe({CSharpActivationPrinter.ForwardName(cell.Activation)}(z, out var e), ref output, at);");
            w.Line($"        {v}.StoreUnsafe(e, ref exponential, at);");
        }
        else if (activated)
        {
            w.Line($"        {v}.StoreUnsafe({CSharpActivationPrinter.ForwardName(cell.Activation)}(z), ref output, at);");
        }

        w.Line("    }");
        w.Line("}");
    }

    /// <summary>The gradient of a plain cell's pre-activation, which both products share.</summary>
    public static void EmitRnnActivationBackward(SourceWriter w, string t, int bits, RecurrentCellSpec cell, NetworkGenerator.Emitter.CellLayout layout)
    {
        string v = Vector(bits);
        bool kept = layout.Exponential >= 0;
        w.Line();
        w.Line($"// ∂gᵢ = ∂gₕ = {cell.Activation}'(gᵢ + gₕ) ⊙ a.");
        w.Line("{");
        w.Line($"    ref {t} a = ref {Unsafe}.Add(ref s, {Literals.Int(layout.Cotangent)} * W);");
        w.Line($"    ref {t} d = ref {Unsafe}.Add(ref s, {Literals.Int(layout.InputProductGradient)} * W);");
        w.Line($"    ref {t} input = ref {Unsafe}.Add(ref s, {Literals.Int(kept ? layout.Exponential : layout.Pre)} * W);");
        w.Line($"    for (int c = 0; c < {Literals.Int(cell.Hidden)}; c++)");
        w.Line("    {");
        w.Line("        nuint at = (nuint)(c * W);");
        string value = cell.Activation == ActivationKind.Identity
            ? $"{v}.LoadUnsafe(ref a, at)"
            : $"{CSharpActivationPrinter.BackwardName(cell.Activation)}({v}.LoadUnsafe(ref a, at), {v}.LoadUnsafe(ref input, at))";
        w.Line($"        {v}.StoreUnsafe({value}, ref d, at);");
        w.Line("    }");
        w.Line("}");
    }

    private static void DeclareProducts(SourceWriter w, string t, NetworkGenerator.Emitter.CellLayout layout)
    {
        w.Line($"    ref {t} gi = ref {Unsafe}.Add(ref s, {Literals.Int(layout.InputProduct)} * W);");
        w.Line($"    ref {t} gh = ref {Unsafe}.Add(ref s, {Literals.Int(layout.HiddenProduct)} * W);");
    }

    /// <summary>The rows a GRU's gate code reads: the products, h, and r, z, n (each followed by its exponential, at <c>atE</c>).</summary>
    private static void DeclareGruRows(SourceWriter w, string t, RecurrentCellSpec cell, NetworkGenerator.Emitter.CellLayout layout)
    {
        DeclareProducts(w, t, layout);
        w.Line($"    ref {t} h = ref {Unsafe}.Add(ref s, {Literals.Int(layout.HiddenRow)} * W);");
        w.Line($"    ref {t} reset = ref {Unsafe}.Add(ref s, {Literals.Int(layout.Reset)} * W);");
        w.Line($"    ref {t} update = ref {Unsafe}.Add(ref s, {Literals.Int(layout.Update)} * W);");
        w.Line($"    ref {t} candidate = ref {Unsafe}.Add(ref s, {Literals.Int(layout.Candidate)} * W);");
    }

    /// <summary>Opens the loop over hidden units c: <c>at</c> is unit c's row (of r, z, n, h, a), <c>atZ</c> and <c>atN</c> its rows in the products' z and n blocks, <c>atE</c> its exponential's.</summary>
    private static void OpenGateLoop(SourceWriter w, RecurrentCellSpec cell)
    {
        string hidden = Literals.Int(cell.Hidden);
        w.Line($"    for (int c = 0; c < {hidden}; c++)");
        w.Line("    {");
        w.Line("        nuint at = (nuint)(c * W);");
        w.Line($"        nuint atZ = (nuint)(({hidden} + c) * W);");
        w.Line($"        nuint atN = (nuint)(({Literals.Int(2 * cell.Hidden)} + c) * W);");
        w.Line($"        nuint atE = (nuint)(({hidden} + c) * W);");
    }

    /// <summary>The GRU code reads σ' and tanh' from kept exponentials; a change to the table must change it too.</summary>
    private static void RequireKept(ActivationKind activation)
    {
        if (!ActivationTable.KeepsExponential(activation))
        {
            throw new InvalidOperationException($"The GRU kernels expect {activation} to keep its exponential (ActivationTable).");
        }
    }
}

using System.Linq;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Layers;

internal static partial class LayerStackEmitter
{
    /// <summary>
    /// The most values (parameters × lanes) that per-lane partial sums of the parameter gradient may take. Below it,
    /// a tile adds each parameter's lane vector into a per-lane buffer with one vector operation, and a call sums
    /// lanes once at its end; the buffer (256 KiB of float, 512 KiB of double) stays in a core's L2 cache. Above it,
    /// such a buffer would be streamed from memory once per tile and take P × 16 values per thread, so each tile sums
    /// its lanes into θ's gradient directly instead (see <c>EmitParameterGradientSummed</c>), in lane order: the
    /// summation order differs from the per-lane sums' (pairwise across lanes once per call), so results agree to
    /// rounding, not bitwise, across the cap.
    /// </summary>
    internal const int ParameterLaneCap = 64 * 1024;

    /// <summary>
    /// Whether the drivers of <paramref name="lanes"/> lanes keep per-lane parameter gradients (see
    /// <see cref="ParameterLaneCap"/>); a stack without parameters has nothing to keep.
    /// </summary>
    internal static bool KeepsParameterLanes(int parameterCount, int lanes) =>
        parameterCount > 0 && (long)parameterCount * lanes <= ParameterLaneCap;

    /// <summary>The length of the per-lane parameter gradients: enough for the widest vector that keeps them; 0 if none does.</summary>
    internal static int ParameterLanesLength(int parameterCount, bool isDouble) =>
        Widths.Select(bits => Lanes(isDouble, bits)).Where(lanes => KeepsParameterLanes(parameterCount, lanes))
            .Select(lanes => parameterCount * lanes).DefaultIfEmpty(0).Max();

    /// <summary>
    /// A sentence for the generated class's documentation: which calls may run at once on one instance, and why.
    /// </summary>
    internal static void EmitThreadSafetyRemarks(SourceWriter w, string members)
    {
        w.Line("/// <remarks>");
        w.Line($"/// {members} may be called on one instance from any number of threads at once, each getting exactly what");
        w.Line("/// it would get alone: the instance holds only the parameters, which these calls only read, and each call");
        w.Line("/// computes in scratch that belongs to its thread. Writing <c>Parameters</c> while such a call runs is a data race.");
        w.Line("/// </remarks>");
    }

    /// <summary>The attribute on every per-thread field of a generated class (scratch, per-lane sums, Winograd caches).</summary>
    private const string ThreadStatic = "[global::System.ThreadStatic]";

    /// <summary>
    /// The parameters (the only state of an instance) and, per thread, the scratch tile of <paramref name="scratchLength"/>
    /// values and, where some vector width keeps them, the per-lane parameter gradients of
    /// <paramref name="parameterLanesLength"/> values.
    /// </summary>
    internal static void EmitFields(
        SourceWriter w, string t, string parametersSummary, string scratchSummary, int scratchLength, int parameterLanesLength)
    {
        w.Line($"/// <summary>{parametersSummary}</summary>");
        w.Line($"private readonly {t}[] _parameters;");
        w.Line();
        w.Line($"/// <summary>{scratchSummary} This thread's; see <see cref=\"Scratch\"/>.</summary>");
        w.Line(ThreadStatic);
        w.Line($"private static {t}[]? t_scratch;");
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// The calling thread's scratch tile, made on its first call. Each call uses it from its start to its end and");
        w.Line("/// never calls out of this class (no user code, no callback), so a thread is never inside two calls at once and");
        w.Line("/// one tile per thread serves every instance: threads share no scratch, and an instance holds only parameters.");
        w.Line("/// </summary>");
        w.Line($"private static {t}[] Scratch => t_scratch ??= new {t}[{Literals.Int(scratchLength)}];");
        w.Line();
        if (parameterLanesLength > 0)
        {
            w.Line("/// <summary>Per-lane partial sums of the parameter gradient (parameter q of lane slot k at q * lanes + k), folded once per call. This thread's, as <see cref=\"Scratch\"/>.</summary>");
            w.Line(ThreadStatic);
            w.Line($"private static {t}[]? t_parameterLanes;");
            w.Line();
            w.Line("/// <summary>The calling thread's per-lane parameter gradients, made on its first vector-Jacobian product (see <see cref=\"Scratch\"/>).</summary>");
            w.Line($"private static {t}[] ParameterLanes => t_parameterLanes ??= new {t}[{Literals.Int(parameterLanesLength)}];");
            w.Line();
        }
    }

    /// <summary>
    /// Opens a driver's loop over tiles of <paramref name="lanes"/> lanes: the references into the parameters and this
    /// thread's scratch tile and, for a vector-Jacobian product (<paramref name="wants"/> declares what is wanted), the
    /// parameter gradient <c>g</c>: the per-lane partial sums, cleared when θ's gradient is wanted, where
    /// <see cref="KeepsParameterLanes"/>, else <c>dtheta</c> itself. Inside the loop, lanes [i, i + n) are the tile's;
    /// <see cref="CloseTileLoop"/> closes it.
    /// </summary>
    internal static void OpenTileLoop(SourceWriter w, string t, int lanes, int parameterCount, string? wants)
    {
        string sp = $"global::System.Span<{t}>";
        w.Line($"const int W = {Literals.Int(lanes)};");
        if (wants is not null)
        {
            w.Line(wants);
        }

        w.Line($"{t}[] scratch = Scratch;");
        w.Line($"{sp} tile = scratch;");
        w.Line($"ref {t} p = ref {Marshal}.GetArrayDataReference(_parameters);");
        w.Line($"ref {t} s = ref {Marshal}.GetArrayDataReference(scratch);");
        if (wants is not null && KeepsParameterLanes(parameterCount, lanes))
        {
            w.Line($"{t}[] parameterLanes = ParameterLanes;");
            w.Line($"ref {t} g = ref {Marshal}.GetArrayDataReference(parameterLanes);");
            w.Open("if (wantTheta)");
            w.Line($"new {sp}(parameterLanes, 0, {Literals.Int(parameterCount)} * W).Clear();");
            w.Close();
            w.Line();
        }
        else if (wants is not null)
        {
            w.Line($"// {Literals.Int(parameterCount)} parameters × W lanes exceed {Literals.Int(ParameterLaneCap)} values: each tile adds its lane sums into dtheta.");
            w.Line($"ref {t} g = ref {Marshal}.GetReference(dtheta);");
            w.Line();
        }

        w.Open("for (int i = 0; i < count; i += W)");
        w.Line("int n = global::System.Math.Min(W, count - i);");
    }

    /// <summary>
    /// Closes a driver's tile loop and the driver; a vector-Jacobian product (<paramref name="parameterCount"/> not
    /// null) that keeps per-lane parameter gradients first adds them, summed over lanes, into <c>dtheta</c> when it is
    /// wanted.
    /// </summary>
    internal static void CloseTileLoop(SourceWriter w, string t, int bits, int lanes, int? parameterCount)
    {
        w.Close();
        if (parameterCount is int count && KeepsParameterLanes(count, lanes))
        {
            string vec = Vector(bits);
            w.Line();
            w.Open("if (wantTheta)");
            w.Line($"ref {t} d = ref {Marshal}.GetReference(dtheta);");
            w.Open($"for (int q = 0; q < {Literals.Int(count)}; q++)");
            w.Line($"{Unsafe}.Add(ref d, q) += {vec}.Sum({vec}.LoadUnsafe(ref g, (nuint)(q * W)));");
            w.Close();
            w.Close();
        }

        w.Close();
        w.Line();
    }
}

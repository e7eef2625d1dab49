using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using OdeKernels.Generators.Activations;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Layers;

/// <summary>
/// The C# that a <c>[Dynamics]</c> and a <c>[Network]</c> layer stack have in common: the <c>global::</c> names, the
/// vector widths and the dispatch between them, the constructors (here), the fields, the per-thread scratch and the
/// tile loop of the drivers (<c>LayerStackEmitter.Scratch.cs</c>), each layer's forward and backward code for one tile
/// (<c>LayerStackEmitter.Kernels.cs</c>) and the activations (<see cref="ActivationTable"/>), so a layer
/// computes bit for bit the same in both. Each
/// generator's emitter keeps its own surface, tile layout and tile transfers.
/// </summary>
internal static partial class LayerStackEmitter
{
    internal const string Layer = RuntimeContract.DynamicsLayer.Global;
    internal const string LayerKind = RuntimeContract.DynamicsLayerKind.Global;
    internal const string ActivationEnum = RuntimeContract.Activation.Global;
    internal const string Random = RuntimeContract.SplitMix64.Global;
    internal const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
    internal const string Marshal = "global::System.Runtime.InteropServices.MemoryMarshal";
    internal const string ArgumentException = "global::System.ArgumentException";
    internal const string OutOfRange = "global::System.ArgumentOutOfRangeException";
    internal const string Intrinsics = "global::System.Runtime.Intrinsics.";
    internal const string ReadOnlyList = "global::System.Collections.Generic.IReadOnlyList";

    /// <summary>The vector widths in bits, widest first: the driver takes the widest the hardware accelerates.</summary>
    internal static readonly int[] Widths = { 512, 256, 128 };

    /// <summary>Lanes in a vector of <paramref name="bits"/> bits.</summary>
    internal static int Lanes(bool isDouble, int bits) => bits / (isDouble ? 64 : 32);

    /// <summary>The static vector class of a width, e.g. <c>global::System.Runtime.Intrinsics.Vector256</c>.</summary>
    internal static string Vector(int bits) => Intrinsics + "Vector" + Literals.Int(bits);

    internal static string Bool(bool value) => value ? "true" : "false";

    /// <summary><c>global::System.ReadOnlySpan&lt;t&gt;</c>.</summary>
    internal static string ReadOnlySpanOf(string t) => $"global::System.ReadOnlySpan<{t}>";

    /// <summary><c>global::System.Span&lt;t&gt;</c>.</summary>
    internal static string SpanOf(string t) => $"global::System.Span<{t}>";

    /// <summary>
    /// The file of a layer-stack class, in the order both generators write it: the file's start, the thread-safety
    /// remarks, the class with its interface, the fields, the constructors, <paramref name="surface"/> (the public
    /// members), then per vector width, widest first, <paramref name="kernels"/> (the drivers and kernels, for the
    /// generator's tile <paramref name="layout"/>) and the activations, then <paramref name="tileTransfers"/> (the
    /// helpers that move lanes between the caller's spans and a tile, for the element type).
    /// </summary>
    internal static string EmitClass<TSpec, TLayout>(
        TSpec spec, TLayout layout, LayerStackClass shape, Action<SourceWriter, TSpec> surface, Action<SourceWriter, TSpec, TLayout, int> kernels,
        Action<SourceWriter, string> tileTransfers, CancellationToken token)
        where TSpec : LayerStackSpec
    {
        var w = new SourceWriter();
        GeneratedFile.WriteStart(w, spec.Namespace);
        EmitThreadSafetyRemarks(w, shape.ThreadSafeMembers);
        w.Open($"partial class {spec.TypeName} : {shape.Interface}<{spec.Element}>");
        EmitFields(w, spec.Element, shape.ParametersSummary, shape.TileSummary, shape.TileRows * spec.MaxLanes, ParameterLanesLength(spec.ParameterCount, spec.IsDouble));
        EmitConstructors(w, spec.Element, spec.TypeName, spec.ParameterCount, spec.Layers, shape.FanInNote);
        surface(w, spec);
        token.ThrowIfCancellationRequested();
        foreach (int bits in Widths)
        {
            kernels(w, spec, layout, bits);
            EmitActivations(w, spec.Layers, spec.Element, bits, spec.SecondDerivatives);
            token.ThrowIfCancellationRequested();
        }

        tileTransfers(w, spec.Element);
        w.Close();
        return w.ToString();
    }

    /// <summary>Calls <c>{method}{bits}(arguments)</c> for the widest vector width the hardware accelerates.</summary>
    internal static void EmitDispatch(SourceWriter w, string method, string arguments)
    {
        for (int i = 0; i < Widths.Length; i++)
        {
            string keyword = i == 0 ? "if" : i == Widths.Length - 1 ? "else" : "else if";
            w.Line(i == Widths.Length - 1 ? keyword : $"{keyword} ({Vector(Widths[i])}.IsHardwareAccelerated)");
            w.Line("{");
            w.Line($"    {method}{Literals.Int(Widths[i])}({arguments});");
            w.Line("}");
        }
    }

    /// <summary>
    /// The seeded constructor (PyTorch's <c>nn.Linear</c> initialisation; <paramref name="fanInNote"/> follows "fan_in"
    /// in its summary) and the one that copies checked parameters. An instance holds its parameters and nothing else:
    /// the scratch of a call belongs to the calling thread (see <see cref="EmitFields"/>).
    /// </summary>
    internal static void EmitConstructors(
        SourceWriter w, string t, string name, int parameterCount, IEnumerable<LayerSpec> layers, string fanInNote)
    {
        string count = Literals.Int(parameterCount);
        w.Line("/// <summary>");
        w.Line("/// Creates the network with PyTorch's default <c>nn.Linear</c> initialisation: each dense layer's weights, then");
        w.Line($"/// its bias, uniform in ±1/√fan_in{fanInNote}, drawn in parameter order from");
        w.Line($"/// <see cref=\"{Random}\"/> started at <paramref name=\"seed\"/>.");
        w.Line("/// </summary>");
        w.Line("/// <param name=\"seed\">The seed; the same seed gives the same parameters on every platform.</param>");
        w.Open($"public {name}(int seed)");
        w.Line($"_parameters = new {t}[{count}];");
        w.Line($"var random = new {Random}(unchecked((ulong)(long)seed));");
        foreach (LayerSpec layer in layers.Where(l => l.IsDense))
        {
            w.Line($"random.{RuntimeContract.SplitMix64.FillUniform}<{t}>(new global::System.Span<{t}>(_parameters, {Literals.Int(layer.WeightOffset)}, {Literals.Int(layer.ParameterCount)}), 1.0 / global::System.Math.Sqrt({Literals.Int(layer.Columns)}));");
        }

        w.Close();
        w.Line();
        w.Line("/// <summary>Creates the network with a copy of the given parameters (in the layout of <see cref=\"Parameters\"/>).</summary>");
        w.Line("/// <param name=\"parameters\">The parameters; the span is copied.</param>");
        w.Line($"/// <exception cref=\"{ArgumentException}\"><paramref name=\"parameters\"/> does not hold {count} finite values.</exception>");
        w.Open($"public {name}(global::System.ReadOnlySpan<{t}> parameters)");
        w.Open($"if (parameters.Length != {count})");
        w.Line($"throw new {ArgumentException}($\"{name} has {count} parameters, but {{parameters.Length}} were given.\", nameof(parameters));");
        w.Close();
        w.Line();
        w.Open("for (int i = 0; i < parameters.Length; i++)");
        w.Open($"if (!{t}.IsFinite(parameters[i]))");
        w.Line($"throw new {ArgumentException}($\"parameters[{{i}}] is {{parameters[i]}}; every parameter must be finite.\", nameof(parameters));");
        w.Close();
        w.Close();
        w.Line();
        w.Line("_parameters = parameters.ToArray();");
        w.Close();
        w.Line();
    }

    /// <summary>The static <c>Layers</c> table: the layers in application order, with where their parameters lie.</summary>
    internal static void EmitLayerTable(SourceWriter w, IEnumerable<LayerSpec> layers)
    {
        w.Line("/// <summary>The layers in application order, with where their parameters lie.</summary>");
        w.Line($"public static {ReadOnlyList}<{Layer}> Layers {{ get; }} = global::System.Array.AsReadOnly(new {Layer}[]");
        w.Line("{");
        foreach (LayerSpec l in layers)
        {
            w.Line($"    new {Layer}({LayerKind}.{(l.IsDense ? RuntimeContract.DynamicsLayerKind.Dense : RuntimeContract.DynamicsLayerKind.Pointwise)}, {Literals.Int(l.Inputs)}, {Literals.Int(l.Outputs)}, {ActivationEnum}.{l.Activation}, {Bool(l.Bias)}, {Bool(l.TimeInput)}, {Literals.Int(l.WeightOffset)}, {Literals.Int(l.BiasOffset)}),");
        }

        w.Line("});");
        w.Line();
    }

    /// <summary>The activations of <paramref name="layers"/> for one vector width of <paramref name="element"/> (see <see cref="CSharpActivationPrinter"/>).</summary>
    internal static void EmitActivations(SourceWriter w, IEnumerable<LayerSpec> layers, string element, int bits, bool second = false) =>
        CSharpActivationPrinter.Emit(w, ActivationTable.UsedBy(layers), element, bits, second);

    /// <summary>The <c>ParameterCount</c> and <c>Parameters</c> of the interface, after the stack's own sizes.</summary>
    internal static void EmitParameterSurface(SourceWriter w, LayerStackSpec spec)
    {
        w.Line("/// <inheritdoc/>");
        w.Line($"public int ParameterCount => {Literals.Int(spec.ParameterCount)};");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line($"public {SpanOf(spec.Element)} Parameters => _parameters;");
        w.Line();
    }

    /// <summary>Throws unless <c>dtheta</c> is empty or holds the parameters.</summary>
    internal static void EmitParameterGradientCheck(SourceWriter w, int parameterCount)
    {
        string count = Literals.Int(parameterCount);
        w.Open($"if (!dtheta.IsEmpty && dtheta.Length != {count})");
        w.Line($"throw new {ArgumentException}($\"dtheta has length {{dtheta.Length}}; it must be empty or hold the {count} parameters.\", nameof(dtheta));");
        w.Close();
        w.Line();
    }
}

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
    /// helpers that move lanes between the caller's spans and a tile, for the element type). A stack that is not
    /// initialised like <c>nn.Linear</c> layers (a recurrent cell) brings its own <paramref name="seededConstructor"/>,
    /// and one whose nonlinearities are not its layers' its own <paramref name="activations"/>.
    /// </summary>
    internal static string EmitClass<TSpec, TLayout>(
        TSpec spec, TLayout layout, LayerStackClass shape, Action<SourceWriter, TSpec> surface, Action<SourceWriter, TSpec, TLayout, int> kernels,
        Action<SourceWriter, string> tileTransfers, CancellationToken token,
        Action<SourceWriter, TSpec>? seededConstructor = null, IReadOnlyList<ActivationFormula>? activations = null)
        where TSpec : LayerStackSpec
    {
        var w = new SourceWriter();
        GeneratedFile.WriteStart(w, spec.Namespace);
        EmitThreadSafetyRemarks(w, shape.ThreadSafeMembers);
        w.Open($"partial class {spec.TypeName} : {shape.Interface}<{spec.Element}>");
        EmitFields(w, spec.Element, shape.ParametersSummary, shape.TileSummary, shape.TileRows * spec.MaxLanes, ParameterLanesLength(spec.ParameterCount, spec.IsDouble));
        EmitWinogradMembers(w, spec.Element, spec.Layers, spec.MaxLanes);
        if (seededConstructor is null)
        {
            EmitSeededConstructor(w, spec.Element, spec.TypeName, spec.ParameterCount, spec.Layers, shape.FanInNote);
        }
        else
        {
            seededConstructor(w, spec);
        }

        EmitCopyConstructor(w, spec.Element, spec.TypeName, spec.ParameterCount);
        surface(w, spec);
        token.ThrowIfCancellationRequested();
        foreach (int bits in Widths)
        {
            kernels(w, spec, layout, bits);
            CSharpActivationPrinter.Emit(w, activations ?? ActivationTable.UsedBy(spec.Layers), spec.Element, bits, spec.SecondDerivatives);
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
    /// in its summary). An instance holds its parameters and nothing else: the scratch of a call belongs to the calling
    /// thread (see <see cref="EmitFields"/>).
    /// </summary>
    internal static void EmitSeededConstructor(
        SourceWriter w, string t, string name, int parameterCount, IEnumerable<LayerSpec> layers, string fanInNote)
    {
        LayerSpec[] all = layers.ToArray();
        if (all.All(l => l.Spatial is null))
        {
            EmitSeededConstructor(
                w,
                t,
                name,
                parameterCount,
                new[]
                {
                    "Creates the network with PyTorch's default <c>nn.Linear</c> initialisation: each dense layer's weights, then",
                    $"its bias, uniform in ±1/√fan_in{fanInNote}, drawn in parameter order from",
                },
                all.Where(l => l.IsDense).Select(l => (l.WeightOffset, l.ParameterCount, l.Columns)));
            return;
        }

        // PyTorch's nn.Conv2d default (kaiming_uniform_ with a = √5, and its bias rule) is the same ±1/√fan_in bound,
        // fan_in = in channels · kernel²; nn.GroupNorm starts at γ = 1, β = 0 and draws nothing.
        EmitSeededConstructor(
            w,
            t,
            name,
            parameterCount,
            new[]
            {
                "Creates the network with PyTorch's default initialisation: each dense and convolution layer's weights, then its",
                $"bias, uniform in ±1/√fan_in (fan_in = inputs, or in channels · kernel²){fanInNote}, drawn in parameter order from",
            },
            all.Where(l => l.IsDense || l.Spatial?.Kind == SpatialKind.Conv2d).Select(l => (l.WeightOffset, l.ParameterCount, l.Columns)),
            all.Where(l => l.Spatial?.Kind == SpatialKind.GroupNorm).Select(l => (l.WeightOffset, l.Spatial!.In.Channels)),
            "; each group norm's weight is 1 and its bias 0.");
    }

    /// <summary>
    /// A seeded constructor whose summary starts with <paramref name="summary"/> (then names the random stream) and that
    /// fills each range (offset, count) of the parameters uniform in ±1/√fan_in, in order, from one stream.
    /// </summary>
    internal static void EmitSeededConstructor(
        SourceWriter w, string t, string name, int parameterCount, IEnumerable<string> summary, IEnumerable<(int Offset, int Count, int FanIn)> fills,
        IEnumerable<(int Offset, int Count)>? ones = null, string streamSuffix = ".")
    {
        w.Line("/// <summary>");
        foreach (string line in summary)
        {
            w.Line("/// " + line);
        }

        w.Line($"/// <see cref=\"{Random}\"/> started at <paramref name=\"seed\"/>{streamSuffix}");
        w.Line("/// </summary>");
        w.Line("/// <param name=\"seed\">The seed; the same seed gives the same parameters on every platform.</param>");
        w.Open($"public {name}(int seed)");
        w.Line($"_parameters = new {t}[{Literals.Int(parameterCount)}];");
        w.Line($"var random = new {Random}(unchecked((ulong)(long)seed));");
        foreach ((int offset, int count, int fanIn) in fills)
        {
            w.Line($"random.{RuntimeContract.SplitMix64.FillUniform}<{t}>(new global::System.Span<{t}>(_parameters, {Literals.Int(offset)}, {Literals.Int(count)}), 1.0 / global::System.Math.Sqrt({Literals.Int(fanIn)}));");
        }

        foreach ((int offset, int count) in ones ?? Enumerable.Empty<(int, int)>())
        {
            w.Line($"new global::System.Span<{t}>(_parameters, {Literals.Int(offset)}, {Literals.Int(count)}).Fill(({t})1);");
        }

        w.Close();
        w.Line();
    }

    /// <summary>The constructor that copies checked parameters.</summary>
    internal static void EmitCopyConstructor(SourceWriter w, string t, string name, int parameterCount)
    {
        string count = Literals.Int(parameterCount);
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
            string kind = l.Spatial?.Kind switch
            {
                SpatialKind.Conv2d => RuntimeContract.DynamicsLayerKind.Conv2d,
                SpatialKind.GroupNorm => RuntimeContract.DynamicsLayerKind.GroupNorm,
                SpatialKind.AvgPool2d => RuntimeContract.DynamicsLayerKind.AvgPool2d,
                SpatialKind.GlobalAvgPool2d => RuntimeContract.DynamicsLayerKind.GlobalAvgPool2d,
                _ => l.IsDense ? RuntimeContract.DynamicsLayerKind.Dense : RuntimeContract.DynamicsLayerKind.Pointwise,
            };
            w.Line($"    new {Layer}({LayerKind}.{kind}, {Literals.Int(l.Inputs)}, {Literals.Int(l.Outputs)}, {ActivationEnum}.{l.Activation}, {Bool(l.Bias)}, {Bool(l.TimeInput)}, {Literals.Int(l.WeightOffset)}, {Literals.Int(l.BiasOffset)}){SpatialProperties(l)},");
        }

        w.Line("});");
        w.Line();
    }

    /// <summary>The object initializer of a feature-map layer's <c>Layers</c> row (its shapes and settings); empty for other layers.</summary>
    private static string SpatialProperties(LayerSpec l)
    {
        if (l.Spatial is not { } spatial)
        {
            return string.Empty;
        }

        static string Map(FeatureMap m) => $"new {RuntimeContract.FeatureMapShape.Global}({Literals.Int(m.Channels)}, {Literals.Int(m.Height)}, {Literals.Int(m.Width)})";
        string shapes = $"{RuntimeContract.DynamicsLayer.InputShape} = {Map(spatial.In)}, {RuntimeContract.DynamicsLayer.OutputShape} = {Map(spatial.Out)}";
        return spatial.Kind switch
        {
            SpatialKind.Conv2d => $" {{ {shapes}, {RuntimeContract.DynamicsLayer.Kernel} = {Literals.Int(spatial.Kernel)}, {RuntimeContract.DynamicsLayer.Stride} = {Literals.Int(spatial.Stride)}, {RuntimeContract.DynamicsLayer.Padding} = {Literals.Int(spatial.Padding)} }}",
            SpatialKind.GroupNorm => $" {{ {shapes}, {RuntimeContract.DynamicsLayer.Groups} = {Literals.Int(spatial.Groups)} }}",
            SpatialKind.AvgPool2d => $" {{ {shapes}, {RuntimeContract.DynamicsLayer.Kernel} = {Literals.Int(spatial.Kernel)}, {RuntimeContract.DynamicsLayer.Stride} = {Literals.Int(spatial.Stride)} }}",
            _ => $" {{ {shapes} }}",
        };
    }

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

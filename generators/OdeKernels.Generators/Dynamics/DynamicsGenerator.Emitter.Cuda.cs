using System.Collections.Generic;
using System.Linq;
using System.Text;
using OdeKernels.Generators.Activations;
using OdeKernels.Generators.Common;
using OdeKernels.Generators.Layers;

namespace OdeKernels.Generators.Dynamics;

public sealed partial class DynamicsGenerator
{
    /// <summary>
    /// Emits the CUDA C device code of a <see cref="DynamicsSpec"/>, kept in the generated C# as a constant that the
    /// runtime's CUDA backend composes with a tableau's step and the solver kernels (see
    /// <c>runtime/OdeKernels/Cuda/CudaKernelSource.cs</c>). One lane per thread: <c>OdeNetwork::f</c> and
    /// <c>OdeNetwork::vjp</c> do the C# kernels' operations in the same order (no contraction to FMA: NVRTC is
    /// called with <c>--fmad=false</c>), so a CUDA solve follows the CPU's to the rounding of exp, log and sin.
    /// </summary>
    internal static partial class CudaEmitter
    {
        private const string Interface = RuntimeContract.ICudaDynamics.Global;
        private const string Element = "ode_t";

        public static string HintName(DynamicsSpec spec) => GeneratedFile.HintName(spec.Namespace, spec.TypeName, ".Dynamics.Cuda.g.cs");

        /// <summary>
        /// The C# part: the device code as a constant and the interface the runtime asks for it through; for a network
        /// with a layer this emitter has no formulas for (a convolution, a group norm), the refusal that names it.
        /// </summary>
        public static string Emit(DynamicsSpec spec)
        {
            var w = new SourceWriter();
            GeneratedFile.WriteStart(w, spec.Namespace);
            if (spec.Layers.Select((layer, k) => (layer, k)).FirstOrDefault(p => p.layer.Spatial is not null) is ({ } spatial, int index))
            {
                const string Refusal = RuntimeContract.ICudaRefusal.Global;
                w.Open($"partial class {spec.TypeName} : {Refusal}");
                w.Line("/// <inheritdoc/>");
                w.Line($"string {Refusal}.{RuntimeContract.ICudaRefusal.CudaRefusal} => \"layer {Literals.Int(index + 1)} ({LayerStackEmitter.Shape(spatial)})\";");
                w.Close();
                return w.ToString();
            }

            w.Open($"partial class {spec.TypeName} : {Interface}");
            w.Line("/// <summary>The network's CUDA C device code (one lane per thread): f and its vector-Jacobian product.</summary>");
            w.Line("internal const string CudaDeviceCode =");
            w.StringLines(DeviceCode(spec));

            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line($"string {Interface}.{RuntimeContract.ICudaDynamics.CudaDeviceCode} => CudaDeviceCode;");
            w.Close();
            return w.ToString();
        }

        /// <summary>The CUDA C text (lines end in '\n'; the last line too).</summary>
        public static string DeviceCode(DynamicsSpec spec)
        {
            var layout = new CudaLayout(spec);
            var w = new SourceWriter();
            w.Line($"// {spec.TypeName}: generated device code, {Literals.Int(spec.StateSize)} states, {Literals.Int(spec.ParameterCount)} parameters ({spec.Element}).");
            w.Line($"typedef {spec.Element} {Element};");
            w.Line($"#define ODE_N {Literals.Int(spec.StateSize)}");
            w.Line($"#define ODE_P {Literals.Int(spec.ParameterCount)}");
            w.Line($"#define ODE_GRADIENT_WIDTH {Literals.Int(spec.MaxWidth)}");
            w.Line();
            CudaActivationPrinter.Emit(w, ActivationTable.UsedBy(spec.Layers), spec.IsDouble);
            w.Line("// Every layer's values of one evaluation, kept for the backward pass.");
            w.Open("struct OdeTape");
            foreach (string array in layout.Arrays)
            {
                w.Line($"{Element} {array};");
            }

            if (layout.Arrays.Count == 0)
            {
                w.Line($"{Element} unused;");
            }

            w.Close(";");
            w.Line();
            w.Open("struct OdeNetwork");
            EmitForward(w, spec, layout);
            w.Line();
            w.Open($"__device__ static void f({Element} t, const {Element}* y, {Element}* dydt, const {Element}* p)");
            w.Line("OdeTape s;");
            w.Line("forward(t, y, p, s);");
            w.Line($"for (int c = 0; c < {Literals.Int(spec.StateSize)}; ++c) dydt[c] = {layout.Outputs[layout.Outputs.Length - 1]}[c];");
            w.Close();
            w.Line();
            EmitVjp(w, spec, layout);
            w.Close(";");
            return w.ToString();
        }

        private static void EmitForward(SourceWriter w, DynamicsSpec spec, CudaLayout layout)
        {
            w.Open($"__device__ static void forward({Element} t, const {Element}* y, const {Element}* p, OdeTape& s)");
            w.Line("(void)t;");
            for (int k = 0; k < spec.Layers.Count; k++)
            {
                LayerSpec layer = spec.Layers[k];
                string input = layout.Inputs[k];
                w.Line($"// Layer {Literals.Int(k + 1)}: {(layer.IsDense ? "Dense" : "Pointwise")} {Literals.Int(layer.Inputs)} -> {Literals.Int(layer.Outputs)}, {layer.Activation}.");
                if (layer.IsDense)
                {
                    string bias = layer.Bias ? $"p[{Literals.Int(layer.BiasOffset)} + o]" : $"({Element})0.0";
                    w.Open($"for (int o = 0; o < {Literals.Int(layer.Outputs)}; ++o)");
                    w.Line($"const {Element}* row = p + {Literals.Int(layer.WeightOffset)} + o * {Literals.Int(layer.Columns)};");
                    w.Line($"{Element} z = {bias};");
                    w.Line($"for (int j = 0; j < {Literals.Int(layer.Inputs)}; ++j) " + ProductSum.CudaAccumulate(layer.FusedMultiplyAdd, "z", "row[j]", input + "[j]"));
                    if (layer.TimeInput)
                    {
                        w.Line(ProductSum.CudaAccumulate(layer.FusedMultiplyAdd, "z", $"row[{Literals.Int(layer.Inputs)}]", "t"));
                    }

                    w.Line($"{layout.Pre[k]}[o] = z;");
                    if (layer.Activation != ActivationKind.Identity)
                    {
                        w.Line($"{layout.Outputs[k]}[o] = {Activate(layout, layer, k, "z", "o")};");
                    }

                    w.Close();
                }
                else if (layer.Activation != ActivationKind.Identity)
                {
                    w.Line($"for (int c = 0; c < {Literals.Int(layer.Outputs)}; ++c) {layout.Outputs[k]}[c] = {Activate(layout, layer, k, input + "[c]", "c")};");
                }
            }

            w.Close();
        }

        /// <summary>The call of layer <paramref name="k"/>'s activation on <paramref name="argument"/>, keeping its exponential at <paramref name="index"/>.</summary>
        private static string Activate(CudaLayout layout, LayerSpec layer, int k, string argument, string index) =>
            layout.Kept[k] is { } kept
                ? $"{CudaActivationPrinter.ForwardName(layer.Activation)}({argument}, &{kept}[{index}])"
                : $"{CudaActivationPrinter.ForwardName(layer.Activation)}({argument})";

        /// <summary>
        /// The reverse pass, as the C# kernel: the cotangent in gradient buffer A, each dense layer writing Wᵀg into the
        /// other buffer; parameter gradients are added, in double, at <c>dtheta[q * stride]</c> (one lane's column of
        /// a parameter-major array).
        /// </summary>
        private static void EmitVjp(SourceWriter w, DynamicsSpec spec, CudaLayout layout)
        {
            string e = Element;
            w.Open($"__device__ static void vjp({e} t, const {e}* y, const {e}* a, {e}* dy, double* dtheta, int stride, const {e}* p)");
            w.Line("OdeTape s;");
            w.Line("forward(t, y, p, s);");
            w.Line($"{e} ga[ODE_GRADIENT_WIDTH], gb[ODE_GRADIENT_WIDTH];");
            w.Line($"for (int c = 0; c < {Literals.Int(spec.StateSize)}; ++c) ga[c] = a[c];");
            string current = "ga", other = "gb";
            for (int k = spec.Layers.Count - 1; k >= 0; k--)
            {
                LayerSpec layer = spec.Layers[k];
                string input = layout.Inputs[k];
                w.Line($"// Layer {Literals.Int(k + 1)}.");
                bool denseBefore = spec.Layers.Take(k).Any(l => l.IsDense);
                if (layer.Activation != ActivationKind.Identity)
                {
                    // Before the first dense layer only dy needs the gradient (as in the C# kernel).
                    string guard = !layer.IsDense && !denseBefore ? "if (dy) " : string.Empty;
                    string value = layout.Kept[k] ?? (layer.IsDense ? layout.Pre[k] : input);
                    w.Line($"{guard}for (int c = 0; c < {Literals.Int(layer.Outputs)}; ++c) {current}[c] = {CudaActivationPrinter.BackwardName(layer.Activation)}({current}[c], {value}[c]);");
                }

                if (!layer.IsDense)
                {
                    continue;
                }

                string columns = Literals.Int(layer.Columns), weights = Literals.Int(layer.WeightOffset);
                w.Open("if (dtheta)");
                w.Open($"for (int o = 0; o < {Literals.Int(layer.Outputs)}; ++o)");
                w.Line($"{e} go = {current}[o];");
                w.Line($"double* row = dtheta + (long long)({weights} + o * {columns}) * stride;");
                w.Line($"for (int j = 0; j < {Literals.Int(layer.Inputs)}; ++j) row[(long long)j * stride] += (double)(go * {input}[j]);");
                if (layer.TimeInput)
                {
                    w.Line($"row[(long long){Literals.Int(layer.Inputs)} * stride] += (double)(go * t);");
                }

                if (layer.Bias)
                {
                    w.Line($"dtheta[(long long)({Literals.Int(layer.BiasOffset)} + o) * stride] += (double)go;");
                }

                w.Close();
                w.Close();
                w.Open(denseBefore ? "// W^T g" : "if (dy)");
                w.Open($"for (int j = 0; j < {Literals.Int(layer.Inputs)}; ++j)");
                w.Line($"{e} sum = ({e})0.0;");
                w.Line($"for (int o = 0; o < {Literals.Int(layer.Outputs)}; ++o) " + ProductSum.CudaAccumulate(layer.FusedMultiplyAdd, "sum", $"p[{weights} + j + o * {columns}]", current + "[o]"));
                w.Line($"{other}[j] = sum;");
                w.Close();
                w.Close();
                (current, other) = (other, current);
            }

            w.Line($"if (dy) for (int c = 0; c < {Literals.Int(spec.StateSize)}; ++c) dy[c] += {current}[c];");
            w.Close();
        }

        /// <summary>Where each layer reads and writes, as C expressions: the state, or arrays of the tape.</summary>
        private sealed class CudaLayout
        {
            public CudaLayout(DynamicsSpec spec)
            {
                int count = spec.Layers.Count;
                Inputs = new string[count];
                Pre = new string[count];
                Outputs = new string[count];
                Kept = new string?[count];
                string input = "y";
                for (int k = 0; k < count; k++)
                {
                    LayerSpec layer = spec.Layers[k];
                    Inputs[k] = input;
                    string number = Literals.Int(k + 1), width = Literals.Int(layer.Outputs);
                    if (layer.IsDense)
                    {
                        Pre[k] = "s.pre" + number;
                        Arrays.Add($"pre{number}[{width}]");
                    }
                    else
                    {
                        Pre[k] = input;
                    }

                    if (layer.Activation == ActivationKind.Identity)
                    {
                        Outputs[k] = Pre[k];
                    }
                    else
                    {
                        Outputs[k] = "s.out" + number;
                        Arrays.Add($"out{number}[{width}]");
                    }

                    if (ActivationTable.KeepsExponential(layer.Activation))
                    {
                        Kept[k] = "s.kept" + number;
                        Arrays.Add($"kept{number}[{width}]");
                    }

                    input = Outputs[k];
                }
            }

            public string[] Inputs { get; }

            public string[] Pre { get; }

            public string[] Outputs { get; }

            /// <summary>Where tanh and sigmoid layers keep their exponential for the backward pass (null for others).</summary>
            public string?[] Kept { get; }

            public List<string> Arrays { get; } = new();
        }
    }
}

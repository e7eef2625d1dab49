using System;
using System.Collections.Generic;
using System.Linq;
using OdeKernels.Generators.Common;
using OdeKernels.Generators.Layers;
using static OdeKernels.Generators.Layers.LayerStackEmitter;

namespace OdeKernels.Generators.Dynamics;

public sealed partial class DynamicsGenerator
{
    /// <summary>The CUDA C nonlinearities: the C# kernels' formulas, term for term (see <c>Emitter.Activations.cs</c>).</summary>
    internal static partial class CudaEmitter
    {
        private static string Name(ActivationKind activation) => activation.ToString().ToLowerInvariant();

        /// <summary>A constant of the element type; for float the double literal is rounded once, as in the C# kernels.</summary>
        private static string Const(double value) => $"(ode_t){Literals.CDouble(value)}";

        /// <summary>
        /// <c>ode_forward_X(x)</c> and <c>ode_backward_X(g, v)</c> = g·X'(x) for every activation the network uses (v is
        /// the output for tanh and sigmoid, the input otherwise). <c>ode_exp</c>, <c>ode_log</c>, <c>ode_sin</c>,
        /// <c>ode_cos</c>, <c>ode_abs</c> and <c>ode_max0</c> (max(x, 0), NaN kept) come from the solver's prelude.
        /// </summary>
        private static void EmitActivations(SourceWriter w, DynamicsSpec spec)
        {
            var used = new SortedSet<ActivationKind>(spec.Layers.Select(l => l.Activation).Where(a => a != ActivationKind.Identity));
            if (used.Contains(ActivationKind.Gelu))
            {
                used.Add(ActivationKind.Tanh);
            }

            string one = Const(1), zero = Const(0);
            foreach (ActivationKind activation in used)
            {
                string[] forward, backward;
                switch (activation)
                {
                    case ActivationKind.Tanh:
                        forward = new[]
                        {
                            $"ode_t e = ode_exp({Const(-2)} * ode_abs(x));",
                            $"ode_t r = ({one} - e) / ({one} + e);",
                            $"return x < {zero} ? -r : r;",
                        };
                        backward = new[] { $"return g * ({one} - (y * y));" };
                        break;
                    case ActivationKind.Relu:
                        forward = new[] { "return ode_max0(x);" };
                        backward = new[] { $"return x > {zero} ? g : {zero};" };
                        break;
                    case ActivationKind.Softplus:
                        forward = new[]
                        {
                            "ode_t e = ode_exp(-ode_abs(x));",
                            $"ode_t u = {one} + e;",
                            $"ode_t log1p = u == {one} ? e : ode_log(u) * (e / (u - {one}));",
                            "return ode_max0(x) + log1p;",
                        };
                        backward = new[] { $"return g * ({one} / ({one} + ode_exp(-x)));" };
                        break;
                    case ActivationKind.Sigmoid:
                        forward = new[] { $"return {one} / ({one} + ode_exp(-x));" };
                        backward = new[] { $"return g * (y * ({one} - y));" };
                        break;
                    case ActivationKind.Silu:
                        forward = new[] { $"return x * ({one} / ({one} + ode_exp(-x)));" };
                        backward = new[]
                        {
                            $"ode_t sigmoid = {one} / ({one} + ode_exp(-x));",
                            $"return g * (sigmoid * ({one} + (x * ({one} - sigmoid))));",
                        };
                        break;
                    case ActivationKind.Gelu:
                        forward = new[]
                        {
                            $"ode_t u = {Const(GeluScale)} * (x + ({Const(GeluCubic)} * (x * x * x)));",
                            $"return {Const(0.5)} * x * ({one} + ode_forward_tanh(u));",
                        };
                        backward = new[]
                        {
                            "ode_t x2 = x * x;",
                            $"ode_t th = ode_forward_tanh({Const(GeluScale)} * (x + ({Const(GeluCubic)} * (x2 * x))));",
                            $"ode_t du = {Const(GeluScale)} * ({one} + ({Const(3 * GeluCubic)} * x2));",
                            $"return g * (({Const(0.5)} * ({one} + th)) + ({Const(0.5)} * x * ({one} - (th * th)) * du));",
                        };
                        break;
                    case ActivationKind.Sin:
                        forward = new[] { "return ode_sin(x);" };
                        backward = new[] { "return g * ode_cos(x);" };
                        break;
                    case ActivationKind.Cube:
                        forward = new[] { "return x * x * x;" };
                        backward = new[] { $"return g * ({Const(3)} * (x * x));" };
                        break;
                    default:
                        throw new InvalidOperationException("Unexpected activation " + activation);
                }

                string name = Name(activation), value = UsesOutput(activation) ? "y" : "x";
                w.Open($"__device__ __forceinline__ ode_t ode_forward_{name}(ode_t x)");
                foreach (string line in forward)
                {
                    w.Line(line);
                }

                w.Close();
                w.Line();
                w.Open($"__device__ __forceinline__ ode_t ode_backward_{name}(ode_t g, ode_t {value})");
                foreach (string line in backward)
                {
                    w.Line(line);
                }

                w.Close();
                w.Line();
            }
        }
    }
}

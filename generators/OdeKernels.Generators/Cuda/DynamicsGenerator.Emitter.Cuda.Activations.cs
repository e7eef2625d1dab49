using System;
using System.Collections.Generic;
using System.Linq;
using OdeKernels.Generators.Common;
using OdeKernels.Generators.Layers;
using static OdeKernels.Generators.Layers.LayerStackEmitter;

namespace OdeKernels.Generators.Dynamics;

public sealed partial class DynamicsGenerator
{
    /// <summary>The CUDA C nonlinearities: the C# kernels' formulas, term for term (see <c>LayerStackEmitter.Activations.cs</c>).</summary>
    internal static partial class CudaEmitter
    {
        private static string Name(ActivationKind activation) => activation.ToString().ToLowerInvariant();

        /// <summary>A constant of the element type; for float the double literal is rounded once, as in the C# kernels.</summary>
        private static string Const(double value) => $"(ode_t){Literals.CDouble(value)}";

        /// <summary>
        /// <c>ode_forward_X(x)</c> (tanh and sigmoid: <c>ode_forward_X(x, &amp;e)</c>, keeping the exponential their
        /// derivative is computed from) and <c>ode_backward_X(g, v)</c> = g·X'(x) for every activation the network
        /// uses (v is the kept e for tanh and sigmoid, x otherwise): the formulas of the C# kernels
        /// (<see cref="LayerStackEmitter.EmitActivations"/>), operation for operation, with the device's exp, log and (float
        /// tanh) expm1.
        /// <c>ode_exp</c>, <c>ode_log</c>, <c>ode_sin</c>, <c>ode_cos</c>, <c>ode_abs</c> and <c>ode_max0</c> (max(x, 0),
        /// NaN kept) come from the solver's prelude.
        /// </summary>
        private static void EmitActivations(SourceWriter w, DynamicsSpec spec)
        {
            var used = new SortedSet<ActivationKind>(spec.Layers.Select(l => l.Activation).Where(a => a != ActivationKind.Identity));
            string one = Const(1), zero = Const(0);

            // σ(s) with e = exp(−|s|): 1/(1 + e) for s ≥ 0, e/(1 + e) for s < 0.
            string Sigmoid(string sign) => $"({sign} < {zero} ? e : {one}) / ({one} + e)";
            foreach (ActivationKind activation in used)
            {
                string[] forward, backward;
                switch (activation)
                {
                    case ActivationKind.Tanh:
                        // Float: tanh|x| = −m / (2 + m), m = expm1(−2|x|); double: Cephes' rational function below 0.625.
                        forward = !spec.IsDouble
                            ? new[]
                            {
                                $"ode_t a = {Const(-2)} * ode_abs(x);",
                                "ode_t e = ode_exp(a);",
                                "*kept = e;",
                                "ode_t m = expm1f(a);",
                                $"return copysignf(ode_abs(m) / (m + {Const(2)}), x);",
                            }
                            : new[]
                            {
                                "ode_t ax = ode_abs(x);",
                                $"ode_t e = ode_exp({Const(-2)} * ax);",
                                "*kept = e;",
                                $"ode_t large = ({one} - e) / ({one} + e);",
                                $"large = x < {zero} ? -large : large;",
                                "ode_t z = x * x;",
                                $"ode_t small = {TanhSmall()};",
                                $"return ax < {Const(LayerStackEmitter.TanhSmall)} ? small : large;",
                            };
                        backward = new[] { $"ode_t d = {one} + e;", $"return g * (({Const(4)} * e) / (d * d));" };
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
                        backward = new[] { "ode_t e = ode_exp(-ode_abs(x));", $"return g * ({Sigmoid("x")});" };
                        break;
                    case ActivationKind.Sigmoid:
                        forward = new[] { "ode_t e = ode_exp(-ode_abs(x));", "*kept = e;", $"return {Sigmoid("x")};" };
                        backward = new[] { $"ode_t d = {one} + e;", "return g * (e / (d * d));" };
                        break;
                    case ActivationKind.Silu:
                        forward = new[] { "ode_t e = ode_exp(-ode_abs(x));", $"return x * ({Sigmoid("x")});" };
                        backward = new[]
                        {
                            "ode_t e = ode_exp(-ode_abs(x));",
                            $"ode_t d = {one} + e;",
                            $"ode_t sigmoid = (x < {zero} ? e : {one}) / d;",
                            $"ode_t complement = (x < {zero} ? {one} : e) / d;",
                            $"return g * (sigmoid * ({one} + (x * complement)));",
                        };
                        break;
                    case ActivationKind.Gelu:
                        forward = new[]
                        {
                            $"ode_t s = {Const(2 * GeluScale)} * (x + ({Const(GeluCubic)} * (x * x * x)));",
                            "ode_t e = ode_exp(-ode_abs(s));",
                            $"return x * ({Sigmoid("s")});",
                        };
                        backward = new[]
                        {
                            "ode_t x2 = x * x;",
                            $"ode_t s = {Const(2 * GeluScale)} * (x + ({Const(GeluCubic)} * (x2 * x)));",
                            "ode_t e = ode_exp(-ode_abs(s));",
                            $"ode_t d = {one} + e;",
                            $"ode_t slope = (x * (e / (d * d))) * ({Const(2 * GeluScale)} * ({one} + ({Const(3 * GeluCubic)} * x2)));",
                            $"return g * (({Sigmoid("s")}) + (e == {zero} ? {zero} : slope));",
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

                bool keeps = KeepsExponential(activation);
                string name = Name(activation), value = keeps ? "e" : "x";
                w.Open($"__device__ __forceinline__ ode_t ode_forward_{name}(ode_t x{(keeps ? ", ode_t* kept" : string.Empty)})");
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

        /// <summary>Double tanh for |x| &lt; 0.625 from x and z = x², as the C# kernels evaluate it.</summary>
        private static string TanhSmall()
        {
            string numerator = $"(((({Const(TanhDoubleP[0])} * z) + {Const(TanhDoubleP[1])}) * z) + {Const(TanhDoubleP[2])})";
            string denominator = $"(((((z + {Const(TanhDoubleQ[0])}) * z) + {Const(TanhDoubleQ[1])}) * z) + {Const(TanhDoubleQ[2])})";
            return $"x + (((x * z) * {numerator}) / {denominator})";
        }
    }
}

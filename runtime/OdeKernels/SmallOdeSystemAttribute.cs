using System;

namespace OdeKernels;

/// <summary>
/// Asks the source generator to compile a struct <see cref="IOdeSystem{T}"/> for one trajectory as well: from the
/// struct's own span-based <see cref="IOdeSystem{T}.Evaluate"/> it generates the by-value form
/// <see cref="ISmallOdeSystem{T, TState}"/> over <see cref="State2{T}"/>, <see cref="State3{T}"/> or
/// <see cref="State4{T}"/> (every <c>y[k]</c> and <c>dydt[k]</c> becomes a local variable), and every
/// <c>Ode.Solve</c>/<c>Ode.SolveInto</c> on the CPU of one trajectory of the struct, or of fewer than fill a hardware
/// vector, then runs the state path trajectory by trajectory: the stages stay in registers instead of passing through
/// memory at every evaluation, with the same steps and bits.
/// </summary>
/// <remarks>
/// The struct must be a top-level, non-generic <c>partial struct</c> implementing <see cref="IOdeSystem{T}"/> of
/// <see cref="float"/> or <see cref="double"/>, whose <see cref="IOdeSystem{T}.StateSize"/> returns a constant 2, 3
/// or 4 and whose <see cref="IOdeSystem{T}.Evaluate"/> is made of local declarations, assignments, blocks and
/// <c>if</c>/<c>else</c>, reads <c>y[k]</c> and assigns every <c>dydt[k]</c> on every path, with constant indices, and
/// reads a <c>dydt[k]</c> only after every path to it has assigned it; the generator reports what it
/// cannot translate (ODEK5NN). The struct's other members (fields holding parameters, methods) are used as they are.
/// With <see cref="SolverOptions.FusedMultiplyAdd"/> such a solve fuses its stage combinations as the state path does,
/// and runs a second generated form of <see cref="IOdeSystem{T}.Evaluate"/> whose multiply-adds are contracted as C
/// compilers contract them by default (a·b + c, c + a·b, a·b − c, c − a·b of one floating-point type, and
/// <c>x += a·b</c>, <c>x -= a·b</c>, each one fused multiply-add with its operands evaluated in source order; constant
/// products are folded, not fused): the arithmetic of the same right-hand side in C++ at <c>-O3</c>, other bits
/// than the span path's. Without the flag the solve keeps the span path's bits.
/// <para>Thread safety: read by the source generator at compile time; it has no run-time state.</para>
/// </remarks>
/// <example>
/// <code>
/// [SmallOdeSystem]
/// public partial struct LotkaVolterra : IOdeSystem&lt;double&gt;
/// {
///     public int StateSize => 2;
///     public void Evaluate(double t, ReadOnlySpan&lt;double&gt; y, Span&lt;double&gt; dydt)
///     {
///         dydt[0] = (1.5 * y[0]) - (y[0] * y[1]);
///         dydt[1] = (-3 * y[1]) + (y[0] * y[1]);
///     }
/// }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class SmallOdeSystemAttribute : Attribute
{
}

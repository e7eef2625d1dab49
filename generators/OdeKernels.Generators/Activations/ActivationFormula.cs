using System;
using System.Collections.Generic;
using System.Linq;
using OdeKernels.Generators.Layers;

namespace OdeKernels.Generators.Activations;

/// <summary>
/// One activation of <see cref="ActivationTable"/>: its forward pass (per precision, where the accurate formula
/// differs), its derivative and its second derivative, as bodies of statements that both printers render.
/// </summary>
/// <param name="Kind">The activation.</param>
/// <param name="FloatForward">x ↦ X(x) for float.</param>
/// <param name="DoubleForward">x ↦ X(x) for double.</param>
/// <param name="Backward">
/// (g, v) ↦ g·X'(x), where v is the kept exponential <c>e</c> if the forward pass keeps one
/// (<see cref="KeepsExponential"/>) and x otherwise.
/// </param>
/// <param name="Second">
/// (g, x, y[, e]) ↦ g·X''(x), with y = X(x) the forward pass's output and e its kept exponential if it keeps one: the
/// curvature the reverse pass over a forward-mode (Jacobian–vector) pass needs, e.g. for the gradient of the exact
/// divergence tr ∂f/∂y. Linear in g, so a kernel may sum the tangent terms of a unit before calling it once.
/// </param>
internal sealed record ActivationFormula(ActivationKind Kind, ActivationBody FloatForward, ActivationBody DoubleForward, ActivationBody Backward, ActivationBody Second)
{
    /// <summary>A formula whose forward pass is the same for float and double.</summary>
    public ActivationFormula(ActivationKind kind, ActivationBody forward, ActivationBody backward, ActivationBody second)
        : this(kind, forward, forward, backward, second)
    {
    }

    /// <summary>The inputs of <see cref="Second"/> besides g, in the order of its parameters: x, y and, if kept, e.</summary>
    public string[] SecondInputs => KeepsExponential
        ? new[] { "x", ActivationExpression.OutputName, ActivationExpression.KeptName }
        : new[] { "x", ActivationExpression.OutputName };

    /// <summary>
    /// Whether the forward pass keeps a second value per unit for the backward pass (the exponential <c>e</c>, see
    /// <see cref="ActivationTable"/>), which then takes e in place of x. The same in both precisions (the table checks it).
    /// </summary>
    public bool KeepsExponential => FloatForward.KeepsExponential;

    /// <summary>What the derivative reads besides g: <c>e</c> if the forward pass keeps it, otherwise <c>x</c>.</summary>
    public string BackwardInput => KeepsExponential ? ActivationExpression.KeptName : "x";

    public ActivationBody Forward(bool isDouble) => isDouble ? DoubleForward : FloatForward;

    /// <summary>The bodies a kernel of the given precision uses: its forward pass and the derivative, and the second derivative if <paramref name="second"/>.</summary>
    public IEnumerable<ActivationBody> Bodies(bool isDouble, bool second = false) =>
        second ? new[] { Forward(isDouble), Backward, Second } : new[] { Forward(isDouble), Backward };
}

/// <summary>
/// The statements of one function of an activation, in order, the last a <see cref="Return"/>. The comments say why
/// the formula is written as it is; the C# printer writes them above the statements.
/// </summary>
internal sealed record ActivationBody(string[] Comments, params ActivationStatement[] Statements)
{
    public ActivationBody(params ActivationStatement[] statements)
        : this(Array.Empty<string>(), statements)
    {
    }

    /// <summary>Whether the body sets the kept exponential.</summary>
    public bool KeepsExponential => Statements.Any(s => s is KeepExponential or KeepExponentialMinusOne);

    /// <summary>Every expression node of the body.</summary>
    public IEnumerable<ActivationExpression> Nodes() => Statements.SelectMany(s => s.Value.Nodes());
}

/// <summary>One statement of an <see cref="ActivationBody"/>.</summary>
/// <param name="Value">The expression it evaluates.</param>
internal abstract record ActivationStatement(ActivationExpression Value);

/// <summary>A new temporary <paramref name="Name"/> = <paramref name="Value"/> (a lane mask if the value is a comparison).</summary>
internal sealed record Let(string Name, ActivationExpression Value) : ActivationStatement(Value);

/// <summary>Overwrites the temporary <paramref name="Name"/>.</summary>
internal sealed record Assign(string Name, ActivationExpression Value) : ActivationStatement(Value);

/// <summary>Sets the kept exponential <c>e</c> = <paramref name="Value"/>, which the forward pass hands out for the derivative.</summary>
internal sealed record KeepExponential(ActivationExpression Value) : ActivationStatement(Value);

/// <summary>
/// <paramref name="Name"/> = e^a − 1 and the kept exponential e = e^a for a = <paramref name="Value"/> ≤ 0, accurate
/// for tiny a where e^a − 1 would cancel: in C# both from one argument reduction (<c>FastExpm1</c>), in CUDA C from the
/// device's exp and expm1 of the argument bound to <paramref name="Argument"/>. Float only: double kernels have no
/// fast exponential of their own.
/// </summary>
internal sealed record KeepExponentialMinusOne(string Name, string Argument, ActivationExpression Value) : ActivationStatement(Value);

/// <summary>The function's result.</summary>
internal sealed record Return(ActivationExpression Value) : ActivationStatement(Value);

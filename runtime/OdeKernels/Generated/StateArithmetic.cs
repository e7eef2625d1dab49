using System.ComponentModel;

namespace OdeKernels.Generated;

/// <summary>
/// The arithmetic of the generated <see cref="IRungeKuttaTableau.StepState"/> as a type: a struct type argument is a
/// constant of the code the JIT compiles for it, so an integrator loop holds the one body of the step it runs, inlined,
/// instead of a choice per step between two calls. Infrastructure for generated code; not for direct use.
/// </summary>
/// <remarks>Thread safety: stateless.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IStateArithmetic
{
    /// <summary>Whether Σ aⱼkⱼ and y + h·Σ are formed with fused multiply-adds (one rounding each, <see cref="SolverOptions.FusedMultiplyAdd"/>) instead of a multiply and an add.</summary>
    static abstract bool FusedMultiplyAdd { get; }
}

/// <summary>A multiply and an add per term, in the span path's order: the span path's bits. Infrastructure for generated code; not for direct use.</summary>
/// <remarks>Thread safety: stateless.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct PlainStateArithmetic : IStateArithmetic
{
    /// <inheritdoc/>
    public static bool FusedMultiplyAdd => false;
}

/// <summary>Fused multiply-adds (<see cref="SolverOptions.FusedMultiplyAdd"/>). Infrastructure for generated code; not for direct use.</summary>
/// <remarks>Thread safety: stateless.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct FusedStateArithmetic : IStateArithmetic
{
    /// <inheritdoc/>
    public static bool FusedMultiplyAdd => true;
}

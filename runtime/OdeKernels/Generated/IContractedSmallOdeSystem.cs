using System.ComponentModel;
using System.Numerics;

namespace OdeKernels.Generated;

/// <summary>
/// The state form of a <see cref="SmallOdeSystemAttribute"/> struct with its right-hand side's multiply-adds
/// contracted: the same statements as its <see cref="ISmallOdeSystem{T, TState}.Evaluate"/>, with every a·b + c,
/// c + a·b, a·b − c and c − a·b of one floating-point type (and every <c>x += a·b</c>, <c>x -= a·b</c>) computed as one
/// fused multiply-add, one rounding instead of two, as C and C++ compilers contract by default
/// (<c>-ffp-contract=fast</c>). The generator implements it explicitly; solves call it under
/// <see cref="SolverOptions.FusedMultiplyAdd"/>. Infrastructure for generated code; not for direct use.
/// </summary>
/// <typeparam name="T">The floating-point type.</typeparam>
/// <typeparam name="TState">The state type.</typeparam>
/// <remarks>Thread safety: as <see cref="ISmallOdeSystem{T, TState}"/>.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IContractedSmallOdeSystem<T, TState>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TState : struct, IStateVector<TState, T>
{
    /// <summary>f(<paramref name="t"/>, <paramref name="y"/>) with the multiply-adds contracted.</summary>
    /// <param name="t">The time.</param>
    /// <param name="y">The state.</param>
    /// <returns>The derivative.</returns>
    TState EvaluateContracted(T t, TState y);
}

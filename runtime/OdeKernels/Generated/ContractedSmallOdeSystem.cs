using System.Numerics;
using System.Runtime.CompilerServices;

namespace OdeKernels.Generated;

/// <summary>
/// A <see cref="SmallOdeSystemAttribute"/> struct seen through its contracted right-hand side
/// (<see cref="IContractedSmallOdeSystem{T, TState}.EvaluateContracted"/>), so that the state solve, which calls
/// <see cref="ISmallOdeSystem{T, TState}.Evaluate"/>, runs it. A struct holding the system by value: the JIT compiles
/// the solve for it and inlines the call, as for the system itself.
/// </summary>
internal struct ContractedSmallOdeSystem<TSystem, T, TState> : ISmallOdeSystem<T, TState>
    where TSystem : IContractedSmallOdeSystem<T, TState>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TState : struct, IStateVector<TState, T>
{
    private TSystem _system;

    public ContractedSmallOdeSystem(TSystem system) => _system = system;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TState Evaluate(T t, TState y) => _system.EvaluateContracted(t, y);
}

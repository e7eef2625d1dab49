using System;

namespace OdeKernels.Generated;

/// <summary>
/// The O(1) checks of the generated state forms' entries (<see cref="SmallSystemForm{TSystem, T}"/>,
/// <see cref="ContractedStateForm{TSystem, T, TState}"/>): the solve that calls them validated its inputs already, so
/// only what a call from elsewhere could get wrong is checked again.
/// </summary>
internal static class StateFormArguments
{
    /// <summary>Throws unless the lengths fit a state of <paramref name="size"/> values and the tableau and backend can run a state form.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="y0Length"/> or <paramref name="statesLength"/> is wrong, or there are no save times.</exception>
    /// <exception cref="NotSupportedException">The tableau has no state step, or the backend is CUDA.</exception>
    public static void Check<TTableau>(int size, int y0Length, int statesLength, int saves, SolverOptions options)
        where TTableau : struct, IRungeKuttaTableau
    {
        ArgumentNullException.ThrowIfNull(options);
        if (y0Length != size || statesLength != (long)saves * size || saves == 0)
        {
            throw new ArgumentException($"y0 must hold {size} values and states saves × {size}, but they hold {y0Length} and {statesLength} for {saves} saves.", "states");
        }

        if (!TTableau.HasStateStep || options.Backend == Backend.Cuda)
        {
            throw new NotSupportedException($"A state form solves on the CPU with a tableau that has a state step; {typeof(TTableau).Name} on {options.Backend} does not qualify.");
        }
    }
}

using System;
using System.Numerics;
using OdeKernels.Solving;

namespace OdeKernels;

public static partial class Ode
{
    /// <summary>
    /// Solves as <see cref="Solve{TSystem, TTableau, T}(TSystem, TTableau, ReadOnlySpan{T}, ReadOnlySpan{T}, SolverOptions?)"/> but writes the states into <paramref name="states"/> and
    /// returns only the work done, so that a solve inside a loop (a parameter sweep, a model inside a simulation)
    /// allocates nothing: on the CPU, for one lane or fewer lanes than fill a hardware vector, nothing is allocated
    /// after the first call (small systems keep their buffers on the stack, larger ones rent them). Other solves
    /// run as <see cref="Solve{TSystem, TTableau, T}(TSystem, TTableau, ReadOnlySpan{T}, ReadOnlySpan{T}, SolverOptions?)"/> does and copy its states.
    /// </summary>
    /// <typeparam name="TSystem">The right-hand side; a struct is inlined into the generated step.</typeparam>
    /// <typeparam name="TTableau">The Runge-Kutta method (a struct marked <see cref="ButcherTableauAttribute"/>).</typeparam>
    /// <typeparam name="T">The floating-point type (<see cref="float"/> or <see cref="double"/>).</typeparam>
    /// <param name="system">The right-hand side f.</param>
    /// <param name="tableau">The Runge-Kutta method (only its type matters).</param>
    /// <param name="y0">The initial states, <c>lanes × StateSize</c> values, lane after lane.</param>
    /// <param name="saveAt">Strictly increasing times; the solve starts at the first. Lanes step exactly onto each.</param>
    /// <param name="states">Receives the states, save-major like <see cref="Solution{T}.States"/>: <c>saves × lanes × StateSize</c> values, not overlapping <paramref name="y0"/>.</param>
    /// <param name="options">Tolerances and step control; null for <see cref="SolverOptions.Default"/>.</param>
    /// <returns>The work done, totalled over lanes.</returns>
    /// <exception cref="ArgumentException">An input is malformed (the message names it and its value), or <paramref name="states"/> has the wrong length or overlaps <paramref name="y0"/>.</exception>
    /// <exception cref="OdeSolveException">A lane's step size underflowed, its state became non-finite, or it exceeded <see cref="SolverOptions.MaxSteps"/>.</exception>
    public static SolverStats SolveInto<TSystem, TTableau, T>(TSystem system, TTableau tableau, ReadOnlySpan<T> y0, ReadOnlySpan<T> saveAt, Span<T> states, SolverOptions? options = null)
        where TSystem : IOdeSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Boxes a struct system only inside the branch a struct never takes (unoptimised code would box it per call).
        if (!typeof(TSystem).IsValueType)
        {
            ArgumentNullException.ThrowIfNull(system);
        }

        options ??= SolverOptions.Default;
        int stateSize = system.StateSize;
        InputValidation.CheckSolve(stateSize, y0, saveAt, options, TTableau.Info);
        long expected = (long)saveAt.Length * y0.Length;
        if (states.Length != expected)
        {
            throw new ArgumentException($"states must hold saves × lanes × StateSize = {expected} values, but its length is {states.Length}.", nameof(states));
        }

        if (states.Overlaps(y0))
        {
            throw new ArgumentException("states must not overlap y0: the solve reads y0 while it writes the states.", nameof(states));
        }

        if (options.Backend == Backend.Cpu && FewLanes.Applies<TTableau, T>(y0.Length / stateSize))
        {
            return FewLanes.Into<TSystem, TTableau, T>(system, y0, saveAt, options, states, Span<SolverStats>.Empty);
        }

        Solution<T> solution = Solve(system, tableau, y0, saveAt, options);
        solution.States.CopyTo(states);
        return solution.Stats;
    }
}

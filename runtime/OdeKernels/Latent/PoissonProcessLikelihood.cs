using System;
using System.Globalization;
using System.Numerics;

namespace OdeKernels.Latent;

/// <summary>
/// The log-likelihood of event times under an inhomogeneous Poisson process whose rate is a function of a latent ODE's
/// state (Chen et al., 2018, §5): log p(t₁, …, t_k) = Σᵢ log λ(z(tᵢ)) − ∫ from start to T of λ(z(t)) dt, for every
/// lane (sequence) with its own z0, events and window end T. The integral is an augmented state of the latent ODE
/// (dΛ/dt = λ(z)), so one solve with per-lane save times (the events, then T) gives z at every event and Λ(T), and
/// <see cref="Ode.Gradient{TSystem, TTableau, T}(TSystem, TTableau, ReadOnlySpan{T}, LaneSaveTimes{T}, LaneLossFunction{T}, SolverOptions?, AdjointMethod, int)"/>
/// with any adjoint differentiates both terms with respect to z0, the dynamics and the rate network.
/// </summary>
/// <typeparam name="TDynamics">The latent dynamics.</typeparam>
/// <typeparam name="TTableau">The Runge–Kutta method.</typeparam>
/// <typeparam name="T">float or double.</typeparam>
/// <remarks>
/// The rate network maps z to one value, which must be positive (give its last layer a positive activation such as
/// <see cref="Activation.Softplus"/>). Each call allocates its buffers.
/// <para>Thread safety: concurrent calls are allowed as the dynamics and the rate network allow them (the solver
/// calls them from several threads anyway); the gradients written must not be shared between concurrent calls.</para>
/// </remarks>
public sealed class PoissonProcessLikelihood<TDynamics, TTableau, T>
    where TDynamics : IDifferentiableSystem<T>
    where TTableau : struct, IRungeKuttaTableau
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the likelihood over <paramref name="dynamics"/> and <paramref name="rate"/> (not copied).</summary>
    /// <param name="dynamics">The latent dynamics f(t, z; θ_f).</param>
    /// <param name="rate">The rate λ(z; θ_λ): StateSize inputs, one positive output.</param>
    /// <param name="solver">Tolerances and step control; null for <see cref="SolverOptions.Default"/>.</param>
    /// <param name="adjoint">How to differentiate through the solve.</param>
    /// <exception cref="ArgumentException">The rate network's widths do not fit; the message names them.</exception>
    public PoissonProcessLikelihood(TDynamics dynamics, INetwork<T> rate, SolverOptions? solver = null, AdjointMethod adjoint = AdjointMethod.Backsolve)
    {
        ArgumentNullException.ThrowIfNull(dynamics);
        ArgumentNullException.ThrowIfNull(rate);
        if (rate.Inputs != dynamics.StateSize || rate.Outputs != 1)
        {
            throw new ArgumentException($"The rate network maps {rate.Inputs} to {rate.Outputs} values; it must map the latent state ({dynamics.StateSize} values) to one rate.", nameof(rate));
        }

        Dynamics = dynamics;
        Rate = rate;
        Solver = solver ?? SolverOptions.Default;
        Adjoint = adjoint;
    }

    /// <summary>The latent dynamics.</summary>
    public TDynamics Dynamics { get; }

    /// <summary>The rate network.</summary>
    public INetwork<T> Rate { get; }

    /// <summary>The solver options.</summary>
    public SolverOptions Solver { get; }

    /// <summary>The adjoint.</summary>
    public AdjointMethod Adjoint { get; }

    /// <summary>
    /// Returns Σ over lanes of log p(events) and adds its gradient with respect to z0, the dynamics' parameters and the
    /// rate network's parameters (each empty to skip it).
    /// </summary>
    /// <param name="z0">Every lane's initial latent state, StateSize values per lane.</param>
    /// <param name="start">The time the window (and z0) starts at.</param>
    /// <param name="offsets">Lanes + 1 values: lane i's events are <paramref name="eventTimes"/>[offsets[i] .. offsets[i + 1]).</param>
    /// <param name="eventTimes">The event times, strictly increasing within a lane, none before <paramref name="start"/>.</param>
    /// <param name="ends">Each lane's window end T, after its last event (and after <paramref name="start"/>).</param>
    /// <param name="dz0">Receives d log p / dz0, added, laid out like <paramref name="z0"/>; or empty.</param>
    /// <param name="dynamicsGradient">Receives d log p / dθ_f, added; or empty.</param>
    /// <param name="rateGradient">Receives d log p / dθ_λ, added; or empty.</param>
    /// <returns>The log-likelihood summed over lanes.</returns>
    /// <exception cref="ArgumentException">An input is malformed (the message names it and its value), or the rate is not positive at an event.</exception>
    /// <exception cref="OdeSolveException">A lane failed in the forward or the backward pass.</exception>
    public double Evaluate(ReadOnlySpan<T> z0, T start, ReadOnlySpan<int> offsets, ReadOnlySpan<T> eventTimes, ReadOnlySpan<T> ends, Span<T> dz0, Span<T> dynamicsGradient, Span<T> rateGradient)
    {
        int latent = Dynamics.StateSize, state = latent + 1;
        LaneSaveTimes<T> events = new(start, offsets, eventTimes);
        int lanes = events.Lanes;
        Reparameterization.CheckLength(z0.Length, lanes * latent, nameof(z0));
        Reparameterization.CheckLength(ends.Length, lanes, nameof(ends));
        if (!dz0.IsEmpty)
        {
            Reparameterization.CheckLength(dz0.Length, z0.Length, nameof(dz0));
        }

        if (!dynamicsGradient.IsEmpty)
        {
            Reparameterization.CheckLength(dynamicsGradient.Length, Dynamics.ParameterCount, nameof(dynamicsGradient));
        }

        if (!rateGradient.IsEmpty)
        {
            Reparameterization.CheckLength(rateGradient.Length, Rate.ParameterCount, nameof(rateGradient));
        }

        // Save times per lane: its events, then its window end (the row that carries Λ(T)).
        var saveOffsets = new int[lanes + 1];
        var saveTimes = new T[events.Count + lanes];
        var y0 = new T[lanes * state];
        for (int i = 0; i < lanes; i++)
        {
            ReadOnlySpan<T> lane = events.Lane(i);
            T last = lane.IsEmpty ? start : lane[^1];
            if (!(ends[i] > last) || !T.IsFinite(ends[i]))
            {
                throw new ArgumentException($"ends[{i}] must be finite and after lane {i}'s last event and the start ({Format(last)}), but it is {Format(ends[i])}.", nameof(ends));
            }

            lane.CopyTo(saveTimes.AsSpan(saveOffsets[i] = offsets[i] + i));
            saveTimes[saveOffsets[i] + lane.Length] = ends[i];
            z0.Slice(i * latent, latent).CopyTo(y0.AsSpan(i * state));
        }

        saveOffsets[lanes] = saveTimes.Length;
        var saveAt = new LaneSaveTimes<T>(start, saveOffsets, saveTimes);
        var rateFromEvents = new T[Rate.ParameterCount];
        int eventCount = events.Count;
        var z = new T[eventCount * latent];
        var lambda = new T[eventCount];
        var inverse = new T[eventCount];
        var dz = new T[eventCount * latent];
        INetwork<T> rate = Rate;

        double LogLikelihood(LaneSolution<T> solution, Span<T> dLdY)
        {
            ReadOnlySpan<T> states = solution.States;
            for (int i = 0, e = 0; i < lanes; i++)
            {
                for (int row = saveOffsets[i]; row < saveOffsets[i + 1] - 1; row++, e++)
                {
                    states.Slice(row * state, latent).CopyTo(z.AsSpan(e * latent));
                }
            }

            // Σ log λ(z(tᵢ)): one batched call of the rate network over every event of every lane.
            rate.Forward(z, lambda, eventCount);
            double total = 0;
            for (int e = 0; e < eventCount; e++)
            {
                if (!(lambda[e] > T.Zero))
                {
                    throw new ArgumentException($"The rate must be positive at every event, but at event {e} it is {Format(lambda[e])}; give the rate network a positive output activation (e.g. Softplus).", "rate");
                }

                total += Math.Log(double.CreateChecked(lambda[e]));
                inverse[e] = T.One / lambda[e];
            }

            Array.Clear(dz);
            Array.Clear(rateFromEvents);
            rate.Vjp(z, inverse, dz, rateFromEvents, eventCount);
            for (int i = 0, e = 0; i < lanes; i++)
            {
                for (int row = saveOffsets[i]; row < saveOffsets[i + 1] - 1; row++, e++)
                {
                    dz.AsSpan(e * latent, latent).CopyTo(dLdY.Slice(row * state, latent));
                }

                // − Λ(T): the last row's integral component.
                int end = saveOffsets[i + 1] - 1;
                total -= double.CreateChecked(states[(end * state) + latent]);
                dLdY[(end * state) + latent] = -T.One;
            }

            return total;
        }

        var system = new PoissonProcessSystem<TDynamics, T>(Dynamics, Rate);
        LaneGradient<T> gradient = Ode.Gradient(system, default(TTableau), y0, saveAt, LogLikelihood, Solver, Adjoint);
        if (!dz0.IsEmpty)
        {
            for (int i = 0; i < lanes; i++)
            {
                for (int c = 0; c < latent; c++)
                {
                    dz0[(i * latent) + c] += gradient.InitialState[(i * state) + c];
                }
            }
        }

        int split = Dynamics.ParameterCount;
        if (!dynamicsGradient.IsEmpty)
        {
            for (int q = 0; q < split; q++)
            {
                dynamicsGradient[q] += gradient.Parameters[q];
            }
        }

        if (!rateGradient.IsEmpty)
        {
            for (int q = 0; q < rateGradient.Length; q++)
            {
                rateGradient[q] += gradient.Parameters[split + q] + rateFromEvents[q];
            }
        }

        return gradient.Loss;
    }

    private static string Format(T value) => value.ToString("R", CultureInfo.InvariantCulture);
}

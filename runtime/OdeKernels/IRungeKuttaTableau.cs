using System;
using System.Numerics;
using OdeKernels.Generated;

namespace OdeKernels;

/// <summary>
/// An explicit Runge-Kutta method with a fused, lane-vectorised step. Implemented by the source generator for every
/// struct marked <see cref="ButcherTableauAttribute"/>; the solver drives it through these static members, so the JIT
/// (or NativeAOT) specialises the whole step for each method, state type and right-hand side.
/// </summary>
/// <remarks>Thread safety: tableaux are stateless structs; their static step functions keep no state and are safe to
/// call from any number of threads.</remarks>
public interface IRungeKuttaTableau
{
    /// <summary>The tableau's coefficients and properties.</summary>
    static abstract TableauInfo Info { get; }

    /// <summary>
    /// Attempts one step for every lane of <paramref name="step"/>: evaluates stages 2..s through
    /// <paramref name="system"/> (stage 1, f(t, y), must already be in the first block of
    /// <see cref="RungeKuttaStep{T}.Stages"/>), writes the proposed solution into <see cref="RungeKuttaStep{T}.YNew"/>
    /// and, when <see cref="RungeKuttaStep{T}.ErrorSquares"/> is not empty, the sum over components of the squared
    /// scaled embedded error of each lane (Boost.Odeint's maximum norm instead with
    /// <see cref="RungeKuttaStep{T}.MaximumNorm"/>).
    /// </summary>
    /// <typeparam name="T">The floating-point type of the state.</typeparam>
    /// <typeparam name="TSystem">The batched right-hand side.</typeparam>
    /// <param name="system">The right-hand side.</param>
    /// <param name="step">The buffers of the step.</param>
    static abstract void Step<T, TSystem>(ref TSystem system, scoped ref readonly RungeKuttaStep<T> step)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSystem : struct, IBatchedOdeSystem<T>;

    /// <summary>
    /// The reverse-mode derivative of <see cref="Step"/> (step sizes held fixed), for every lane: given ȳ′ in
    /// <see cref="RungeKuttaReverse{T}.Bar"/> and the stage derivatives of the same step already in
    /// <paramref name="step"/> (from a call to <see cref="Step"/>), replaces Bar with ȳ and adds aᵀ∂f/∂θ of every
    /// stage to <see cref="RungeKuttaReverse{T}.Parameters"/>. Stages are visited last to first, with stages that
    /// cannot influence the result (weight 0 and no later use, e.g. an FSAL last stage) skipped.
    /// </summary>
    /// <typeparam name="T">The floating-point type of the state.</typeparam>
    /// <typeparam name="TSystem">The batched differentiable right-hand side.</typeparam>
    /// <param name="system">The right-hand side.</param>
    /// <param name="step">The forward step's buffers, its stage derivatives filled.</param>
    /// <param name="reverse">The cotangent buffers.</param>
    static abstract void ReverseStep<T, TSystem>(ref TSystem system, scoped ref readonly RungeKuttaStep<T> step, scoped ref readonly RungeKuttaReverse<T> reverse)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSystem : struct, IBatchedDifferentiableSystem<T>;

    /// <summary>
    /// Whether <see cref="StepLane"/> and <see cref="ReverseStepLane"/> are implemented (the generator emits them for
    /// every tableau). Solves and discrete adjoints of one or a few trajectories use them instead of the batched
    /// <see cref="Step"/> and <see cref="ReverseStep"/>; without them they take the batched path.
    /// </summary>
    static virtual bool HasLaneStep => false;

    /// <summary>
    /// Attempts one step of a single trajectory: evaluates stages 2..s through <paramref name="system"/>'s own
    /// <see cref="IOdeSystem{T}.Evaluate"/> (stage 1, f(t, y), must already be in the first block of
    /// <see cref="RungeKuttaLaneStep{T}.Stages"/>), writes the proposed solution into
    /// <see cref="RungeKuttaLaneStep{T}.YNew"/> and returns, when <see cref="RungeKuttaLaneStep{T}.EstimateError"/>
    /// is set, the sum over components of the squared scaled embedded error (else 0). Effectively
    /// <see cref="Step"/> for one lane, with the same operations in the same order (so the same bits), but with the
    /// stages unrolled over the state and no lane loop, so the right-hand side of a struct system is inlined.
    /// </summary>
    /// <typeparam name="T">The floating-point type of the state.</typeparam>
    /// <typeparam name="TSystem">The right-hand side.</typeparam>
    /// <param name="system">The right-hand side.</param>
    /// <param name="step">The buffers of the step.</param>
    /// <returns>Σ_c (e_c / (atol + rtol · max(|y_c|, |ynew_c|)))² (with <see cref="RungeKuttaLaneStep{T}.MaximumNorm"/>,
    /// max_c |e_c| / (atol + rtol · (|y_c| + |h| · |k₁_c|))), or 0 when no error estimate was asked for.</returns>
    /// <exception cref="NotSupportedException">The tableau has no lane step (<see cref="HasLaneStep"/> is false).</exception>
    static virtual T StepLane<T, TSystem>(ref TSystem system, scoped ref readonly RungeKuttaLaneStep<T> step)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSystem : IOdeSystem<T> =>
        throw new NotSupportedException("This tableau has no single-lane step (HasLaneStep is false); solve it through the batched Step.");

    /// <summary>
    /// The reverse-mode derivative of <see cref="StepLane"/> (step size held fixed) for a single trajectory, as
    /// <see cref="ReverseStep"/> is for a batch: given ȳ′ in <see cref="RungeKuttaReverse{T}.Bar"/> and f(t, y) in the
    /// first block of <see cref="RungeKuttaLaneStep{T}.Stages"/>, recomputes the stages that can reach the result,
    /// replaces Bar with ȳ and adds aᵀ∂f/∂θ of every stage to <see cref="RungeKuttaReverse{T}.Parameters"/>, through
    /// <paramref name="system"/>'s own <see cref="IOdeSystem{T}.Evaluate"/> and <see cref="IDifferentiableSystem{T}.Vjp"/>.
    /// Effectively <see cref="ReverseStep"/> for one lane, with the same operations in the same order. The reverse
    /// buffers are one lane's (stage j's cotangent at <c>j * StateSize</c>); <see cref="HasLaneStep"/> says whether it
    /// is implemented.
    /// </summary>
    /// <typeparam name="T">The floating-point type of the state.</typeparam>
    /// <typeparam name="TSystem">The differentiable right-hand side.</typeparam>
    /// <param name="system">The right-hand side.</param>
    /// <param name="step">The step's buffers: its start, time and size, and stage 1 in the first block of its stages.</param>
    /// <param name="reverse">The cotangent buffers.</param>
    /// <exception cref="NotSupportedException">The tableau has no lane step (<see cref="HasLaneStep"/> is false).</exception>
    static virtual void ReverseStepLane<T, TSystem>(ref TSystem system, scoped ref readonly RungeKuttaLaneStep<T> step, scoped ref readonly RungeKuttaReverse<T> reverse)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSystem : IDifferentiableSystem<T> =>
        throw new NotSupportedException("This tableau has no single-lane steps (HasLaneStep is false); reverse it through the batched ReverseStep.");

    /// <summary>
    /// Whether <see cref="StepState"/> is implemented (the generator emits it for every tableau). Solves of an
    /// <see cref="ISmallOdeSystem{T, TState}"/> need it.
    /// </summary>
    static virtual bool HasStateStep => false;

    /// <summary>
    /// Attempts one step of a single trajectory whose state is a value (<see cref="IStateVector{TSelf, T}"/>): the
    /// stages k₁..kₛ are local variables, each stage's input y + h·Σ aᵢⱼkⱼ is formed with the state's operators, and
    /// the stages are evaluated through <paramref name="system"/>'s <see cref="ISmallOdeSystem{T, TState}.Evaluate"/>
    /// (inlined for a struct system). With <see cref="PlainStateArithmetic"/> every combination is
    /// <see cref="StepLane"/>'s, term for term in the same order, so a state solve gives the span path's bits.
    /// </summary>
    /// <typeparam name="T">The floating-point type of the state.</typeparam>
    /// <typeparam name="TState">The state type.</typeparam>
    /// <typeparam name="TSystem">The right-hand side.</typeparam>
    /// <typeparam name="TArithmetic"><see cref="PlainStateArithmetic"/> or <see cref="FusedStateArithmetic"/> (<see cref="SolverOptions.FusedMultiplyAdd"/>): a type, so that the JIT compiles one body per loop.</typeparam>
    /// <param name="system">The right-hand side.</param>
    /// <param name="t">The time at the start of the step.</param>
    /// <param name="h">The step size.</param>
    /// <param name="y">The state at the start of the step.</param>
    /// <param name="k1">f(t, y), the first stage (FSAL or evaluated by the solver).</param>
    /// <param name="settings">Error estimate and tolerances.</param>
    /// <param name="stages">Empty, or s states that receive k₁..kₛ (for dense output).</param>
    /// <param name="last">Receives the last stage kₛ (f(t + h, y_new) for an FSAL method).</param>
    /// <param name="errorSquares">Σ_c (e_c / (atol + rtol · max(|y_c|, |ynew_c|)))² (with <see cref="StateStepSettings{T}.MaximumNorm"/>,
    /// Boost.Odeint's maximum norm, <see cref="IStateVector{TSelf, T}.ScaledErrorMaximum"/>), or 0 when no error estimate was asked for.</param>
    /// <returns>The proposed state y + h·Σ bⱼkⱼ.</returns>
    /// <exception cref="NotSupportedException">The tableau has no state step (<see cref="HasStateStep"/> is false).</exception>
    static virtual TState StepState<T, TState, TSystem, TArithmetic>(ref TSystem system, T t, T h, in TState y, in TState k1, in StateStepSettings<T> settings, scoped Span<TState> stages, out TState last, out T errorSquares)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TState : struct, IStateVector<TState, T>
        where TSystem : ISmallOdeSystem<T, TState>
        where TArithmetic : struct, IStateArithmetic =>
        throw new NotSupportedException("This tableau has no state step (HasStateStep is false); solve an IOdeSystem<T> instead.");

    /// <summary>
    /// The CUDA C of the method's step for one lane (<c>ode_rk_step</c> and the tableau's constants), which the CUDA
    /// backend compiles between a network's device code and the solver kernels; generated for every
    /// <see cref="ButcherTableauAttribute"/> struct from the same coefficients as <see cref="Step"/>, with the same
    /// operations in the same order. Null (the default) for a tableau with no CUDA step: with
    /// <see cref="Backend.Cuda"/> the solvers then refuse it, and <see cref="Backend.Auto"/> solves on the CPU.
    /// </summary>
    static virtual string? CudaStepSource => null;
}

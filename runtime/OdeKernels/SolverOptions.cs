namespace OdeKernels;

/// <summary>
/// How <see cref="Ode"/> solves: tolerances, fixed or adaptive steps, and the step-size controller.
/// Every value is checked when a solve starts; a bad one raises an <see cref="System.ArgumentException"/> naming it.
/// </summary>
/// <remarks>Thread safety: immutable (init-only); one instance may be shared by any number of concurrent
/// solves.</remarks>
public sealed record SolverOptions
{
    /// <summary>The relative tolerance of the embedded error estimate (default 1e-6).</summary>
    public double RelativeTolerance { get; init; } = 1e-6;

    /// <summary>The absolute tolerance of the embedded error estimate (default 1e-8).</summary>
    public double AbsoluteTolerance { get; init; } = 1e-8;

    /// <summary>
    /// A fixed step size: every lane takes steps of this size (the last step before each save time is shortened to
    /// land on it). Null (the default) adapts the step per lane, which needs a tableau with embedded weights.
    /// </summary>
    public double? FixedStep { get; init; }

    /// <summary>The first adaptive step; null (the default) chooses it per lane with Hairer's starting-step algorithm.</summary>
    public double? InitialStep { get; init; }

    /// <summary>The largest adaptive step; null for no limit.</summary>
    public double? MaxStep { get; init; }

    /// <summary>
    /// The smallest adaptive step a lane may need before the solve fails with <see cref="OdeSolveException"/>
    /// (default 0: only a step too small to advance the time in double precision fails).
    /// </summary>
    public double MinStep { get; init; }

    /// <summary>The most steps (accepted and rejected) one lane may take (default 100,000).</summary>
    public int MaxSteps { get; init; } = 100_000;

    /// <summary>The safety factor of the step-size controller (default 0.9).</summary>
    public double Safety { get; init; } = 0.9;

    /// <summary>The smallest factor by which one step may shrink the next (default 0.2).</summary>
    public double MinFactor { get; init; } = 0.2;

    /// <summary>The largest factor by which one step may grow the next (default 10).</summary>
    public double MaxFactor { get; init; } = 10.0;

    /// <summary>
    /// The β of the PI controller (Hairer, Nørsett and Wanner, Solving ODEs I, §II.4; default 0.04): the new step is
    /// h · Safety · err^-(1/q − 0.75β) · errPrevious^β with q = min(order, embedded order) + 1; 0 gives the classical
    /// integral controller.
    /// </summary>
    public double ControllerBeta { get; init; } = 0.04;

    /// <summary>
    /// Which rules adapt the steps (default <see cref="OdeKernels.StepSizeControl.ProportionalIntegral"/>: Hairer's PI
    /// controller over the RMS error norm). <see cref="OdeKernels.StepSizeControl.Odeint"/> takes Boost.Odeint's
    /// rules (maximum norm, a band of errors that keeps the step) and so Boost's steps. Every CPU path (batched,
    /// single-lane, state) and every adjoint uses the same rules for a given value; fixed steps ignore it.
    /// </summary>
    public StepSizeControl StepSizeControl { get; init; } = StepSizeControl.ProportionalIntegral;

    /// <summary>
    /// Where the solve runs (default <see cref="OdeKernels.Backend.Cpu"/>). <see cref="OdeKernels.Backend.Cuda"/> and
    /// <see cref="OdeKernels.Backend.Auto"/> apply to generated <see cref="DynamicsAttribute"/> networks, for
    /// <see cref="Ode.Solve{TSystem, TTableau, T}(TSystem, TTableau, System.ReadOnlySpan{T}, System.ReadOnlySpan{T}, SolverOptions?)"/> and the <see cref="AdjointMethod.Backsolve"/> and
    /// <see cref="AdjointMethod.Checkpointed"/> gradients (<see cref="AdjointMethod.Direct"/> always runs on the CPU).
    /// </summary>
    public Backend Backend { get; init; } = Backend.Cpu;

    /// <summary>
    /// The most threads one CPU solve or gradient uses (default 0: <see cref="System.Environment.ProcessorCount"/>, all
    /// the cores the process may use; 1 solves on the calling thread only; negative is refused).
    /// </summary>
    /// <remarks>
    /// The lanes are split into blocks of a fixed size that does not depend on the thread count; each block is solved
    /// (and differentiated) on its own, and the blocks' parameter gradients are added in block order, so results are
    /// bit-identical for every value of this option. A solve of one block or fewer runs on the calling thread. A solve
    /// called from inside another's block (a right-hand side or a loss that itself solves) runs on its thread, so
    /// nested solves do not multiply the threads. A caller that is itself parallel (its own <c>Parallel.For</c> over
    /// solves) should give each call its share of the cores (1 for as many calls in flight as there are cores): no
    /// call waits for a block that no thread has started, so nothing deadlocks, but both levels otherwise draw on one
    /// thread pool. The right-hand side of a hand-written system is then called from several threads at once and
    /// must allow it (or set 1). <see cref="OdeKernels.Backend.Cuda"/> ignores this option: it runs one device
    /// thread per lane.
    /// </remarks>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>
    /// How the states at the save times are produced (default <see cref="OdeKernels.SaveMode.Step"/>: a step lands on
    /// every save time). <see cref="OdeKernels.SaveMode.Interpolate"/> lets the steps run free and interpolates the
    /// save times inside each step (dense output), which needs far fewer steps when the save times are dense; every
    /// adjoint differentiates it (the discrete adjoints differentiate the interpolant itself). CPU only:
    /// <see cref="OdeKernels.Backend.Cuda"/> refuses it, <see cref="OdeKernels.Backend.Auto"/> solves it on the CPU.
    /// </summary>
    public SaveMode SaveMode { get; init; } = SaveMode.Step;

    /// <summary>
    /// Whether the solver's own stage combinations (y + h·Σ aᵢⱼkⱼ and the embedded error) use fused multiply-adds,
    /// one rounding per multiply-add (default false): each is formed as y + Σ (h·aᵢⱼ)kⱼ, a chain of multiply-adds
    /// from y (as GCC contracts Boost.Odeint's steps), so a new stage reaches the next stage's input through one
    /// multiply-add. Governs the paths that support it: today the state solves of an
    /// <see cref="ISmallOdeSystem{T, TState}"/>, which one-trajectory solves of a <see cref="SmallOdeSystemAttribute"/>
    /// struct run; other paths ignore it. Faster where the hardware has FMA, but the bits
    /// differ from the default (which matches the batched, single-lane and CUDA paths exactly); the two agree to
    /// rounding, so step counts can differ by a step where an error norm sits at the acceptance threshold. The
    /// right-hand side is contracted too where OdeKernels compiled it from the user's source: a
    /// <see cref="SmallOdeSystemAttribute"/> struct's state form then runs with every a·b ± c and c ± a·b of one
    /// floating-point type as one multiply-add, as GCC and Clang compile C and C++ by default
    /// (<c>-ffp-contract=fast</c>; so the whole solve has the arithmetic of a Boost.Odeint solve built with
    /// <c>-O3 -march=native</c>), which also means that an expression such as x·x − y·y no longer gives exactly 0 for
    /// x = y. A hand-written <see cref="ISmallOdeSystem{T, TState}"/> runs as written, and a generated network's own
    /// opt-in is its attribute's.
    /// </summary>
    public bool FusedMultiplyAdd { get; init; }

    /// <summary>The defaults: adaptive steps at rtol 1e-6, atol 1e-8.</summary>
    public static SolverOptions Default { get; } = new();
}

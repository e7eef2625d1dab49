using System;
using System.Collections.Generic;
using System.Numerics;
using OdeKernels.Networks;

namespace OdeKernels.Models;

/// <summary>
/// A classifier or regressor x ↦ head(φ_T(pad(stem(x)))): a stem network, an ODE block (the flow φ_T of
/// dy/dt = f(y) over [0, T], solved with <typeparamref name="TTableau"/>) and a head network, differentiable end to end.
/// The state entering the block is the stem's output followed by <see cref="Augment"/> zeros, the augmented neural ODE
/// of Dupont et al. (2019), so the dynamics' <c>StateSize</c> is <c>stem.Outputs + Augment</c> and the head reads all of it.
/// </summary>
/// <remarks>
/// <para>
/// The model is itself an <see cref="INetwork{T}"/>: <see cref="Vjp"/> chains the head's VJP, the block's gradient
/// (<see cref="Ode.Gradient{TSystem, TTableau, T}(TSystem, TTableau, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, SolverOptions?, AdjointMethod, int)"/> with <see cref="OdeBlockOptions.Adjoint"/>: its dL/dy₀ without the
/// padded components is the cotangent of the stem's output) and the stem's VJP. So anything that trains a network
/// trains a model.
/// </para>
/// <para>
/// <see cref="Parameters"/> is one array, [stem | dynamics | head], and the source of truth: it is copied into the
/// three parts before every evaluation (a few thousand values, against a solve), so an optimizer may update it in
/// place. <see cref="Vjp"/> after <see cref="Forward"/> on the same inputs and parameters reuses that forward solve.
/// Allocates per call (the solves do too).
/// </para>
/// <para>Thread safety: not thread-safe; Forward, Vjp and Trajectories copy Parameters into the stem, dynamics and head
/// and cache the last forward pass, so use one model per thread (or lock around it).</para>
/// </remarks>
/// <typeparam name="TStem">The network before the block.</typeparam>
/// <typeparam name="TDynamics">The vector field f of the block.</typeparam>
/// <typeparam name="TTableau">The Runge-Kutta method of the block.</typeparam>
/// <typeparam name="THead">The network after the block.</typeparam>
/// <typeparam name="T">The floating-point type.</typeparam>
public sealed partial class OdeModel<TStem, TDynamics, TTableau, THead, T> : INetwork<T>, ISolvingNetwork<T>
    where TStem : INetwork<T>
    where TDynamics : IDifferentiableSystem<T>
    where TTableau : struct, IRungeKuttaTableau
    where THead : INetwork<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _parameters;
    private OdeBlockOptions _options;

    // The last forward pass, which Vjp reuses when its inputs, parameters and options are the same.
    private T[]? _cachedInputs;
    private T[]? _cachedParameters;
    private T[]? _cachedStart;
    private T[]? _cachedEnd;
    private Solution<T>? _cachedSolution;
    private OdeBlockOptions? _cachedOptions;

    /// <summary>Creates the model; its parameters start as the parts' current parameters.</summary>
    /// <param name="stem">The network before the block.</param>
    /// <param name="dynamics">The vector field; its state size must be <c>stem.Outputs + augment</c>.</param>
    /// <param name="head">The network after the block; its inputs must be the dynamics' state size.</param>
    /// <param name="options">Integration and adjoint; null for the defaults.</param>
    /// <param name="augment">The number of zeros appended to the stem's output (non-negative).</param>
    /// <param name="dynamicsLayers">
    /// The layers that name the dynamics' checkpoint tensors (<c>ode.{k}.weight</c>, <c>ode.{k}.bias</c>); null, the
    /// default, takes them from the type, <see cref="IDifferentiableSystem{T}.Layers"/> of <typeparamref name="TDynamics"/>
    /// (what every generated <c>[Dynamics]</c> class declares), so they need not be repeated. A hand-written system
    /// without layers stores one tensor <c>ode.parameters</c>. Checkpoints of earlier versions, which stored a
    /// generated system's parameters as that one tensor too, keep loading.
    /// </param>
    /// <exception cref="ArgumentException">The sizes do not chain, or an option is out of range.</exception>
    public OdeModel(TStem stem, TDynamics dynamics, THead head, OdeBlockOptions? options = null, int augment = 0, IReadOnlyList<DynamicsLayer>? dynamicsLayers = null)
    {
        ArgumentNullException.ThrowIfNull(stem);
        ArgumentNullException.ThrowIfNull(dynamics);
        ArgumentNullException.ThrowIfNull(head);
        ArgumentOutOfRangeException.ThrowIfNegative(augment);
        if (dynamics.StateSize != stem.Outputs + augment)
        {
            throw new ArgumentException($"The dynamics' StateSize is {dynamics.StateSize}, but the stem's {stem.Outputs} outputs plus {augment} augmented zeros make {stem.Outputs + augment}.", nameof(dynamics));
        }

        if (head.Inputs != dynamics.StateSize)
        {
            throw new ArgumentException($"The head takes {head.Inputs} inputs, but the ODE block's state has {dynamics.StateSize} components.", nameof(head));
        }

        Stem = stem;
        Dynamics = dynamics;
        Head = head;
        Augment = augment;
        DynamicsLayers = dynamicsLayers ?? (TDynamics.Layers.Count == 0 ? null : TDynamics.Layers);
        _options = Check(options ?? new OdeBlockOptions());
        _parameters = new T[stem.ParameterCount + dynamics.ParameterCount + head.ParameterCount];
        stem.Parameters.CopyTo(StemParameters);
        dynamics.Parameters.CopyTo(DynamicsParameters);
        head.Parameters.CopyTo(HeadParameters);
    }

    /// <summary>The network before the block (its parameters are overwritten from <see cref="Parameters"/> at every evaluation).</summary>
    public TStem Stem { get; }

    /// <summary>The vector field of the block (its parameters are overwritten from <see cref="Parameters"/> at every evaluation).</summary>
    public TDynamics Dynamics { get; }

    /// <summary>The network after the block (its parameters are overwritten from <see cref="Parameters"/> at every evaluation).</summary>
    public THead Head { get; }

    /// <summary>The number of zeros appended to the stem's output before the block.</summary>
    public int Augment { get; }

    /// <summary>The dynamics' layers, for checkpoint names; null when it has none.</summary>
    public IReadOnlyList<DynamicsLayer>? DynamicsLayers { get; }

    /// <summary>Integration and adjoint; may be replaced between calls (for example by <see cref="SolverAdaptation"/>).</summary>
    public OdeBlockOptions Options
    {
        get => _options;
        set => _options = Check(value);
    }

    /// <summary>The number of components of the ODE block's state.</summary>
    public int StateSize => Dynamics.StateSize;

    /// <inheritdoc/>
    public int Inputs => Stem.Inputs;

    /// <inheritdoc/>
    public int Outputs => Head.Outputs;

    /// <inheritdoc/>
    public int ParameterCount => _parameters.Length;

    /// <summary>All parameters: the stem's, then the dynamics', then the head's.</summary>
    public Span<T> Parameters => _parameters;

    /// <summary>The stem's share of <see cref="Parameters"/>.</summary>
    public Span<T> StemParameters => _parameters.AsSpan(0, Stem.ParameterCount);

    /// <summary>The dynamics' share of <see cref="Parameters"/>.</summary>
    public Span<T> DynamicsParameters => _parameters.AsSpan(Stem.ParameterCount, Dynamics.ParameterCount);

    /// <summary>The head's share of <see cref="Parameters"/>.</summary>
    public Span<T> HeadParameters => _parameters.AsSpan(Stem.ParameterCount + Dynamics.ParameterCount, Head.ParameterCount);

    /// <summary>Empty: a model's checkpoint names its parts with prefixes (<see cref="ToTensors"/>).</summary>
    public IReadOnlyList<DynamicsLayer> Layers => Array.Empty<DynamicsLayer>();

    /// <summary>The work of the last forward solve (evaluations summed over samples).</summary>
    public SolverStats ForwardStats { get; private set; }

    /// <summary>The work of the last backward pass through the block.</summary>
    public SolverStats BackwardStats { get; private set; }

    /// <inheritdoc/>
    string ISolvingNetwork<T>.Tableau => TTableau.Info.Name;

    /// <inheritdoc/>
    AdjointMethod ISolvingNetwork<T>.Adjoint => _options.Adjoint;

    /// <inheritdoc/>
    /// <exception cref="OdeSolveException">The block's solve failed.</exception>
    public void Forward(ReadOnlySpan<T> x, Span<T> y, int count)
    {
        CheckSamples(x.Length, count, Inputs, nameof(x));
        CheckBlockSize(count);
        CheckSamples(y.Length, count, Outputs, nameof(y));
        if (count == 0)
        {
            return;
        }

        SyncParts();
        if (count > ForwardChunk)
        {
            // Scoring a data set, not a training batch: bounded memory, nothing kept for a VJP.
            ForgetForwardPass();
            ForwardStats = ForwardInChunks<TTableau>(x, y, count, _options.Solver);
            return;
        }

        (T[] start, T[] end, Solution<T> solution) = Integrate<TTableau>(x, count, _options.Solver);
        ForwardStats = solution.Stats;
        NetworkBlocks.Forward<THead, T>(Head, end, y, count, _options.Solver.MaxDegreeOfParallelism);
        _cachedInputs = x[..(count * Inputs)].ToArray();
        _cachedParameters = (T[])_parameters.Clone();
        _cachedStart = start;
        _cachedEnd = end;
        _cachedSolution = solution;
        _cachedOptions = _options;
    }

    /// <summary>
    /// Evaluates the model with another Runge-Kutta method and solver options (for example a much more accurate
    /// solver than the one it was trained with), without touching <see cref="Options"/>.
    /// </summary>
    /// <typeparam name="TOther">The Runge-Kutta method.</typeparam>
    /// <param name="x">The inputs, sample after sample.</param>
    /// <param name="y">Receives the outputs.</param>
    /// <param name="count">The number of samples.</param>
    /// <param name="solver">The solver options.</param>
    /// <returns>The work of the solve.</returns>
    public SolverStats Forward<TOther>(ReadOnlySpan<T> x, Span<T> y, int count, SolverOptions solver)
        where TOther : struct, IRungeKuttaTableau
    {
        ArgumentNullException.ThrowIfNull(solver);
        CheckSamples(x.Length, count, Inputs, nameof(x));
        CheckBlockSize(count);
        CheckSamples(y.Length, count, Outputs, nameof(y));
        if (count == 0)
        {
            return default;
        }

        SyncParts();
        return ForwardInChunks<TOther>(x, y, count, solver);
    }

    /// <summary>
    /// The most samples one forward solve takes when <see cref="Forward(ReadOnlySpan{T}, Span{T}, int)"/> or
    /// <see cref="Forward{TOther}"/> scores more: a solve's workspace holds every stage of every lane (Dopri5: about a
    /// dozen states per sample), so one solve over a whole data set (Fashion-MNIST's 60,000 images at 16×7×7) took
    /// gigabytes, where chunks of this size take tens of megabytes. Samples are independent (each lane has its own
    /// steps), so the outputs are the same bits either way, and the work counters are summed.
    /// </summary>
    public const int ForwardChunk = 1024;

    /// <summary>Stem, block and head over <paramref name="count"/> samples, <see cref="ForwardChunk"/> at a time.</summary>
    private SolverStats ForwardInChunks<TOther>(ReadOnlySpan<T> x, Span<T> y, int count, SolverOptions solver)
        where TOther : struct, IRungeKuttaTableau
    {
        long evaluations = 0, accepted = 0, rejected = 0;
        for (int first = 0; first < count; first += ForwardChunk)
        {
            int n = Math.Min(ForwardChunk, count - first);
            (_, T[] end, Solution<T> solution) = Integrate<TOther>(x.Slice(first * Inputs, n * Inputs), n, solver);
            SolverStats stats = solution.Stats;
            NetworkBlocks.Forward<THead, T>(Head, end, y.Slice(first * Outputs, n * Outputs), n, solver.MaxDegreeOfParallelism);
            evaluations += stats.Evaluations;
            accepted += stats.AcceptedSteps;
            rejected += stats.RejectedSteps;
        }

        return new SolverStats(evaluations, accepted, rejected);
    }

    /// <summary>The ODE block's states of every sample at <paramref name="saveAt"/> (which should start at 0), for plots.</summary>
    /// <typeparam name="TOther">The Runge-Kutta method.</typeparam>
    /// <param name="x">The inputs, sample after sample.</param>
    /// <param name="count">The number of samples (positive).</param>
    /// <param name="saveAt">Strictly increasing save times; the solve starts at the first.</param>
    /// <param name="solver">The solver options.</param>
    /// <returns>The solution of the block's ODE from the padded stem outputs.</returns>
    public Solution<T> Trajectories<TOther>(ReadOnlySpan<T> x, int count, ReadOnlySpan<T> saveAt, SolverOptions solver)
        where TOther : struct, IRungeKuttaTableau
    {
        CheckSamples(x.Length, count, Inputs, nameof(x));
        CheckBlockSize(count);
        SyncParts();
        return Ode.Solve(Dynamics, default(TOther), Start(x, count, solver.MaxDegreeOfParallelism), saveAt, solver);
    }

    /// <inheritdoc/>
    /// <exception cref="OdeSolveException">A solve of the block failed.</exception>
    public void Vjp(ReadOnlySpan<T> x, ReadOnlySpan<T> a, Span<T> dx, Span<T> dtheta, int count)
    {
        CheckSamples(x.Length, count, Inputs, nameof(x));
        CheckBlockSize(count);
        CheckSamples(a.Length, count, Outputs, nameof(a));
        if (!dx.IsEmpty)
        {
            CheckSamples(dx.Length, count, Inputs, nameof(dx));
        }

        if (!dtheta.IsEmpty && dtheta.Length != _parameters.Length)
        {
            throw new ArgumentException($"dtheta has length {dtheta.Length}; it must be empty or hold the {_parameters.Length} parameters.", nameof(dtheta));
        }

        if ((dx.IsEmpty && dtheta.IsEmpty) || count == 0)
        {
            return;
        }

        SyncParts();
        T[] start, end;
        Solution<T> forward;
        if (_cachedInputs is not null && _cachedOptions == _options && x[..(count * Inputs)].SequenceEqual(_cachedInputs)
            && _parameters.AsSpan().SequenceEqual(_cachedParameters))
        {
            (start, end, forward) = (_cachedStart!, _cachedEnd!, _cachedSolution!);
        }
        else
        {
            (start, end, forward) = Integrate<TTableau>(x, count, _options.Solver);
            ForwardStats = forward.Stats;
        }

        int n = StateSize, stemCount = Stem.ParameterCount, odeCount = Dynamics.ParameterCount;
        Span<T> headTheta = dtheta.IsEmpty ? default : dtheta[(stemCount + odeCount)..];

        // Head: the cotangent of the block's final state, saved as the second save of dL/dY (the first, at t = 0, is zero).
        var dLdY = new T[2 * count * n];
        NetworkBlocks.Vjp<THead, T>(Head, end, a, dLdY.AsSpan(count * n), headTheta, count, _options.Solver.MaxDegreeOfParallelism);

        // Block: dL/dθ_f and dL/dy₀.
        // Backsolve needs only the forward solution, which this model already has: the gradient's own forward solve would
        // repeat it bit for bit (a quarter to a third of a training step of Chen et al.'s ODE-Net). The discrete adjoints
        // record their forward steps as they solve, so they solve again.
        T[] saveAt = [T.Zero, T.CreateChecked(_options.EndTime)];
        Gradient<T> gradient = _options.Adjoint == AdjointMethod.Backsolve
            ? Ode.BacksolveAfter<TDynamics, TTableau, T>(Dynamics, start, saveAt, dLdY, _options.Solver, forward)
            : Ode.Gradient(Dynamics, default(TTableau), start, saveAt, dLdY, _options.Solver, _options.Adjoint, _options.Checkpoints);
        Backpropagate(x, gradient, dx, dtheta, count);
    }

    /// <summary>
    /// After the block's gradient: the work counters, dL/dθ_f added into <paramref name="dtheta"/>'s dynamics share,
    /// and the stem's VJP of dL/dy₀ (the padded components are constants, so their cotangents stop there).
    /// </summary>
    private void Backpropagate(ReadOnlySpan<T> x, Gradient<T> gradient, Span<T> dx, Span<T> dtheta, int count)
    {
        int n = StateSize, stemCount = Stem.ParameterCount, odeCount = Dynamics.ParameterCount;
        Span<T> stemTheta = dtheta.IsEmpty ? default : dtheta[..stemCount];
        Span<T> odeTheta = dtheta.IsEmpty ? default : dtheta.Slice(stemCount, odeCount);
        ForwardStats = gradient.Solution.Stats;
        BackwardStats = gradient.BackwardStats;
        if (!odeTheta.IsEmpty)
        {
            for (int q = 0; q < odeCount; q++)
            {
                odeTheta[q] += gradient.Parameters[q];
            }
        }

        int m = Stem.Outputs;
        var dz = new T[count * m];
        for (int s = 0; s < count; s++)
        {
            gradient.InitialState.AsSpan(s * n, m).CopyTo(dz.AsSpan(s * m));
        }

        if (!dx.IsEmpty || stemCount > 0)
        {
            NetworkBlocks.Vjp<TStem, T>(Stem, x, dz, dx, stemTheta, count, _options.Solver.MaxDegreeOfParallelism);
        }
    }

    /// <summary>Drops what <see cref="Forward(ReadOnlySpan{T}, Span{T}, int)"/> kept for a <see cref="Vjp"/> of the same batch.</summary>
    private void ForgetForwardPass()
    {
        _cachedInputs = null;
        _cachedStart = _cachedEnd = null;
        _cachedSolution = null;
    }

    /// <summary>Copies <see cref="Parameters"/> into the parts.</summary>
    public void SyncParts()
    {
        StemParameters.CopyTo(Stem.Parameters);
        DynamicsParameters.CopyTo(Dynamics.Parameters);
        HeadParameters.CopyTo(Head.Parameters);
    }

    private (T[] Start, T[] End, Solution<T> Solution) Integrate<TOther>(ReadOnlySpan<T> x, int count, SolverOptions solver)
        where TOther : struct, IRungeKuttaTableau
    {
        T[] start = Start(x, count, solver.MaxDegreeOfParallelism);
        T[] saveAt = [T.Zero, T.CreateChecked(_options.EndTime)];
        Solution<T> solution = Ode.Solve(Dynamics, default(TOther), start, saveAt, solver);
        return (start, solution.States[(count * StateSize)..].ToArray(), solution);
    }

    /// <summary>The stem's outputs, each followed by <see cref="Augment"/> zeros.</summary>
    private T[] Start(ReadOnlySpan<T> x, int count, int degree)
    {
        int m = Stem.Outputs, n = StateSize;
        var z = new T[count * m];
        NetworkBlocks.Forward<TStem, T>(Stem, x, z, count, degree);
        if (Augment == 0)
        {
            return z;
        }

        var start = new T[count * n];
        for (int s = 0; s < count; s++)
        {
            z.AsSpan(s * m, m).CopyTo(start.AsSpan(s * n));
        }

        return start;
    }

    private static OdeBlockOptions Check(OdeBlockOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Solver, "options.Solver");
        if (!(options.EndTime > 0) || !double.IsFinite(options.EndTime))
        {
            throw new ArgumentException($"options.EndTime must be positive and finite, but it is {options.EndTime}.", nameof(options));
        }

        return options;
    }

    /// <summary>
    /// The block's buffers hold two saves × count × StateSize values (the gradient's dL/dy); an augmented state can be
    /// wider than the input, so this is checked on its own, in long arithmetic, before anything is allocated.
    /// </summary>
    private void CheckBlockSize(int count)
    {
        long values = 2L * count * StateSize;
        if (values > Solving.BufferLimits.MaxElements)
        {
            throw Solving.BufferLimits.TooLarge(nameof(count), $"the ODE block's two saves × count × StateSize = 2 × {count} × {StateSize}", values, "Evaluate fewer samples per call.");
        }
    }

    private static void CheckSamples(int length, int count, int width, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        long needed = (long)count * width;
        if (length < needed)
        {
            throw new ArgumentException($"{name} has {length} values, but {count} samples of {width} need {needed}.", name);
        }
    }
}

namespace OdeKernels.Solving;

/// <summary>
/// How the state loop chooses its steps, as a type parameter, so that the loop the JIT compiles holds only the rules
/// it runs: a fixed-step body holds no controller (without the controller's calls of <see cref="System.Math.Pow"/> the
/// register allocator keeps the state and the stages in registers across the loop instead of spilling them around
/// calls that a fixed-step solve never makes), and an adaptive body holds one of <see cref="StepController"/>'s two
/// rule sets, not both (the other's branches kept its values live: with Boost.Odeint's rules, Hairer's error memory).
/// </summary>
internal interface IStepKind
{
    /// <summary>Whether the step size is adapted (no <see cref="SolverOptions.FixedStep"/>).</summary>
    static abstract bool Adaptive { get; }

    /// <summary>Whether an adaptive step size follows Boost.Odeint's rules (<see cref="StepSizeControl.Odeint"/>) rather than Hairer's PI controller.</summary>
    static abstract bool Odeint { get; }
}

/// <summary>Steps of <see cref="SolverOptions.FixedStep"/>.</summary>
internal readonly struct FixedSteps : IStepKind
{
    public static bool Adaptive => false;

    public static bool Odeint => false;
}

/// <summary>Steps chosen by Hairer's PI controller (<see cref="StepSizeControl.ProportionalIntegral"/>).</summary>
internal readonly struct AdaptiveSteps : IStepKind
{
    public static bool Adaptive => true;

    public static bool Odeint => false;
}

/// <summary>Steps chosen by Boost.Odeint's controller (<see cref="StepSizeControl.Odeint"/>).</summary>
internal readonly struct OdeintSteps : IStepKind
{
    public static bool Adaptive => true;

    public static bool Odeint => true;
}

/// <summary>
/// Where the state loop's next first stage comes from, as a type parameter: the step's last stage (FSAL) or an
/// evaluation. A choice read from the tableau at run time left the evaluation's branch in the loop, with the values it
/// would need kept live across every step: Lotka–Volterra and van der Pol with Dopri5 took 4% longer (AMD EPYC AVX-512).
/// </summary>
internal interface IFirstStageKind
{
    /// <summary>Whether the next step's first stage is this step's last (<see cref="TableauInfo.IsFsal"/>).</summary>
    static abstract bool Fsal { get; }
}

/// <summary>The first stage of the next step is the last of this one.</summary>
internal readonly struct FsalFirstStage : IFirstStageKind
{
    public static bool Fsal => true;
}

/// <summary>The first stage of the next step is evaluated at the accepted state.</summary>
internal readonly struct EvaluatedFirstStage : IFirstStageKind
{
    public static bool Fsal => false;
}

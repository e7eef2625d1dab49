namespace OdeKernels;

/// <summary>How a solve produces the states at the save times (<see cref="SolverOptions.SaveMode"/>).</summary>
public enum SaveMode
{
    /// <summary>
    /// Every save time forces a step to land on it, so saved states carry the solver's own local accuracy; many
    /// save times cost many (short) steps. The default.
    /// </summary>
    Step = 0,

    /// <summary>
    /// Steps are chosen by the error controller alone (clipped only to the last save time) and every save time inside
    /// an accepted step is filled from a continuous extension of that step: the method's own interpolant where its
    /// tableau declares one (<see cref="ButcherTableauAttribute.Dense"/>: Dopri5, Tsit5), cubic Hermite through the
    /// step's two ends otherwise. A save time that is a step's end gets that step's state, bit for bit.
    /// </summary>
    Interpolate = 1,
}
